"""A GP who referred a patient (or a treating dentist the patient lets be informed) gives no second opinion
here: her home lists her cases under the page's own heading ("Mijn casussen"), not under an empty "Aan mij
toegewezen" with the cases below it as "Overige casussen". A giver keeps both sections."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.reading import visible_text

pytestmark = pytest.mark.django_db


def home(user, language: str = "nl") -> tuple[str, list[str]]:
    """The page's visible text and its section headings (h2)."""
    client = Client()
    client.force_login(user)
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    return visible_text(html), [
        visible_text(h).strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]


@pytest.mark.parametrize(
    ("language", "mine", "assigned", "others"),
    [
        ("nl", "Casussen per status", "Aan mij toegewezen", "Overige casussen"),
        ("en", "Cases by status", "Assigned to me", "Other cases"),
    ],
)
def test_the_referring_gp_sees_her_cases_under_my_cases(cast, submit, language, mine, assigned, others):
    case = submit(referrer_id=cast.gp.pk)

    text, headings = home(cast.gp_user, language)

    assert mine in headings
    assert case.reference in text
    assert assigned not in headings
    assert others not in headings


def test_the_giver_keeps_assigned_to_me_and_other_cases(cast, submit, advance):
    mine = advance(submit(), "assigned")

    text, headings = home(cast.giver_user)

    assert "Aan mij toegewezen" in headings
    assert mine.reference in text
    assert "Casussen per status" not in headings
