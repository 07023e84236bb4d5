"""Seed acceptance: who receives the written report, and what the patient is told beforehand (R14, R23).

Seed 000 (Rapportage): "De aanvrager van de second opinion ontvangt hiervan een afschrift. In geval van
een verwijzing ... zal deze door de second opinion-gever op de hoogte worden gebracht." Seed 001: "Dit
dient voorafgaand aan de second opinion te worden besproken." Seeds 003 and 004: the referral for a
second opinion may come from the GP ("ook je huisarts kan je doorverwijzen").

A referrer who is not the own practitioner (here the GP, or a colleague dentist who asked) receives the
report as the one who referred. The patient's card of agreements must say so: before, it said
"Wie verder een afschrift krijgt: Niemand anders." while the GP received the report.
"""

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.distribution.models import Sending
from tests.api.conftest import ApiClient
from tests.factories import PractitionerFactory, UserFactory
from tests.reading import says
from tests.scenarios.seed_web import client_for, page, to_report_final

pytestmark = pytest.mark.django_db


def _neurologists(cast):
    treating = PractitionerFactory(
        user=UserFactory(username="neuroloog-eigen"),
        discipline="medical_specialist",
        specialism="neurologie",
        organisation=cast.treating_practice,
        name="Dr. Eigen",
    )
    giver = PractitionerFactory(
        user=UserFactory(username="neuroloog-gever"),
        discipline="medical_specialist",
        specialism="neurologie",
        organisation=cast.giving_practice,
        name="Dr. Gever",
    )
    return treating, giver


def _gp_referred_case(cast, treating) -> SecondOpinionCase:
    """The patient asks herself, with her GP's referral (seed 004: "ook je huisarts kan je doorverwijzen")."""
    created = ApiClient(cast.patient_user).post(
        "/cases",
        {
            "protocol": "medical-specialist",
            "patient_id": cast.patient.pk,
            "organisation_id": cast.giving_practice.pk,
            "treating_practitioner_id": treating.pk,
            "care_question": "Klopt de diagnose MS, en is de voorgestelde behandeling nodig?",
            "subject": "diagnosis",
            "treatment_started": True,
            "has_referral": True,
            "referrer_id": cast.gp.pk,
        },
    )
    assert created.status_code == 201, created.content
    return SecondOpinionCase.objects.get(pk=created.json()["id"])


def _agreements(text: str) -> str:
    start = text.index("Wat vooraf is afgesproken") if "Wat vooraf" in text else text.index("What was agreed")
    end = text.index("Toestemmingen", start) if "Toestemmingen" in text else text.index("Consents", start)
    return text[start:end]


def test_the_gp_who_referred_receives_the_report_and_the_patient_is_told_so_beforehand(cast):
    treating, giver = _neurologists(cast)
    case = _gp_referred_case(cast, treating)

    to_report_final(cast.coordinator, giver.user, case)  # not agreed to inform the own specialist

    received = set(Sending.objects.filter(case=case).values_list("recipient_user__username", "basis"))
    assert received == {("petra", "role:requester"), ("huisarts", "role:referrer")}
    inbox = client_for(cast.gp_user).get(reverse("web:report-inbox")).content.decode()
    assert case.reference in inbox
    card = _agreements(page(cast.patient_user, case))
    assert (
        "Uw verwijzer (Huisarts) Krijgt het rapport, omdat hij of zij u voor deze second opinion heeft verwezen."
        in card
    )
    assert "Wie verder een afschrift krijgt Niemand anders." in card
    assert "Uw eigen behandelaar (Dr. Eigen) Krijgt het rapport niet van ons." in card
    assert not any(says(card, f"R{n}") for n in range(1, 29))


def test_the_patient_reads_the_referrer_in_english_too(cast):
    treating, giver = _neurologists(cast)
    case = _gp_referred_case(cast, treating)
    to_report_final(cast.coordinator, giver.user, case)

    card = _agreements(page(cast.patient_user, case, "en"))

    assert (
        "Your referrer (Huisarts) Receives the report, because they referred you for this second opinion."
        in card
    )


