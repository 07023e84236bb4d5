"""A form sent without its CSRF token gets the product's own page, in the user's language."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", "Het formulier was verlopen of kwam niet van deze site"),
        ("en", "The form had expired or did not come from this site"),
    ],
)
def test_a_form_without_its_csrf_token_is_refused_with_a_page_that_says_what_to_do(language, words):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)

    answer = client.post(reverse("web:login"), {"username": "petra", "password": "x"})

    assert answer.status_code == 403
    page = answer.content.decode()
    assert words in page
    assert f'<html lang="{language}"' in page
    assert "CSRF verification failed" not in page
