"""POST /api/v1/cases by a patient who names nobody: the request is hers, as in the web wizard. Anyone
else still has to name the patient (patient_id or patient_bsn), and the create path reads no more."""

import json

import pytest
from django.test import Client

from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import case_body
from tests.conftest import representation_in_force
from tests.performance.counting import api_client, measured
from tests.performance.test_query_counts import CASE_CREATE_MAX

pytestmark = pytest.mark.django_db


def _nobody(cast, **overrides) -> dict:
    body = case_body(cast, **overrides)
    del body["patient_id"]
    return body


def test_a_patient_who_names_nobody_asks_for_herself(api_as, cast):
    response = api_as("patient_user").post("/cases", _nobody(cast))

    assert response.status_code == 201, response.content
    case = SecondOpinionCase.objects.get(pk=response.json()["id"])
    assert case.patient_id == cast.patient.pk
    assert case.requester_id == cast.patient_user.pk
    assert case.requester_kind == "patient"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_coordinator_who_names_nobody_is_still_asked_to_name_the_patient(api_as, cast, language):
    response = api_as("coordinator", language).post("/cases", _nobody(cast))

    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == "patient_id"
    expected = "Geef de patiënt op" if language == "nl" else "Name the patient"
    assert expected in problem["detail"]
    assert not SecondOpinionCase.objects.exists()


def test_a_representative_who_names_nobody_is_asked_to_name_the_patient(api_as, cast):
    representation_in_force(cast)

    response = api_as("representative").post("/cases", _nobody(cast, requester_kind="representative"))

    assert response.status_code == 422
    assert response.json()["field"] == "patient_id"
    assert not SecondOpinionCase.objects.exists()


def test_the_patient_naming_nobody_costs_no_more_queries_than_naming_herself(cast):
    client, headers = api_client(cast.patient_user)

    def create(body):
        return lambda: client.post(
            "/api/v1/cases", json.dumps(body), content_type="application/json", **headers
        )

    create(case_body(cast))()  # the token's first use is recorded once
    named, _response, _sql = measured(create(case_body(cast)))
    count, response, queries = measured(create(_nobody(cast)))

    assert response.status_code == 201, response.content
    assert count == named, queries
    assert count <= CASE_CREATE_MAX, queries


def test_the_schema_says_a_patient_may_leave_the_patient_out():
    schema = Client().get("/api/v1/openapi.json").json()

    field = schema["components"]["schemas"]["CaseIn"]["properties"]["patient_id"]
    assert "patient" in field["description"]
    assert "herself" in field["description"] or "themself" in field["description"]
