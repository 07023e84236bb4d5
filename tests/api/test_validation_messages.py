"""What a refused API request is told: the field by its name (a query or path parameter too) and the
rule it broke, in Dutch and in English (api/validation_text.py); a body the parser cannot read is
"not valid JSON", never the parser's own words."""

import pytest

from secondopinion.api.models import ApiToken
from tests.api.conftest import case_body
from tests.api.test_errors import assert_problem, footprint

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "field", "dutch", "english"),
    [
        (
            "/cases?limit=-1",
            "limit",
            "limit: moet groter dan of gelijk aan 1 zijn",
            "limit: must be greater than",
        ),
        ("/cases?limit=abc", "limit", "limit: moet een geheel getal zijn", "limit: must be a whole number"),
        ("/cases/abc", "case_id", "case_id: moet een geheel getal zijn", "case_id: must be a whole number"),
    ],
)
def test_a_bad_query_or_path_parameter_is_named_with_its_rule_in_each_language(
    cast, api_as, path, field, dutch, english
):
    body = assert_problem(api_as("coordinator").get(path), 422)
    in_english = assert_problem(api_as("coordinator", "en").get(path), 422)

    assert body["field"] == field
    assert dutch in body["detail"]
    assert "should" not in body["detail"]  # not pydantic's English in a Dutch answer
    assert english in in_english["detail"]


def test_a_body_field_breaking_a_rule_is_explained_in_dutch(cast, api_as):
    before = footprint()

    too_long = assert_problem(
        api_as("patient_user").post("/cases", case_body(cast, care_question="x" * 10_001)), 422
    )
    control = assert_problem(
        api_as("patient_user").post("/cases", case_body(cast, care_question="a\x00b")), 422
    )
    missing = assert_problem(api_as("patient_user").post("/cases", {}), 422)

    assert "care_question: mag hoogstens 10000 tekens lang zijn" in too_long["detail"]
    assert "care_question: tekst mag geen stuurtekens bevatten" in control["detail"]
    assert "protocol" in missing["fields"]
    assert "protocol: verplicht veld ontbreekt" in missing["detail"]
    assert footprint() == before


def test_json_nested_deeper_than_the_parser_goes_is_invalid_json_not_an_internal_message(cast, api_as):
    from django.test import Client

    _token, secret = ApiToken.issue(user=cast.patient_user, name="deep")
    deep = "[" * 100_000 + "]" * 100_000
    answer = Client().post(
        "/api/v1/cases",
        deep,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        HTTP_ACCEPT_LANGUAGE="nl",
    )

    body = assert_problem(answer, 400)
    assert body["detail"] == "De inhoud van het verzoek is geen geldige JSON."
