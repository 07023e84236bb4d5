"""R5, R7: a patient who wants another practitioner is told what to do instead. A GP does not refer to a
dentist or a denturist: there the patient registers with another practice and asks the own practice to
send the file over; for doctors the advice to ask the GP for a referral stays."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.journey.decide import Situation, decide
from tests.factories import PractitionerFactory
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

SWITCH = {
    "subject": "treatment_plan",
    "treatment_started": "no",
    "under_treatment": "yes",
    "wants_transfer": "yes",
}


def _advice(cast, discipline: str, language: str) -> str:
    """The advice page the wizard ends on after 'wants transfer: yes', for a practitioner of `discipline`."""
    treating = (
        cast.treating
        if discipline == "dentist"
        else PractitionerFactory(discipline=discipline, organisation=cast.treating_practice)
    )
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.patient_user)
    client.post(reverse("journey:request-who"), {"requester_kind": "patient"})
    client.post(reverse("journey:request-practitioner"), {"treating_practitioner": treating.pk})
    client.post(reverse("journey:request-question"), {"care_question": "Moet de brug echt vervangen worden?"})
    response = client.post(reverse("journey:request-situation"), SWITCH, follow=True)
    assert response.redirect_chain[-1][0] == reverse("journey:request-guidance")
    assert not SecondOpinionCase.objects.exists()
    return visible_text(response.content.decode())


@pytest.mark.parametrize(
    ("discipline", "dutch", "english"),
    [("dentist", "tandarts", "dentist"), ("denturist", "tandprotheticus", "denturist")],
)
def test_a_dental_patient_who_wants_another_practitioner_is_told_to_register_elsewhere_and_move_the_file(
    cast, discipline, dutch, english
):
    nl = _advice(cast, discipline, "nl")
    assert f"Schrijf u in bij een andere {dutch}" in nl
    assert f"dossier naar de nieuwe {dutch}" in nl
    assert "geen verwijzing nodig" in nl
    assert not says(nl, "huisarts")

    SecondOpinionCase.objects.all().delete()
    en = _advice(cast, discipline, "en")
    assert f"Register with another {english}" in en
    assert f"send your file (dossier) to the new {english}" in en
    assert "do not need a referral" in en
    assert not says(en, "GP")


def test_a_medical_patient_who_wants_another_practitioner_keeps_the_gp_referral_advice(cast):
    nl = _advice(cast, "medical_specialist", "nl")
    en = _advice(cast, "medical_specialist", "en")

    assert "Vraag uw huisarts om een verwijzing naar een andere behandelaar." in nl
    assert "Ask your GP for a referral to another practitioner." in en
    assert "Schrijf u in" not in nl


@pytest.mark.parametrize(
    ("protocol", "gp"), [("dental-knmt", False), ("denturist-ont", False), ("general-practice", True)]
)
def test_the_decision_aid_gives_the_same_transfer_advice(protocol, gp):
    verdict = decide(
        Situation(
            protocol=protocol,
            wants_transfer=True,
            under_treatment="yes",
            treatment_started=False,
            subject="treatment_plan",
        )
    )

    steps = " ".join(step.en for step in verdict.outcome.next_steps)
    assert verdict.key == "transfer_of_care"
    assert ("Ask your GP for a referral" in steps) is gp
