"""The practice's internal note on a step (cases/models.py StatusChange.internal_note). On a step whose
note the patient reads, the coordinator or the giver writes a note for the patient, an internal note, or
both. The patient and the representative never read the internal note; the coordinator, the giver and
(with a complaint) the complaints officer do (access/permissions.py READ_INTERNAL_NOTES)."""

import pytest
from django.test import Client

from secondopinion.aftercare.complaints import complaint_file
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.roles import Role
from secondopinion.web.forms import STEP_FORMS, RefuseForm, WithdrawForm, step_form
from tests.conftest import representation_in_force, submit_input
from tests.reading import visible_text
from tests.web.conftest import case_url, step_url

pytestmark = pytest.mark.django_db

FOR_THE_PATIENT = "Wij kunnen geen tandarts in hetzelfde vakgebied vinden die onafhankelijk is."
INTERNAL = "Collega Jansen zit in dezelfde maatschap als de eigen tandarts; overleg gehad met de directie."
ASSIGN_INTERNAL = "Gever gevraagd omdat zij ervaring heeft met wortelkanaalbehandelingen bij ouderen."
INTERNAL_LABEL = "Interne notitie (niet zichtbaar voor de patiënt)"


def _represented_case(cast) -> SecondOpinionCase:
    """A request the representative made for the patient, with her consent in force (R8)."""
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    return case_submit(actor=cast.representative, data=data, source="web")


def _refused_through_the_form(cast, case: SecondOpinionCase) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.coordinator)
    response = client.post(
        step_url(case, "refuse"),
        {
            "refusal_reason": "no_same_discipline",
            "refusal_note": FOR_THE_PATIENT,
            "internal_note": INTERNAL,
            "confirmed": "yes",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _page(user, case: SecondOpinionCase) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    response = client.get(case_url(case))
    assert response.status_code == 200
    return response.content.decode()


def test_a_refusal_keeps_the_note_for_the_patient_and_the_internal_note_apart(cast, a_case):
    _refused_through_the_form(cast, a_case)

    a_case.refresh_from_db()
    refusal = StatusChange.objects.get(case=a_case, to_status="refused")
    assert a_case.status == "refused"
    assert a_case.refusal_note == FOR_THE_PATIENT
    assert refusal.internal_note == INTERNAL
    assert INTERNAL not in (a_case.refusal_note, a_case.classification_note, refusal.note)


@pytest.mark.parametrize("reader", ["patient_user", "representative"])
def test_the_patients_side_reads_the_explanation_and_never_the_internal_note(cast, reader):
    case = _represented_case(cast)
    _refused_through_the_form(cast, case)

    page = _page(getattr(cast, reader), case)

    assert FOR_THE_PATIENT in visible_text(page)
    assert INTERNAL not in visible_text(page)
    assert "Interne notitie" not in visible_text(page)
    assert INTERNAL not in page  # nor anywhere in the page's source


def test_the_coordinator_reads_the_internal_note_labelled_as_internal(cast, a_case):
    _refused_through_the_form(cast, a_case)

    text = visible_text(_page(cast.coordinator, a_case))

    assert f"{INTERNAL_LABEL} {INTERNAL}" in text
    assert FOR_THE_PATIENT in text


def test_the_complaints_officer_reads_the_internal_note_of_a_case_complained_about(cast, a_case):
    _refused_through_the_form(cast, a_case)
    complaint_file(actor=cast.patient_user, case_id=a_case.pk, text="De weigering klopt niet.", source="web")

    assert INTERNAL in visible_text(_page(cast.complaints_officer, a_case))


def test_the_giver_reads_the_coordinators_internal_note_and_the_patient_does_not(cast, a_case):
    case_transition(actor=cast.coordinator, case_id=a_case.pk, to="accepted", data=StepInput(), source="web")
    case_transition(
        actor=cast.coordinator,
        case_id=a_case.pk,
        to="assigned",
        data=StepInput(giver_id=cast.giver.pk, note="Uw gever is bekend.", internal_note=ASSIGN_INTERNAL),
        source="web",
    )

    assert ASSIGN_INTERNAL in visible_text(_page(cast.giver_user, a_case))
    patient_page = _page(cast.patient_user, a_case)
    assert "Uw gever is bekend." in visible_text(patient_page)
    assert ASSIGN_INTERNAL not in visible_text(patient_page)
    assert ASSIGN_INTERNAL not in patient_page


def test_a_note_written_without_an_internal_note_is_read_by_the_patient_as_before(cast, a_case):
    """The notes written before internal notes existed were written for everyone: they stay so."""
    note = "Uw verzoek past bij een second opinion; we zoeken een gever."
    case_transition(
        actor=cast.coordinator, case_id=a_case.pk, to="accepted", data=StepInput(note=note), source="web"
    )

    assert note in visible_text(_page(cast.patient_user, a_case))


def test_the_refusal_form_names_both_notes_for_who_reads_them(cast, a_case):
    text = visible_text(_page(cast.coordinator, a_case))

    assert "Toelichting voor de patiënt" in text
    assert INTERNAL_LABEL in text


@pytest.mark.parametrize("step", ["accept", "redirect", "refuse", "assign", "gather", "examine", "close"])
def test_every_staff_step_whose_note_the_patient_reads_offers_an_internal_note(step):
    form = STEP_FORMS[step]()

    assert "internal_note" in form.fields
    assert not form.fields["internal_note"].required


def test_the_step_form_carries_both_notes_into_the_step():
    form = step_form(
        "refuse",
        {"refusal_reason": "threat_or_violence", "refusal_note": FOR_THE_PATIENT, "internal_note": INTERNAL},
    )

    assert form.is_valid(), form.errors
    data = form.to_input()
    assert (data.refusal_note, data.internal_note) == (FOR_THE_PATIENT, INTERNAL)


def test_an_internal_note_alone_is_a_valid_form():
    form = step_form("accept", {"internal_note": INTERNAL})

    assert form.is_valid(), form.errors
    assert (form.to_input().note, form.to_input().internal_note) == ("", INTERNAL)


def test_an_internal_note_with_a_hidden_character_is_refused_on_that_field():
    form = RefuseForm(
        {
            "refusal_reason": "other_weighty",
            "refusal_note": FOR_THE_PATIENT,
            "internal_note": "Overleg met de\u202e directie.",
        }
    )

    assert not form.is_valid()
    assert list(form.errors) == ["internal_note"]


def test_the_patients_withdrawal_form_has_no_internal_note_and_the_practices_has():
    patient = WithdrawForm()
    patient.set_acting_role(Role.PATIENT)
    representative = WithdrawForm()
    representative.set_acting_role(Role.REPRESENTATIVE)
    practice = WithdrawForm()
    practice.set_acting_role(Role.COORDINATOR)

    assert "internal_note" not in patient.fields
    assert "internal_note" not in representative.fields
    assert "internal_note" in practice.fields


def test_the_patients_page_offers_no_internal_note_to_write(cast, a_case):
    page = _page(cast.patient_user, a_case)

    assert 'name="internal_note"' not in page
    assert "Interne notitie" not in visible_text(page)