def test_a_colleague_dentist_who_asked_receives_the_copy_and_the_patient_reads_why(cast):
    """Seed 000: "De aanvrager kan zowel een patiënt als een collega zijn" — the requester receives a copy."""
    asking = PractitionerFactory(
        user=UserFactory(username="collega-elders"),
        discipline="dentist",
        organisation=cast.other_practice,
        name="Tandarts Elders",
    )
    created = ApiClient(cast.coordinator).post(
        "/cases",
        {
            "protocol": "dental-knmt",
            "patient_id": cast.patient.pk,
            "organisation_id": cast.giving_practice.pk,
            "treating_practitioner_id": cast.treating.pk,
            "care_question": "Is de voorgestelde extractie van 36 nodig, of kan de kies behouden blijven?",
            "subject": "treatment_plan",
            "treatment_started": False,
            "requester_kind": "referrer",
            "referrer_id": asking.pk,
            "has_referral": True,
        },
    )
    assert created.status_code == 201, created.content
    case = SecondOpinionCase.objects.get(pk=created.json()["id"])

    to_report_final(cast.coordinator, cast.giver_user, case)

    received = set(Sending.objects.filter(case=case).values_list("recipient_user__username", "basis"))
    assert received == {("collega-elders", "role:requester"), ("petra", "role:patient")}
    card = _agreements(page(cast.patient_user, case))
    assert (
        "Uw verwijzer (Tandarts Elders) Krijgt het rapport, omdat hij of zij deze second opinion heeft aangevraagd."
        in card
    )
    assert "Uw eigen behandelaar (Tandarts) Krijgt het rapport niet van ons." in card


def test_when_the_own_dentist_referred_he_is_named_once_as_the_own_practitioner(cast):
    """Seed 000/001: the referring own dentist is informed; the card does not name him twice."""
    created = ApiClient(cast.patient_user).post(
        "/cases",
        {
            "protocol": "dental-knmt",
            "patient_id": cast.patient.pk,
            "organisation_id": cast.giving_practice.pk,
            "treating_practitioner_id": cast.treating.pk,
            "care_question": "Is de voorgestelde extractie van 36 nodig, of kan de kies behouden blijven?",
            "subject": "treatment_plan",
            "treatment_started": False,
            "has_referral": True,
            "referrer_id": cast.treating.pk,
        },
    )
    case = SecondOpinionCase.objects.get(pk=created.json()["id"])

    to_report_final(cast.coordinator, cast.giver_user, case)

    card = _agreements(page(cast.patient_user, case))
    assert "Uw verwijzer" not in card
    assert "Uw eigen behandelaar (Tandarts) Krijgt het rapport, omdat hij of zij u heeft verwezen." in card
    assert Sending.objects.filter(
        case=case, recipient_user=cast.treating_user, basis="role:referrer"
    ).exists()


def test_naming_the_referrer_reads_nothing_more(cast, monkeypatch):
    """The referrer comes with the case the page already read (its reimbursement names him too)."""
    from secondopinion.web.templatetags import agreements
    from tests.performance.counting import measured

    treating, giver = _neurologists(cast)
    case = _gp_referred_case(cast, treating)
    to_report_final(cast.coordinator, giver.user, case)
    client = client_for(cast.patient_user)
    url = reverse("web:case", args=[case.pk])
    client.get(url)
    named, response, queries = measured(lambda: client.get(url))
    assert "Uw verwijzer (Huisarts)" in response.content.decode()

    monkeypatch.setattr(agreements, "referrer_row", lambda case: None)
    unnamed, response, more = measured(lambda: client.get(url))

    assert "Uw verwijzer" not in response.content.decode()
    assert named == unnamed, (queries, more)
