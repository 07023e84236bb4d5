"""R15 in FHIR: the ServiceRequest carries the care question in the requester's own words as its first
note and, once the giver has established the question with the patient, the giver's wording as a
second note, written by the giver and marked as the established care question. Never before it is
set; the requester's words stay first and unchanged; a stranger reads neither."""

import pytest

from tests.conftest import HAPPY_PATH

pytestmark = pytest.mark.django_db

KIND = {
    "url": "https://tweedemening.nl/fhir/StructureDefinition/note-kind",
    "valueCode": "established-care-question",
}
ESTABLISHED = next(values["care_question"] for to, _who, values in HAPPY_PATH if to == "informed")


def test_before_the_giver_establishes_it_there_is_only_the_requesters_question(
    cast, fhir_as, a_case, advance
):
    assigned = advance(a_case, "assigned")

    body = fhir_as("coordinator").get(f"/ServiceRequest/{assigned.pk}").json()

    assert assigned.established_care_question == ""
    assert body["note"] == [{"text": a_case.care_question}]
    assert ESTABLISHED not in str(body)


@pytest.mark.parametrize("who", ["patient_user", "giver_user", "coordinator"])
def test_once_established_the_givers_wording_is_a_second_note_by_the_giver(
    cast, fhir_as, a_case, advance, who
):
    informed = advance(a_case, "informed")
    assert informed.established_care_question == ESTABLISHED

    body = fhir_as(who).get(f"/ServiceRequest/{informed.pk}").json()

    assert body["note"] == [
        {"text": a_case.care_question},
        {
            "extension": [KIND],
            "authorReference": {"reference": f"Practitioner/{cast.giver.pk}"},
            "text": ESTABLISHED,
        },
    ]


def test_a_search_and_the_tasks_included_focus_carry_it_too(cast, fhir_as, a_case, advance):
    informed = advance(a_case, "informed")
    client = fhir_as("coordinator")

    searched = client.get("/ServiceRequest", {"patient": f"Patient/{cast.patient.pk}"}).json()
    included = client.get("/Task", {"_include": "Task:focus"}).json()

    for bundle in (searched, included):
        requests = [
            e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
        ]
        assert [r["note"][-1]["text"] for r in requests if r["id"] == str(informed.pk)] == [ESTABLISHED]


@pytest.mark.parametrize("who", ["other_coordinator", "other_patient_user"])
def test_a_stranger_sees_nothing_of_it(cast, fhir_as, a_case, advance, who):
    informed = advance(a_case, "informed")
    client = fhir_as(who)

    read = client.get(f"/ServiceRequest/{informed.pk}")
    searched = client.get("/ServiceRequest")

    assert read.status_code == 404
    assert read.json()["resourceType"] == "OperationOutcome"
    assert searched.status_code == 200
    for response in (read, searched):
        text = response.content.decode()
        assert ESTABLISHED not in text
        assert a_case.care_question not in text
