"""R8, R16, R18, R23: the case's answer lists the consents the case waits for from the patient, as the
case page does (consent/awaited.py): each purpose with the rules waiting for it and whether the reader
may give it. Only the patient may; her representative and the practice may not. A case that waits for
nothing lists nothing, and a stranger or another organisation learns nothing."""

import pytest

from secondopinion.cases.services import case_submit
from secondopinion.consent.awaited import consents_awaited
from tests.api.conftest import case_body
from tests.conftest import representation_in_force, submit_input
from tests.web.test_agreements_and_consent import without_consent

pytestmark = pytest.mark.django_db

INFORM = "inform_own_practitioner"


def awaited(api_as, who: str, case) -> list[dict]:
    response = api_as(who).get(f"/cases/{case.pk}")
    assert response.status_code == 200, response.content
    return response.json()["consents_awaited"]


def represented(cast):
    """A request the representative made, with the patient's consent to the representation in force."""
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    return case_submit(actor=cast.representative, data=data, source="web")


def test_the_patient_reads_the_awaited_consent_and_may_give_it(api_as, cast, a_case):
    case = without_consent(cast, a_case, "report_final")

    assert awaited(api_as, "patient_user", case) == [
        {"purpose": INFORM, "rule_ids": ["R23"], "may_give": True}
    ]


def test_the_representative_reads_it_and_may_not_give_it(api_as, cast):
    case = without_consent(cast, represented(cast), "report_final")

    assert awaited(api_as, "representative", case) == [
        {"purpose": INFORM, "rule_ids": ["R23"], "may_give": False}
    ]


@pytest.mark.parametrize("who", ["giver_user", "coordinator"])
def test_the_practice_reads_it_and_does_not_give_it(api_as, cast, a_case, who):
    case = without_consent(cast, a_case, "report_final")

    assert awaited(api_as, who, case) == [{"purpose": INFORM, "rule_ids": ["R23"], "may_give": False}]


def test_the_list_is_the_case_pages_in_its_order(api_as, cast, a_case):
    case = without_consent(cast, a_case, "informed")  # records (R16) and informing (R23) both awaited
    page = consents_awaited(case, case.consents.all())

    listed = awaited(api_as, "patient_user", case)

    assert [(item["purpose"], item["rule_ids"]) for item in listed] == [
        (item.purpose, [violation.rule_id for violation in item.needed_for]) for item in page
    ]
    assert [item["purpose"] for item in listed] == ["request_records", INFORM]
    assert all(item["may_give"] for item in listed)


def test_once_given_it_is_no_longer_listed(api_as, cast, a_case):
    case = without_consent(cast, a_case, "report_final")
    patient = api_as("patient_user")

    given = patient.post(f"/cases/{case.pk}/consents", {"purpose": INFORM})

    assert given.status_code == 201
    assert awaited(api_as, "patient_user", case) == []
    assert awaited(api_as, "coordinator", case) == []


@pytest.mark.parametrize("who", ["patient_user", "coordinator"])
def test_a_case_waiting_for_nothing_lists_nothing(api_as, advance, a_case, who):
    assert awaited(api_as, who, a_case) == []  # just asked
    assert awaited(api_as, who, advance(a_case, "report_final")) == []  # every consent given


def test_the_create_answer_lists_what_the_new_case_waits_for(api_as, cast):
    response = api_as("patient_user").post("/cases", case_body(cast))

    assert response.status_code == 201, response.content
    assert response.json()["consents_awaited"] == []


def test_the_answer_to_a_step_lists_it(api_as, cast, a_case):
    case = without_consent(cast, a_case, "in_examination")

    response = api_as("giver_user").post(
        f"/cases/{case.pk}/transitions", {"to": "report_draft", "findings": "24 en 26 gezond."}
    )

    assert response.status_code == 200, response.content
    assert response.json()["consents_awaited"] == [
        {"purpose": INFORM, "rule_ids": ["R23"], "may_give": False}
    ]


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user"])
def test_a_stranger_or_another_organisation_gets_nothing(api_as, cast, a_case, who):
    case = without_consent(cast, a_case, "report_final")

    response = api_as(who).get(f"/cases/{case.pk}")

    assert response.status_code == 404
    assert "consents_awaited" not in response.content.decode()
    assert INFORM not in response.content.decode()


def test_the_openapi_document_describes_the_list(client):
    schema = client.get("/api/v1/openapi.json").json()

    components = schema["components"]["schemas"]
    listed = components["CaseOut"]["properties"]["consents_awaited"]
    assert listed["items"]["$ref"] == "#/components/schemas/ConsentAwaitedOut"
    item = components["ConsentAwaitedOut"]
    assert set(item["required"]) == {"purpose", "rule_ids", "may_give"}
    assert item["properties"]["may_give"]["type"] == "boolean"
    assert item["properties"]["rule_ids"]["items"]["type"] == "string"
