"""The API takes JSON bodies as application/json only (415 otherwise), and no cache keeps an API
answer or a page shown to someone logged in."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.api.models import ApiToken
from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db

OTHER_TYPES = [
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
]


def _send(api, method: str, path: str, body: dict, content_type: str):
    client = api.client
    return getattr(client, method)(
        f"/api/v1{path}", json.dumps(body), content_type=content_type, **api.headers
    )


@pytest.mark.parametrize("content_type", OTHER_TYPES)
def test_a_json_body_sent_as_another_type_is_refused_with_415(cast, api_as, content_type):
    api = api_as("patient_user", "en")

    response = _send(api, "post", "/cases", case_body(cast), content_type)

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 415
    assert problem["type"] == "urn:tweedemening:problem:unsupported_media_type"
    assert "application/json" in problem["detail"]
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "method", "path", "body"),
    [
        (
            "coordinator",
            "post",
            "/cases/{id}/transitions",
            {"to": "accepted", "classification": "second_opinion"},
        ),
        ("patient_user", "post", "/cases/{id}/consents", {"purpose": "request_records"}),
        ("patient_user", "post", "/cases/{id}/messages", {"body": "Wanneer hoor ik iets?"}),
    ],
)
def test_every_operation_with_a_json_body_answers_415_for_another_type(
    cast, api_as, a_case, who, method, path, body
):
    api = api_as(who)
    before = (a_case.status, a_case.version)

    response = _send(api, method, path.format(id=a_case.pk), body, "text/plain")

    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    a_case.refresh_from_db()
    assert (a_case.status, a_case.version) == before


def test_the_same_body_as_json_is_taken(cast, api_as):
    api = api_as("patient_user")

    response = _send(api, "post", "/cases", case_body(cast), "application/json; charset=utf-8")

    assert response.status_code == 201, response.content


def test_a_body_that_is_not_json_is_a_bilingual_400(api_as):
    api = api_as("patient_user", "nl")

    response = api.client.post("/api/v1/cases", "{niet json", content_type="application/json", **api.headers)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "De inhoud van het verzoek is geen geldige JSON."


def test_the_token_endpoint_still_answers_415_and_issues_nothing(cast):
    body = json.dumps({"username": "petra", "password": "correct horse battery staple"})

    response = Client().post("/api/v1/auth/token", body, content_type="text/plain")

    assert response.status_code == 415
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("patient_user", "/cases"),
        ("patient_user", "/cases/{id}"),
        ("patient_user", "/patients/me/access-log"),
        ("stranger", "/cases/{id}"),  # 404
        (None, "/cases"),  # 401
    ],
)
def test_no_api_answer_may_be_cached(api_as, a_case, who, path):
    response = api_as(who).get(path.format(id=a_case.pk))

    assert "no-store" in response["Cache-Control"]


def test_a_write_and_an_error_are_not_cached_either(cast, api_as):
    created = api_as("patient_user").post("/cases", case_body(cast))
    refused = api_as("patient_user").post("/cases", case_body(cast, care_question="\u200b"))
    missing = api_as("patient_user").get("/no-such-endpoint")

    assert [r.status_code for r in (created, refused, missing)] == [201, 422, 404]
    assert all("no-store" in r["Cache-Control"] for r in (created, refused, missing))


def test_the_api_description_may_be_cached():
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("page", ["web:home", "web:case", "web:report-inbox", "web:access-log"])
def test_pages_for_a_logged_in_user_are_neither_stored_nor_shared(cast, client, a_case, page):
    client.force_login(cast.patient_user if page != "web:report-inbox" else cast.treating_user)
    args = [a_case.pk] if page == "web:case" else []

    response = client.get(reverse(page, args=args), secure=True)

    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_a_form_shown_again_with_the_patients_own_words_is_not_stored(cast, client, a_case):
    client.force_login(cast.patient_user)

    response = client.post(
        reverse("aftercare:message-send", args=[a_case.pk]), {"body": "\u200b"}, secure=True
    )

    assert response.status_code == 422
    assert {"no-store", "private"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_redirect_after_a_step_is_not_stored_either(cast, client, a_case):
    client.force_login(cast.coordinator)

    response = client.post(reverse("web:step-accept", args=[a_case.pk]), {"note": "Akkoord"}, secure=True)

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
