"""A JSON body with a field its schema does not have is refused (api/fields.py: the base Schema's
extra="forbid"), with a 422 problem that names the unknown field, in Dutch and English, and nothing
is done: a misspelt optional field would otherwise be dropped without a word."""

import pytest
from django.test import Client

from secondopinion.aftercare.models import Message
from secondopinion.api.models import ApiToken
from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import case_body
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

UNKNOWN = {
    "nl": "onbekend veld: dit veld bestaat hier niet; controleer de naam",
    "en": "unknown field: there is no such field here; check its name",
}


def _problem(response) -> dict:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_misspelt_required_field_is_named_as_unknown_beside_the_missing_one(cast, api_as, language):
    body = case_body(cast)
    body["care_qeustion"] = body.pop("care_question")

    problem = _problem(api_as("patient_user", language).post("/cases", body))

    assert problem["fields"] == ["care_qeustion", "care_question"]
    assert f"care_qeustion: {UNKNOWN[language]}" in problem["detail"]
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_extra_field_beside_a_complete_body_is_refused(cast, api_as, language):
    problem = _problem(api_as("patient_user", language).post("/cases", case_body(cast, urgent=True)))

    assert problem["field"] == "urgent"
    assert problem["detail"] == (
        f"Controleer deze velden: urgent: {UNKNOWN['nl']}"
        if language == "nl"
        else f"Check these fields: urgent: {UNKNOWN['en']}"
    )
    assert not SecondOpinionCase.objects.exists()


def test_a_misspelt_optional_field_is_not_dropped_without_a_word(cast, a_case, api_as):
    """ "clasification" would have left the classification out and the step would go on without it."""
    before = (a_case.status, a_case.version)

    problem = _problem(
        api_as("coordinator", "en").post(
            f"/cases/{a_case.pk}/transitions", {"to": "accepted", "clasification": "second_opinion"}
        )
    )

    assert problem["field"] == "clasification"
    assert UNKNOWN["en"] in problem["detail"]
    a_case.refresh_from_db()
    assert (a_case.status, a_case.version) == before


def test_an_unknown_field_inside_a_nested_object_is_named_by_its_path(cast, a_case, api_as):
    problem = _problem(
        api_as("coordinator").post(
            f"/cases/{a_case.pk}/transitions",
            {"to": "accepted", "classification": "second_opinion", "report": {"advise": "Een kroon."}},
        )
    )

    assert problem["field"] == "report.advise"
    a_case.refresh_from_db()
    assert a_case.status == "submitted"


def test_a_message_with_an_unknown_field_is_not_posted(cast, a_case, api_as):
    problem = _problem(
        api_as("patient_user", "nl").post(
            f"/cases/{a_case.pk}/messages", {"body": "Hallo.", "subject": "Vraag"}
        )
    )

    assert problem["field"] == "subject"
    assert not Message.objects.exists()


def test_a_token_request_with_scope_for_scopes_issues_no_token(cast):
    """A misspelt `scopes` would have issued a token with every scope the user's roles can use."""
    response = Client().post(
        "/api/v1/auth/token",
        {"username": cast.patient_user.username, "password": PASSWORD, "scope": ["cases:read"]},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert _problem(response)["field"] == "scope"
    assert not ApiToken.objects.exists()


def test_the_same_bodies_without_the_unknown_fields_are_taken(cast, a_case, api_as):
    created = api_as("patient_user").post("/cases", case_body(cast))
    message = api_as("patient_user").post(f"/cases/{a_case.pk}/messages", {"body": "Hallo."})

    assert (created.status_code, message.status_code) == (201, 201)


def test_query_parameters_are_no_body_and_unknown_ones_stay_ignored(api_as):
    response = api_as("patient_user").get("/cases?limt=5&utm_source=mail")

    assert response.status_code == 200


def test_the_openapi_document_says_bodies_take_no_other_fields():
    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]

    for name in ("CaseIn", "TransitionIn", "MessageIn", "TokenIn", "ReportSections"):
        assert schemas[name].get("additionalProperties") is False, name
