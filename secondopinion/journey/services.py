"""The wizard's one write: the request becomes a case through the cases' own door (case_submit),
and the consents the patient gave in the wizard are recorded with it, in one transaction."""

from typing import Any

from django.db import transaction

from secondopinion.accounts.models import User
from secondopinion.cases.inputs import SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record
from secondopinion.directory.models import Practitioner
from secondopinion.documents.intake import intake_attach
from secondopinion.journey.forms import PROTOCOL_FOR_DISCIPLINE

CONSENT_PURPOSES = ("request_records", "inform_own_practitioner")


def submit_input(actor: User, answers: dict[str, Any]) -> SubmitInput:
    """The wizard's answers as the core's input. The patient is the user, or the one represented."""
    treating = Practitioner.objects.get(pk=answers["treating_practitioner"])
    representative = answers["requester_kind"] == "representative"
    patient = getattr(actor, "patient", None)
    return SubmitInput(
        protocol=PROTOCOL_FOR_DISCIPLINE[treating.discipline],
        organisation_id=answers["organisation"],
        treating_practitioner_id=treating.pk,
        care_question=answers["care_question"],
        subject=answers["subject"],
        treatment_started=answers["treatment_started"] == "yes",
        patient_id=answers.get("represented") if representative else (patient.pk if patient else None),
        requester_kind=answers["requester_kind"],
        has_referral=answers["has_referral"] == "yes",
        under_treatment=answers["under_treatment"],
        wants_transfer=answers["wants_transfer"] == "yes",
        own_practitioner_informed=answers["own_practitioner_informed"] == "yes",
    )


@transaction.atomic
def journey_submit(*, actor: User, answers: dict[str, Any], source: str) -> SecondOpinionCase:
    """Submit the request with the files brought in the wizard; a patient's consents from the wizard
    are recorded in the app (R18).
    A representative records none: the giver asks the patient, who alone gives them."""
    case = case_submit(actor=actor, data=submit_input(actor, answers), source=source)
    held = answers.get("intake_files")  # a request that waited for its practitioner: the files it held
    intake_attach(actor=actor, case=case, source=source, held=held if isinstance(held, list) else None)
    if answers["requester_kind"] == "patient":
        for purpose in CONSENT_PURPOSES:
            if answers.get(purpose):
                consent_record(
                    actor=actor,
                    case_id=case.pk,
                    purpose=purpose,
                    method=Consent.Method.IN_APP,
                    source=source,
                )
    return case
