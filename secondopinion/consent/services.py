"""Writes to the consent ledger (R18): explicit, purpose-bound, recorded with who/when/how, revocable."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.consent.models import PURPOSES, Consent
from secondopinion.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.distribution.services import distribution_follow_consent
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_store
from secondopinion.records.closing import data_requests_close_for_revocation


@transaction.atomic
def consent_record(
    *,
    actor: User,
    case_id: int,
    purpose: str,
    method: str,
    given_by_name: str = "",
    scope: str = "",
    source: str,
    signed_form: File | None = None,
) -> Consent:
    """Record a consent for one purpose: in the app by the patient, or from a signed form by staff,
    which is stored with it (R18: written, with who, when and how)."""
    case, role = case_for(actor, case_id, Action.RECORD_CONSENT)
    if purpose not in PURPOSES:
        raise InvalidInput(
            Text("Onbekend doel van de toestemming.", "Unknown purpose of the consent."), field="purpose"
        )
    if role == Role.PATIENT:
        if signed_form is not None:
            raise InvalidInput(
                Text(
                    "In de app geeft u zelf toestemming; een ondertekend formulier is niet nodig.",
                    "In the app you give consent yourself; no signed form is needed.",
                ),
                field="file",
            )
        method, given_by_name = Consent.Method.IN_APP, case.patient.name
    elif method != Consent.Method.SIGNED_UPLOAD:
        raise InvalidInput(
            Text(
                "Namens de patiënt legt u alleen een ondertekende verklaring vast.",
                "On the patient's behalf you record only a signed declaration.",
            ),
            field="method",
        )
    if is_blank(given_by_name):
        raise InvalidInput(Text("Wie gaf de toestemming?", "Who gave the consent?"), field="given_by_name")
    form = None
    if method == Consent.Method.SIGNED_UPLOAD:
        if signed_form is None:
            raise InvalidInput(
                Text("Voeg het ondertekende toestemmingsformulier toe.", "Attach the signed consent form."),
                field="file",
            )
        form = document_store(
            case=case,
            upload=signed_form,
            purpose=Document.Purpose.CONSENT_FORM,
            source=source,
            actor=actor,
            role=role,
            basis=role,
        )
    consent = Consent.objects.create(
        case=case,
        purpose=purpose,
        method=method,
        given_by_name=given_by_name.strip()[:200],
        scope=scope.strip(),
        given_at=timezone.now(),
        recorded_by=actor,
        signed_form=form,
    )
    access_record(
        actor=actor,
        action="update",
        data=f"consent:{purpose}",
        source=source,
        role=role,
        basis=role,
        case=case,
    )
    # R23: a final report reaches whom this consent now entitles to it.
    distribution_follow_consent(case=case, actor=actor, source=source)
    return consent


@transaction.atomic
def consent_revoke(*, actor: User, case_id: int, consent_id: int, source: str) -> Consent:
    """Revoke a consent; from now on it allows nothing (R18)."""
    case, role = case_for(actor, case_id, Action.REVOKE_CONSENT)
    consent = Consent.objects.select_for_update().filter(pk=consent_id, case=case).first()
    if consent is None:
        raise NotFound(Text("Deze toestemming bestaat niet.", "This consent does not exist."))
    if consent.revoked_at is not None:
        raise TransitionNotAllowed(
            Text("Deze toestemming is al ingetrokken.", "This consent was already revoked."), field="consent"
        )
    consent.revoked_at, consent.revoked_by = timezone.now(), actor
    consent.save(update_fields=["revoked_at", "revoked_by"])
    # R18: the open data requests resting on it close now, their links with them; the giver is told.
    data_requests_close_for_revocation(consent=consent, actor=actor, role=role, source=source)
    access_record(
        actor=actor,
        action="update",
        data=f"consent:{consent.purpose}:revoked",
        source=source,
        role=role,
        basis=role,
        case=case,
    )
    # R18: a sending that stood on this consent is withdrawn; the next read is refused.
    distribution_follow_consent(case=case, actor=actor, source=source)
    return consent
