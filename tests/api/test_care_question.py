"""R15 over the API: the giver's established question is answered as `established_care_question`,
beside the patient's own `care_question`, which the step `informed` no longer changes."""

import pytest

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db

ASKED = "Mijn tandarts wil een brug op 24-26 maken. Is dat nodig, of kan het ook met een implantaat?"
RESTATED = "Is een brug 24-26 geïndiceerd, of is een implantaat op 25 een gelijkwaardig alternatief?"


def test_the_giver_restates_the_question_and_the_patients_stays(cast, api_as, advance):
    created = api_as("patient_user").post("/cases", case_body(cast, care_question=ASKED))
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    assert created.json()["established_care_question"] == ""
    advance(SecondOpinionCase.objects.get(pk=case_id), "assigned")

    informed = api_as("giver_user").post(
        f"/cases/{case_id}/transitions",
        {
            "to": "informed",
            "explanation_items": list(EXPLANATION_ITEMS),
            "written_report": True,
            "inform_own_practitioner": False,
            "records_alternative_explained": True,
            "care_question": RESTATED,
        },
    )
    assert informed.status_code == 200, informed.content

    for reader in ("giver_user", "coordinator", "patient_user"):
        answer = api_as(reader).get(f"/cases/{case_id}").json()
        assert answer["care_question"] == ASKED, reader
        assert answer["established_care_question"] == RESTATED, reader
        assert answer["care_question_established"] is True
    listed = api_as("patient_user").get("/cases").json()["items"]
    assert [item["care_question"] for item in listed if item["id"] == case_id] == [ASKED]
