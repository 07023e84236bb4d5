"""Duplicated keys in a JSON body (`{"care_question": "a", "care_question": "b"}`): the API and FHIR took
the last value without a word, while other parsers (a gateway, a log reader, the client's own) take the
first; which one was meant is unknowable. Now the body is refused with 400 naming the key, in the
caller's language, at any depth, and nothing is made."""

import json

import pytest
from django.test import Client

from secondopinion.api.models import ApiToken
from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import case_body
from tests.fhir.conftest import fhir_as, outcome, referral_bundle  # noqa: F401  (fhir_as: a fixture)

pytestmark = pytest.mark.django_db


def with_key_twice(body: dict, key: str, second: object) -> bytes:
    """The body's JSON with `key` given again, after the first, with another value."""
    text = json.dumps(body)
    return (text[:-1] + f", {json.dumps(key)}: {json.dumps(second)}}}").encode()


def post(user, path: str, data: bytes, language: str = "nl"):
    _token, secret = ApiToken.issue(user=user, name="tests")
    return Client().post(
        f"/api/v1{path}",
        data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("nl", "Het veld care_question staat meer dan eens"),
        ("en", "The field care_question appears more than once"),
    ],
)
def test_a_case_body_naming_a_field_twice_is_refused_naming_it(cast, language, says):
    data = with_key_twice(case_body(cast), "care_question", "Iets heel anders?")

    response = post(cast.patient_user, "/cases", data, language)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["field"] == "care_question"
    assert says in problem["detail"]
    assert SecondOpinionCase.objects.count() == 0


def test_a_key_twice_inside_a_nested_object_is_refused_too(cast, a_case, advance):
    case = advance(a_case, "report_draft")
    report = '{"deviations": "Geen.", "consequences": "Geen.", "advice": "Behouden.", "advice": "Trekken."}'
    data = f'{{"to": "report_final", "report": {report}}}'.encode()

    response = post(cast.giver_user, f"/cases/{case.pk}/transitions", data)

    assert response.status_code == 400
    assert response.json()["field"] == "advice"
    case.refresh_from_db()
    assert case.status == "report_draft"


def test_the_token_endpoint_issues_nothing_for_a_username_given_twice(cast):
    data = b'{"username": "vreemde", "password": "x", "username": "petra"}'

    response = Client().post("/api/v1/auth/token", data, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["field"] == "username"
    assert not ApiToken.objects.exists()


def test_the_same_body_without_the_second_key_is_taken(cast):
    response = post(cast.patient_user, "/cases", json.dumps(case_body(cast)).encode())

    assert response.status_code == 201, response.content[:500]


def test_a_fhir_bundle_naming_a_key_twice_is_400_naming_it_and_makes_no_case(cast, fhir_as):  # noqa: F811
    data = with_key_twice(referral_bundle(cast), "type", "batch")

    response = fhir_as("gp_user").post("/", data)

    assert response.status_code == 400
    issue = outcome(response)["issue"][0]
    assert issue["expression"] == ["type"]
    assert "Het veld type staat meer dan eens" in issue["diagnostics"]
    assert SecondOpinionCase.objects.count() == 0
