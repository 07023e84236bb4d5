"""Seed acceptance: second opinion, transfer of care or new referral at the hospital (seed 003), tried
by the coordinator at triage and read by the patient afterwards.

Seed 003, Toelichting 3, "Verantwoordelijkheden patiënt": "Wanneer er sprake is van een second opinion,
nieuwe verwijzing of overname behandeling en de patiënt wordt verwezen naar een ander ziekenhuis, dan
vraagt de patiënt zelf het dossier op en zorgt dat dit bij het opvolgende ziekenhuis komt. In alle
gevallen is de patiënt er zelf verantwoordelijk voor om bij de zorgverzekering na te vragen of de
verwijzing vergoede zorg betreft." Before, the guidance of a redirected hospital request said neither.
"""

import pytest

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from tests.conftest import submit_input
from tests.factories import PractitionerFactory
from tests.reading import says, visible_text
from tests.scenarios.seed_web import done, page, step

pytestmark = pytest.mark.django_db

DOSSIER_NL = "Vraag dan zelf uw dossier op en zorg dat het bij het nieuwe ziekenhuis komt"
INSURER_NL = "Vraag ook zelf aan uw zorgverzekeraar of de zorg na de verwijzing wordt vergoed."
DOSSIER_EN = "ask for your record (dossier) yourself and make sure it reaches the new hospital"
INSURER_EN = "Also ask your health insurer yourself whether the care after the referral is reimbursed."


def _hospital_request(cast, **values) -> SecondOpinionCase:
    surgeon = PractitionerFactory(
        discipline="medical_specialist", specialism="orthopedie", organisation=cast.treating_practice
    )
    data = submit_input(
        cast,
        protocol="medical-specialist",
        treating_practitioner_id=surgeon.pk,
        care_question="Moet mijn knie echt vervangen worden?",
        subject="treatment_plan",
        treatment_started=True,
        **values,
    )
    return case_submit(actor=cast.patient_user, data=data, source="web")


def _blocked(response, *rule_ids: str) -> str:
    text = visible_text(response.content.decode())
    assert response.status_code == 422
    assert "Er is een probleem" in text
    for rule_id in rule_ids:
        assert says(text, rule_id)
    return text


def _no_rule_ids(text: str) -> None:
    assert not any(says(text, f"R{n}") for n in range(1, 29))


def test_a_wish_for_another_specialist_is_redirected_as_transfer_and_the_patient_reads_her_part(cast):
    case = _hospital_request(cast, wants_transfer=True)

    refused = step(cast.coordinator, case, "accept", note="")
    text = _blocked(refused, "R1", "R7")
    assert "De wens om van behandelaar te wisselen is overname van behandeling, geen second opinion." in text

    done(step(cast.coordinator, case, "redirect", classification="transfer_of_care", note=""))

    case.refresh_from_db()
    assert (case.status, case.classification) == ("redirected", "transfer_of_care")
    dutch = page(cast.patient_user, case)
    assert "Dat is geen second opinion maar overname van behandeling" in dutch
    assert DOSSIER_NL in dutch
    assert INSURER_NL in dutch
    _no_rule_ids(dutch)
    english = page(cast.patient_user, case, "en")
    assert DOSSIER_EN in english
    assert INSURER_EN in english


def test_after_the_discharge_letter_it_is_a_new_referral_and_the_patient_reads_her_part(cast):
    case = _hospital_request(cast, under_treatment="no")

    refused = step(cast.coordinator, case, "accept", note="")
    text = _blocked(refused, "R4")
    assert "De behandeling is afgerond (ontslagbrief of dossier)" in text

    done(step(cast.coordinator, case, "redirect", classification="new_referral", note="Zie ontslagbrief."))

    dutch = page(cast.patient_user, case)
    assert "Voor een nieuwe beoordeling heeft u een nieuwe verwijzing van uw huisarts nodig." in dutch
    assert DOSSIER_NL in dutch
    assert INSURER_NL in dutch
    _no_rule_ids(dutch)


def test_unclear_whether_still_under_treatment_the_patient_is_sent_to_the_clinic_not_to_another_hospital(
    cast,
):
    """Seed 003, Toelichting 1: the GP advises contacting the clinic, or GP and specialist consult."""
    case = _hospital_request(cast, under_treatment="unclear")

    _blocked(step(cast.coordinator, case, "accept", note=""), "R4")
    done(step(cast.coordinator, case, "redirect", classification="unclear", note=""))

    dutch = page(cast.patient_user, case)
    assert "Neem contact op met de polikliniek van uw behandelaar" in dutch
    assert DOSSIER_NL not in dutch


def test_a_dental_transfer_names_no_hospital(cast, submit):
    """The dentist's patient registers with another practice (no GP, no hospital): unchanged."""
    case = submit(wants_transfer=True)

    done(step(cast.coordinator, case, "redirect", classification="transfer_of_care", note=""))

    dutch = page(cast.patient_user, case)
    assert "schrijf u in bij een andere tandarts" in dutch
    assert "ziekenhuis" not in dutch
