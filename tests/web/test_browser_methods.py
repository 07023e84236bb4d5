"""The website answers what a browser sends (GET, HEAD, POST); PUT, PATCH, DELETE and other methods
get 405 with the product's own page and an Allow header, OPTIONS the Allow header alone. No view
runs for them: nothing is read, written or logged as read, whoever asks and whatever the path."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from tests.performance.counting import measured
from tests.reading import visible_text
from tests.web.conftest import case_url

pytestmark = pytest.mark.django_db

OTHER_METHODS = ("PUT", "PATCH", "DELETE", "TRACE", "PROPFIND")


def _ask(client: Client, method: str, path: str, **extra):
    return client.generic(
        method, path, data=b"status=closed", content_type="application/x-www-form-urlencoded", **extra
    )


@pytest.mark.parametrize("method", OTHER_METHODS)
def test_the_patient_s_case_page_refuses_other_methods_and_reads_nothing(cast, a_case, login, method):
    client = login(cast.patient_user)
    status, version, logged = a_case.status, a_case.version, AccessEvent.objects.count()

    response = _ask(client, method, case_url(a_case))

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert "no-store" in response["Cache-Control"]
    text = visible_text(response.content.decode())
    assert "Dit kan hier niet" in text
    # The page keeps the signed-in user's own header: she can sign out from it.
    assert "Uitloggen" in visible_text(response.content.decode(), "body")
    a_case.refresh_from_db()
    assert (a_case.status, a_case.version) == (status, version)
    assert AccessEvent.objects.count() == logged


def test_the_answer_is_the_same_for_a_page_that_does_not_exist_and_for_nobody_signed_in(client):
    known = _ask(client, "DELETE", reverse("web:home"))
    unknown = _ask(client, "DELETE", "/nothing-here/at-all/")
    assert known.status_code == unknown.status_code == 405
    assert visible_text(known.content.decode()) == visible_text(unknown.content.decode())


def test_the_page_speaks_english_to_an_english_reader(client):
    response = _ask(client, "PUT", reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert "This page cannot handle this kind of request." in visible_text(response.content.decode())


def test_options_names_the_methods_without_running_the_view(cast, a_case, login):
    client = login(cast.patient_user)
    logged = AccessEvent.objects.count()

    response = client.options(case_url(a_case))

    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert response.content == b""
    assert AccessEvent.objects.count() == logged


def test_get_head_and_post_still_reach_the_views(cast, a_case, login):
    client = login(cast.patient_user)
    assert client.get(case_url(a_case)).status_code == 200
    assert client.head(case_url(a_case)).status_code == 200
    # A form posted without its CSRF token still meets the CSRF check, in front of the view.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(cast.patient_user)
    assert strict.post(case_url(a_case), {}).status_code == 403


def test_the_api_answers_its_own_methods(cast, a_case):
    # The API and FHIR are the systems' door: their PUT and DELETE are theirs to answer, as problem+json.
    response = Client().delete(f"/api/v1/cases/{a_case.pk}")
    assert response.status_code in (401, 405)
    assert response["Content-Type"].startswith("application/problem+json")


def test_the_refusal_reads_only_the_session_and_its_user(cast, a_case, login):
    client = login(cast.patient_user)
    count, response, sql = measured(lambda: _ask(client, "DELETE", case_url(a_case)))
    assert response.status_code == 405
    assert count <= 2, sql  # the session, and the user the page's header names; nothing of the case
