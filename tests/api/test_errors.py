"""Bad input gets a clear 4xx problem+json naming the field or the rule, and changes nothing."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import ExplanationItem, SecondOpinionCase, StatusChange
from secondopinion.reports.models import CollegialNotice
from tests.api.conftest import case_body
from tests.cases.footprint import footprint as case_footprint

pytestmark = pytest.mark.django_db


def footprint():
    return (
        SecondOpinionCase.objects.count(),
        list(SecondOpinionCase.objects.values_list("status", "version")),
        StatusChange.objects.count(),
        ExplanationItem.objects.count(),
        AccessEvent.objects.exclude(action__in=["read", "search"]).count(),
    )


def assert_problem(response, status: int):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:tweedemening:problem:")
    assert body["title"]
    assert body["detail"]
    return body


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"patient_id": None, "patient_bsn": "123456789"}, "patient_bsn"),
        ({"patient_id": 999999}, "patient_id"),
        ({"organisation_id": 999999}, "organisation_id"),
        ({"subject": "haircut"}, "subject"),
        ({"protocol": "physiotherapy"}, "protocol"),
        ({"care_question": ""}, "care_question"),
    ],
    ids=[
        "invalid-bsn",
        "unknown-patient",
        "unknown-organisation",
        "unknown-subject",
        "unknown-protocol",
        "empty-question",
    ],
)
def test_bad_case_input_names_the_field_and_creates_nothing(cast, api_as, overrides, field):
    before = footprint()

    body = assert_problem(api_as("coordinator").post("/cases", case_body(cast, **overrides)), 422)

    assert field in (body.get("field"), *body.get("fields", []))
    assert footprint() == before


def test_a_missing_field_is_named_and_changes_nothing(cast, api_as, a_case):
    body = case_body(cast)
    del body["treatment_started"]
    before = case_footprint(a_case.pk)

    problem = assert_problem(api_as("patient_user").post("/cases", body), 422)

    assert problem["field"] == "treatment_started"
    assert case_footprint(a_case.pk) == before


def test_an_oversized_web_form_is_refused_with_a_clear_page_and_changes_nothing(cast, client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    client.force_login(cast.coordinator)
    before = case_footprint()

    response = client.post(
        reverse("web:case-new"),
        {"patient_bsn": cast.patient.bsn, "care_question": "x" * 5000},
        HTTP_ACCEPT_LANGUAGE="en",
        secure=True,
    )

    assert response.status_code == 413
    page = response.content.decode()
    assert "Request too large" in page
    assert "larger than the 2 kB this form accepts. Nothing has been saved" in page
    assert case_footprint() == before


def test_an_oversized_web_form_is_explained_in_dutch_by_default(cast, client, settings, a_case):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(cast.coordinator)
    before = case_footprint(a_case.pk)

    response = client.post(
        reverse("web:step-refuse", args=[a_case.pk]),
        {"refusal_reason": "repeated_request", "refusal_note": "x" * 4000},
        secure=True,
    )

    assert response.status_code == 413
    assert "Er is niets opgeslagen" in response.content.decode()
    assert case_footprint(a_case.pk) == before


@pytest.mark.parametrize("who", ["treating_user", "coordinator", "patient_user"])
def test_only_the_giver_sends_a_collegial_notice_r6(cast, api_as, a_case, advance, who):
    case = advance(a_case, "report_final")
    before = case_footprint(case.pk)
    notices = CollegialNotice.objects.count()

    problem = assert_problem(
        api_as(who).post(
            f"/cases/{case.pk}/collegial-notices", {"text": "Let op de vulling van 35, collega."}
        ),
        403,
    )

    assert problem["type"] == "urn:tweedemening:problem:not_permitted"
    assert CollegialNotice.objects.count() == notices
    assert case_footprint(case.pk) == before


def test_a_dental_request_about_finished_work_is_refused_by_r2_and_creates_nothing(cast, api_as):
    before = footprint()

    problem = assert_problem(
        api_as("patient_user").post("/cases", case_body(cast, treatment_started=True)), 422
    )

    assert problem["rule_ids"] == ["R2"]
    assert "klachtenregeling" in problem["violations"][0]["detail"]
    assert footprint() == before


def test_an_unknown_state_is_named_in_field_to(cast, api_as, a_case):
    before = footprint()

    problem = assert_problem(
        api_as("coordinator").post(f"/cases/{a_case.pk}/transitions", {"to": "teleported"}), 422
    )

    assert problem["field"] == "to"
    assert footprint() == before


def test_a_transition_not_allowed_from_here_is_a_conflict(cast, api_as, a_case):
    before = footprint()

    problem = assert_problem(
        api_as("coordinator").post(f"/cases/{a_case.pk}/transitions", {"to": "closed"}), 409
    )

    assert problem["field"] == "to"
    assert footprint() == before


def test_a_blocked_step_carries_the_rule_ids_in_the_users_language(cast, api_as, a_case, advance):
    case = advance(a_case, "assigned")
    before = footprint()

    response = api_as("giver_user", "en").post(
        f"/cases/{case.pk}/transitions",
        {"to": "informed", "explanation_items": ["content", "purpose", "costs", "diagnostics", "recording"]},
    )

    problem = assert_problem(response, 422)
    assert problem["rule_ids"] == ["R13", "R14", "R15", "R17"]
    assert "giver's position" in problem["violations"][0]["detail"]
    assert problem["title"] == "Blocked by a rule"
    assert footprint() == before


def test_a_stale_version_is_a_conflict(cast, api_as, a_case):
    problem = assert_problem(
        api_as("coordinator").post(
            f"/cases/{a_case.pk}/transitions", {"to": "accepted", "expected_version": 7}
        ),
        409,
    )

    assert problem["type"].endswith("concurrent_change")


def test_an_oversized_body_is_refused_with_413(cast, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    before = footprint()

    response = api_as("patient_user").post("/cases", case_body(cast, care_question="x" * 5000))

    assert_problem(response, 413)
    assert footprint() == before


def test_malformed_json_is_refused(cast, api_as):
    client = api_as("patient_user")
    response = client.client.post(
        "/api/v1/cases", "{not json", content_type="application/json", **client.headers
    )

    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("state", ["expired", "revoked", "missing", "garbage"])
def test_a_bad_token_is_refused_with_401(cast, state):
    token, secret = ApiToken.issue(user=cast.coordinator)
    if state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    if state == "revoked":
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    headers = (
        {}
        if state == "missing"
        else {"HTTP_AUTHORIZATION": f"Bearer {'nonsense' if state == 'garbage' else secret}"}
    )

    response = Client().get("/api/v1/cases", **headers)

    assert_problem(response, 401)


def test_login_revoke_and_wrong_password(cast):
    client = Client()
    wrong = client.post(
        "/api/v1/auth/token", {"username": "coordinator", "password": "nope"}, content_type="application/json"
    )
    assert_problem(wrong, 401)

    issued = client.post(
        "/api/v1/auth/token",
        {"username": "coordinator", "password": "correct horse battery staple"},
        content_type="application/json",
    )
    assert issued.status_code == 201
    auth = {"HTTP_AUTHORIZATION": f"Bearer {issued.json()['token']}"}
    assert client.get("/api/v1/cases", **auth).status_code == 200
    assert client.delete("/api/v1/auth/token", **auth).status_code == 204
    assert_problem(client.get("/api/v1/cases", **auth), 401)
    assert not ApiToken.objects.filter(key_hash=issued.json()["token"]).exists()


def test_unknown_paths_and_methods_under_the_api_answer_problem_json(api_as):
    assert_problem(api_as("coordinator").get("/nowhere"), 404)
    assert_problem(api_as("coordinator").delete("/cases"), 405)


@pytest.mark.parametrize(
    "path", [f"/cases/{2**70}", f"/cases/{2**63}", "/cases?offset=99999999999999999999", "/cases?limit=-5"]
)
def test_numbers_beyond_what_the_database_holds_are_refused_as_input(api_as, path):
    assert_problem(api_as("coordinator").get(path), 422)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/cases", "CASE_WITH_NUL"),
        ("/auth/token", {"username": "coordinator\x00", "password": "x"}),
        ("/cases", "CASE_WITH_HUGE_ID"),
    ],
    ids=["nul-in-question", "nul-in-login", "id-out-of-range"],
)
def test_input_the_database_cannot_store_is_refused_and_changes_nothing(cast, api_as, path, body):
    if body == "CASE_WITH_NUL":
        body = case_body(cast, care_question="Vraag\x00")
    elif body == "CASE_WITH_HUGE_ID":
        body = case_body(cast, organisation_id=2**70)
    before = footprint()

    assert_problem(api_as("coordinator").post(path, body), 422)
    assert footprint() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"classification": "second_opinion"}, "to"),
        ({"to": "accepted", "classification": "maybe"}, "classification"),
        ({"to": "accepted", "expected_version": "seven"}, "expected_version"),
        ({"to": ["accepted"]}, "to"),
    ],
    ids=["missing-to", "wrong-classification", "non-numeric-version", "to-as-list"],
)
def test_a_bad_transition_body_names_the_field_and_changes_nothing(api_as, a_case, body, field):
    before = footprint()

    problem = assert_problem(api_as("coordinator").post(f"/cases/{a_case.pk}/transitions", body), 422)

    assert field in (problem.get("field"), *problem.get("fields", []))
    assert footprint() == before


def test_a_declared_length_over_the_api_limit_is_refused_before_anything_runs(cast, api_as, settings):
    settings.API_MAX_BODY_BYTES = 100
    before = footprint()

    problem = assert_problem(api_as("patient_user").post("/cases", case_body(cast)), 413)

    assert problem["type"] == "urn:tweedemening:problem:too_large"
    assert footprint() == before


def test_errors_are_dutch_by_default_and_english_when_asked(api_as):
    dutch = assert_problem(api_as("coordinator").get("/cases/999999"), 404)
    english = assert_problem(api_as("coordinator", "en").get("/cases/999999"), 404)

    assert (dutch["title"], english["title"]) == ("Niet gevonden", "Not found")


def test_an_unexpected_crash_answers_a_problem_without_details(api_as, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("secondopinion.cases.selectors.case_list", explode)

    problem = assert_problem(api_as("coordinator").get("/cases"), 500)

    assert "secret internals" not in str(problem)


def test_revoking_a_token_needs_a_token(cast):
    assert_problem(Client().delete("/api/v1/auth/token"), 401)


def test_a_transition_refused_for_the_role_writes_no_status_change(api_as, a_case):
    before = footprint()

    problem = assert_problem(
        api_as("patient_user").post(
            f"/cases/{a_case.pk}/transitions", {"to": "accepted", "classification": "second_opinion"}
        ),
        403,
    )

    assert problem["type"] == "urn:tweedemening:problem:not_permitted"
    assert footprint() == before


def test_a_malformed_multipart_upload_is_a_clear_400_and_stores_nothing(api_as, a_case):
    """Part headers beyond Django's limit: the parser gives up, and that is the client's fault."""
    from secondopinion.documents.models import Document

    client = api_as("coordinator")
    boundary = "grens"
    body = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="foto.png"\r\n'
        f"X-Padding: {'x' * 2000}\r\n\r\n"
        f"inhoud\r\n--{boundary}--\r\n"
    )

    response = client.client.post(
        f"/api/v1/cases/{a_case.pk}/documents",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        **client.headers,
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "file"
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    "path", ["/organisations?q=a%00b", "/practitioners?city=%00", "/practitioners?specialism=x%01"]
)
def test_a_control_character_in_a_search_is_refused_naming_the_parameter(api_as, path):
    response = api_as("coordinator").get(path)

    assert response.status_code == 422, response.content
