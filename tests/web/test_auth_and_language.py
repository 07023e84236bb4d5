"""Logging in and out, and the language switch on every page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.web.conftest import html

pytestmark = pytest.mark.django_db


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("web:case-new"))  # "/" shows them the landing page (tests/front_door/)

    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))


def test_the_login_page_is_dutch_by_default(client):
    page = html(client.get(reverse("web:login")))

    assert '<html lang="nl">' in page
    assert "Inloggen" in page
    assert "Gebruikersnaam" in page
    assert "Naar de inhoud" in page


def test_a_user_logs_in_with_the_real_form_and_lands_on_the_overview(client, cast):
    response = client.post(
        reverse("web:login"), {"username": "coordinator", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert "Werklijst" in html(response)


def test_a_wrong_password_shows_an_error_summary(client, cast):
    response = client.post(reverse("web:login"), {"username": "coordinator", "password": "wrong"})

    assert response.status_code == 200
    assert "Er is een probleem" in html(response)
    assert response.wsgi_request.user.is_anonymous


def test_logging_out_takes_a_post_and_ends_the_session(login, cast):
    client = login(cast.patient_user)

    response = client.post(reverse("web:logout"))

    assert response.status_code == 302
    assert client.get(reverse("web:case-new")).status_code == 302


def test_the_language_switch_turns_the_ui_english_and_back(login, cast):
    client = login(cast.patient_user)

    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = html(client.get(reverse("web:home")))
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    dutch = html(client.get(reverse("web:home")))

    assert '<html lang="en">' in english
    assert "My second opinions" in english
    assert "Skip to main content" in english
    assert "Mijn second opinions" in dutch


def test_the_language_switch_is_on_every_page_and_csrf_protected(cast):
    client = Client(enforce_csrf_checks=True)
    page = html(client.get(reverse("web:login")))

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert 'action="/i18n/setlang/"' in page
    assert 'name="csrfmiddlewaretoken"' in page.split('action="/i18n/setlang/"')[1][:400]
    assert response.status_code == 403


def test_pages_carry_a_strict_content_security_policy_and_no_inline_script(login, cast, a_case):
    client = login(cast.coordinator)

    response = client.get(reverse("web:case", args=[a_case.pk]))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script" not in html(response)
    assert "style=" not in html(response)
