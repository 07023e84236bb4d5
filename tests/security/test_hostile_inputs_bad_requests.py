"""Requests Django refuses before any view runs (handler400): a spoofed Host header, a form body in a
character set other than UTF-8, more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS. They used to get
Django's bare English "Bad Request (400)" page, under /api/ and /fhir/ as HTML too; a form body in
UTF-16 even answered 500 (Django's own 400 page checks the CSRF token again, which reads the body
that could not be read). Now: 400 with the product's words in the reader's language, problem+json
under /api/, an OperationOutcome under /fhir/, and nothing changed."""

import json

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from secondopinion.notifications.models import Alert

pytestmark = pytest.mark.django_db

SPOOFED = ["evil.example", "evil.example:80@testserver", "a\x00b", "x" * 5000, "testserver.evil.example"]


@pytest.mark.parametrize("host", SPOOFED)
def test_a_page_asked_for_another_host_is_a_400_page_in_dutch(client, host):
    response = client.get(reverse("web:login"), HTTP_HOST=host)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Ongeldig verzoek" in page
    assert "de servernaam (Host) is onbekend" in page
    assert "Bad Request (400)" not in page
    assert "evil" not in page


def test_the_400_page_speaks_english_when_the_reader_chose_it(client):
    response = client.get(reverse("web:login"), HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 400
    assert "Bad request" in page
    assert "the server name (Host) is unknown" in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_api_asked_for_another_host_answers_problem_json(client, language):
    response = client.get("/api/v1/cases", HTTP_HOST="evil.example", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == 400
    assert ("servernaam (Host)" if language == "nl" else "server name (Host)") in body["detail"]


def test_fhir_asked_for_another_host_answers_an_operation_outcome(client):
    response = client.get("/fhir/R4/metadata", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/fhir+json")
    outcome = json.loads(response.content)
    assert outcome["resourceType"] == "OperationOutcome"
    assert "servernaam (Host)" in outcome["issue"][0]["diagnostics"]


@pytest.fixture
def unread(cast, a_case):
    return Alert.objects.create(
        recipient=cast.patient_user, case=a_case, kind=Alert.Kind.STATUS, status="accepted"
    )


@pytest.fixture
def browser(cast):
    """The patient's browser as production checks it: the CSRF token is checked (which reads the form)
    before any view runs."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.patient_user)
    client.get(reverse("notifications:list"))
    return client, {"HTTP_X_CSRFTOKEN": client.cookies[django_settings.CSRF_COOKIE_NAME].value}


@pytest.mark.parametrize(
    ("charset", "body"),
    [("utf-16", "next=/meldingen/".encode("utf-16")), ("latin-1", "next=/caf\xe9/".encode("latin-1"))],
)
def test_a_form_body_in_another_character_set_is_a_400_page_and_changes_nothing(
    browser, unread, charset, body
):
    client, token = browser

    response = client.generic(
        "POST",
        reverse("notifications:read-all"),
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        **token,
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Ongeldig verzoek" in page
    assert "De website kon niet lezen wat er werd gestuurd" in page
    unread.refresh_from_db()
    assert unread.read_at is None


def test_too_many_fields_is_a_400_page_in_dutch_and_changes_nothing(browser, unread, settings):
    client, token = browser
    body = "&".join(f"veld{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.generic(
        "POST",
        reverse("notifications:read-all"),
        body.encode(),
        content_type="application/x-www-form-urlencoded",
        **token,
    )

    assert response.status_code == 400
    assert "te veel velden" in response.content.decode()
    unread.refresh_from_db()
    assert unread.read_at is None


def test_too_many_query_parameters_on_a_page_is_a_400_page(client, cast, settings):
    client.force_login(cast.coordinator)
    query = "&".join(f"q{i}=1" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.get(f"{reverse('web:home')}?{query}")

    assert response.status_code in (200, 400)  # a page that reads no parameter never parses them
    if response.status_code == 400:
        assert "Ongeldig verzoek" in response.content.decode()
