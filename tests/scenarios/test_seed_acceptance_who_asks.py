"""Seed acceptance: who may ask, and that nobody's permission is needed (R8, R12), through the request
wizard the patient and the family use.

Seed 004, the reader's question: the sisters of a patient with leukaemia want a second opinion; their
brother agrees, his wife holds it back. The answer: "is het aan een arts om te verifiëren of de
aangevraagde second opinion daadwerkelijk de wil van de patiënt in kwestie betreft." So the sisters ask
with the brother's recorded consent, and the wife, though she may act for him in other requests, can
neither see nor stop theirs; the brother himself can withdraw it.

Seed 004, "Geen toestemming nodig voor second opinion" and the second reader ("mijn huisarts vindt dat
ik geen second opinion nodig heb ... je hebt er simpelweg recht op"): a request without the own
practitioner's cooperation and without a referral is taken on; the advice (R12, R26) never blocks.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Representative
from tests.factories import PractitionerFactory, UserFactory
from tests.journey.test_wizard import url, walk
from tests.reading import says, visible_text
from tests.scenarios.seed_web import client_for, done, page, step

pytestmark = pytest.mark.django_db


def _represents(user, cast, relation: str) -> None:
    """Registered as the patient's representative, with the patient's signed consent (R8)."""
    Representative.objects.create(
        user=user,
        patient=cast.patient,
        relation=relation,
        consent_given_at=timezone.now(),
        consent_method="signed_upload",
    )


def test_the_sisters_ask_with_the_patients_consent_and_his_wife_cannot_stop_it(cast):
    sister, wife = UserFactory(username="zus"), UserFactory(username="echtgenote")
    _represents(sister, cast, "family")
    _represents(wife, cast, "partner")
    client = client_for(sister)
    walk(
        client,
        cast,
        who={"requester_kind": "representative", "represented": cast.patient.pk},
        consents={"own_practitioner_informed": "no", "patient_agrees": "on"},
    )

    done(client.post(url("summary")))

    case = SecondOpinionCase.objects.get()
    assert (case.patient, case.requester, case.requester_kind) == (cast.patient, sister, "representative")
    assert client_for(wife).get(reverse("web:case", args=[case.pk])).status_code == 404
    assert step(wife, case, "withdraw", note="Ik wil dit niet.", confirm="on").status_code == 404
    case.refresh_from_db()
    assert case.status == "submitted"

    assert "Intrekken" in page(cast.patient_user, case)
    done(step(cast.patient_user, case, "withdraw", note="", confirm="on"))
    case.refresh_from_db()
    assert case.status == "withdrawn"


def test_a_sister_the_patient_did_not_register_cannot_ask_for_him(cast):
    sister = UserFactory(username="zus")

    response = client_for(sister).post(url("who"), {"requester_kind": "representative"})

    text = visible_text(response.content.decode())
    assert response.status_code == 422
    assert "U staat bij niemand geregistreerd als vertegenwoordiger." in text
    assert not SecondOpinionCase.objects.exists()


def test_without_the_gps_cooperation_or_a_referral_the_request_is_taken_on(cast):
    """The neurologist's patient asks herself; she did not discuss it and has no referral."""
    neurologist = PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.treating_practice
    )
    PractitionerFactory(
        discipline="medical_specialist", specialism="neurologie", organisation=cast.giving_practice
    )
    client = client_for(cast.patient_user)
    walk(
        client,
        cast,
        practitioner={"treating_practitioner": neurologist.pk},
        situation={
            "subject": "diagnosis",
            "treatment_started": "yes",
            "under_treatment": "yes",
            "wants_transfer": "no",
        },
        referral={"has_referral": "no"},
        consents={"own_practitioner_informed": "no"},
    )

    done(client.post(url("summary")))

    case = SecondOpinionCase.objects.get()
    assert (case.protocol, case.has_referral, case.own_practitioner_informed) == (
        "medical-specialist",
        False,
        False,
    )
    mine = page(cast.patient_user, case)
    assert "Een aanvullende verzekering betaalt de second opinion soms (voor een deel)." in mine
    assert not any(says(mine, f"R{n}") for n in range(1, 29))
    staff = page(cast.coordinator, case)
    assert says(staff, "R12")
    assert says(staff, "R26")

    done(step(cast.coordinator, case, "accept", note=""))
    case.refresh_from_db()
    assert case.status == "accepted"
