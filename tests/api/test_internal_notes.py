"""The practice's internal note on a step over the API: the coordinator and the giver write one with a
step, the practice reads it in the timeline, and the patient's side never finds it in its answer (its
`internal_note` is null); a patient's step carrying one is refused, naming the field, and changes nothing."""

import pytest

from secondopinion.access.policy import roles_for
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit
from secondopinion.core.roles import Role
from tests.conftest import representation_in_force, submit_input

pytestmark = pytest.mark.django_db

FOR_THE_PATIENT = "Er is geen onafhankelijke gever in hetzelfde vakgebied beschikbaar."
INTERNAL = "Beide beschikbare gevers werken samen met de eigen tandarts; de directie is ingelicht."


def _refuse(api_as, case: SecondOpinionCase):
    return api_as("coordinator").post(
        f"/cases/{case.pk}/transitions",
        {
            "to": "refused",
            "refusal_reason": "no_same_discipline",
            "refusal_note": FOR_THE_PATIENT,
            "internal_note": INTERNAL,
        },
    )


def _refusal(answer: dict) -> dict:
    return next(change for change in answer["timeline"] if change["to_status"] == "refused")


def test_the_coordinator_writes_and_reads_the_internal_note_of_a_refusal(api_as, a_case):
    response = _refuse(api_as, a_case)

    assert response.status_code == 200, response.content
    assert _refusal(response.json())["internal_note"] == INTERNAL
    assert _refusal(api_as("coordinator").get(f"/cases/{a_case.pk}").json())["internal_note"] == INTERNAL


@pytest.mark.parametrize("reader", ["patient_user", "representative"])
def test_the_patients_side_never_finds_the_internal_note_in_its_answer(cast, api_as, reader):
    representation_in_force(cast)
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    assert _refuse(api_as, case).status_code == 200

    response = api_as(reader).get(f"/cases/{case.pk}")

    assert response.status_code == 200
    assert INTERNAL not in response.content.decode()
    assert all(change["internal_note"] is None for change in response.json()["timeline"])
    assert _refusal(response.json())["to_status"] == "refused"


def test_the_treating_practitioner_reads_the_case_without_the_internal_notes(cast, api_as):
    case = case_submit(
        actor=cast.patient_user, data=submit_input(cast, referrer_id=cast.treating.pk), source="web"
    )
    assert Role.TREATING in roles_for(cast.treating_user, case)
    assert _refuse(api_as, case).status_code == 200

    response = api_as("treating_user").get(f"/cases/{case.pk}")

    assert response.status_code == 200
    assert INTERNAL not in response.content.decode()


def test_a_patients_withdrawal_carrying_an_internal_note_is_refused_and_changes_nothing(api_as, a_case):
    response = api_as("patient_user", "en").post(
        f"/cases/{a_case.pk}/transitions",
        {"to": "withdrawn", "note": "Ik zie ervan af.", "internal_note": "Alleen voor mezelf."},
    )

    assert response.status_code == 422, response.content
    problem = response.json()
    assert problem["field"] == "internal_note"
    assert "Only the coordinator or the giver writes an internal note." in problem["detail"]
    a_case.refresh_from_db()
    assert a_case.status == "submitted"
    assert list(StatusChange.objects.filter(case=a_case).values_list("to_status", flat=True)) == ["submitted"]


def test_an_internal_note_with_a_hidden_character_is_refused_on_that_field(api_as, a_case):
    response = api_as("coordinator").post(
        f"/cases/{a_case.pk}/transitions", {"to": "accepted", "internal_note": "Overleg\u200b gehad."}
    )

    assert response.status_code == 422, response.content
    assert response.json()["field"] == "internal_note"
    a_case.refresh_from_db()
    assert a_case.status == "submitted"
