"""The public front door: what a visitor without an account sees at /, in Dutch and in English."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

RULE_ID = re.compile(r"\bR\d{1,2}\b")


def page(language: str) -> str:
    response = Client().get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_landing_page_says_the_key_facts_in_plain_dutch():
    html = page("nl")

    assert '<html lang="nl">' in html
    for fact in (
        "Wat is een second opinion?",
        "Wat kost het?",
        "C011",
        "€137 in 2025",
        "aanvullende tandartsverzekering",
        "eigen risico",
        "Hoe lang duurt het?",
        "Wie kan een second opinion geven?",
        "Neem contact op met de praktijk",
    ):
        assert fact in html, fact
    assert f'href="{reverse("journey:decide")}"' in html
    assert f'href="{reverse("journey:request")}"' in html
    assert f'href="{reverse("account_signup")}"' in html


def test_the_landing_page_is_complete_in_english():
    html = page("en")

    assert '<html lang="en">' in html
    for fact in (
        "What is a second opinion?",
        "What does it cost?",
        "C011",
        "€137 in 2025",
        "supplementary dental insurance",
        "deductible",
        "How long does it take?",
        "Who can give a second opinion?",
        "Contact the practice",
    ):
        assert fact in html, fact
    assert "Wat kost het?" not in html


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_landing_page_shows_no_rule_ids_or_internal_keys(language):
    html = page(language)
    text = re.sub(r"<[^>]+>", " ", html)

    assert not RULE_ID.search(text)
    for key in ("dental-knmt", "second_opinion", "requester_kind", "general-practice"):
        assert key not in text


def test_a_logged_in_user_still_gets_the_overview(client, cast):
    client.force_login(cast.coordinator)
    response = client.get(reverse("web:home"))

    assert response.status_code == 200
    assert "Wat kost het?" not in response.content.decode()


def test_the_wizard_and_decision_aid_are_open_without_an_account():
    client = Client()

    assert client.get(reverse("journey:decide")).status_code == 200
    assert client.get(reverse("journey:request"))["Location"] == reverse("journey:request-who")
    assert client.get(reverse("journey:request-who")).status_code == 200


def test_allauths_login_page_leads_to_the_one_login_page():
    response = Client().get("/account/login/?next=/aanvraag/")

    assert response.status_code == 302
    assert response.url == f"{reverse('web:login')}?next=%2Faanvraag%2F"


def test_the_login_page_links_to_sign_up_and_password_reset():
    html = Client().get(reverse("web:login")).content.decode()

    assert reverse("account_signup") in html
    assert reverse("account_reset_password") in html
