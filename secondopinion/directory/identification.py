"""Who the patient is: identification by BSN plus date of birth, and the verification of a patient's
identity before medical data flows.

- **Identification** (`patient_identify`): staff and referrers name a patient by BSN *and* date of
  birth; the answer is only the initials and the year of birth, to confirm "is this the right
  patient?" before anything is created. A BSN alone names nobody. A wrong or unknown pair gets one
  answer, whatever the reason, counts towards the user's limit of failed identifications
  (TM_IDENTIFY_RATE per window, then 429) and is recorded in the security log with a keyed hash of the
  tried BSN, never the number (audit/security.py). A found patient is an access to patient data: it is
  logged (NEN 7513, "identity").
- **Verification at the desk** (`identity_desk_find`, `identity_verify_desk`): a coordinator checks
  BSN, date of birth and an ID document in person, and records it — only for a patient with a case
  at their own organisation (as for a paper consent, directory.services); for any other, NotFound.
- **Verification through an OpenID Connect provider** (DigiD through a broker: directory/oidc.py):
  `identity_verify_oidc` compares the provider's BSN claim with the patient's.
- **Registration** (`patient_register`): a coordinator registers a patient, optionally verifying the
  identity at the desk in the same step. A BSN that is already registered gets the one answer of a
  failed identification (counted and recorded the same way).

Until the identity is verified, a patient can prepare and submit a request, but no records are
requested (records/requesting.py asks `identity_unverified_refusal`).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from secondopinion.access.policy import coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import (
    TooManyAttempts,
    identification_failed,
    identification_wait,
    keyed_hash,
    security_note,
)
from secondopinion.audit.services import access_record
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.models import Patient
from secondopinion.directory.services import coordinated_organisations_of_patient
from secondopinion.directory.validators import normalise_bsn, validate_bsn

OIDC = "oidc"
DESK = "desk"
METHOD_LABELS = {
    OIDC: Text("via DigiD (identiteitsprovider)", "through DigiD (identity provider)"),
    DESK: Text(
        "aan de balie (BSN, geboortedatum en identiteitsbewijs)", "at the desk (BSN, date of birth and ID)"
    ),
}

IDENTIFY_THROTTLED = Text(
    "U heeft te vaak een patiënt opgegeven die niet kon worden gevonden. Probeer het later opnieuw.",
    "You named a patient who could not be found too often. Try again later.",
)
PATIENT_NOT_FOUND = Text("Deze patiënt bestaat niet.", "This patient does not exist.")
ONLY_COORDINATORS = Text(
    "Alleen een coördinator schrijft een patiënt in of controleert een identiteit aan de balie.",
    "Only a coordinator registers a patient or checks an identity at the desk.",
)
CONFIRM_DOCUMENT = Text(
    "Bevestig dat u BSN, geboortedatum en een geldig identiteitsbewijs van de patiënt hebt gecontroleerd.",
    "Confirm that you checked the patient's BSN, date of birth and a valid ID document.",
)


# The one answer for a BSN and date of birth that name nobody, in words: whichever fields a caller
# named them (bsn, patient_bsn, birth_date, ...), the field's name goes only into the error's `field`.
IDENTIFY_REFUSED = Text(
    "Met dit BSN en deze geboortedatum kunnen wij geen patiënt vinden. Controleer het BSN en de "
    "geboortedatum van de patiënt.",
    "We cannot find a patient with this BSN and date of birth. Check the patient's BSN and date of birth.",
)
BIRTH_DATE_NEEDED = Text(
    "Geef bij het BSN ook de geboortedatum van de patiënt.",
    "Give the patient's date of birth with the BSN.",
)


def identify_refused() -> Text:
    """The one answer for a BSN and date of birth that name nobody (wrong or unknown, whatever the
    reason), so that no answer tells a registered BSN from an unregistered one. It names the fields
    by their labels, never by their names."""
    return IDENTIFY_REFUSED


def valid_bsn(value: str, field: str = "bsn") -> str:
    """The BSN in its normal form (9 ASCII digits passing the 11-check), or InvalidInput naming `field`."""
    bsn = normalise_bsn(value or "")
    try:
        validate_bsn(bsn)
    except ValidationError as exc:
        raise InvalidInput(
            Text(
                f"{value!r} is geen geldig BSN (9 cijfers die de elfproef doorstaan).",
                f"{value!r} is not a valid BSN (9 digits that pass the 11-check).",
            ),
            field=field,
        ) from exc
    return bsn


def required_birth_date(value: dt.date | None, field: str = "birth_date") -> dt.date:
    """A patient is identified by BSN *and* date of birth: a BSN alone names nobody."""
    if value is None:
        raise InvalidInput(BIRTH_DATE_NEEDED, field=field)
    return value


def _throttle(actor: User, field: str) -> None:
    wait = identification_wait(actor)
    if wait is not None:
        security_note(SecurityEvent.Kind.THROTTLED, target_kind="patient", detail=field, retry_after=wait)
        raise TooManyAttempts(IDENTIFY_THROTTLED, retry_after=wait, field=field)


def _failed(actor: User, bsn: str, why: str, bsn_field: str) -> InvalidInput:
    """Count and record a failed identification; the one answer to raise."""
    identification_failed(actor)
    security_note(
        SecurityEvent.Kind.IDENTIFICATION_FAILED,
        target_kind="patient",
        detail=f"{why} bsn#{keyed_hash(bsn)}",
    )
    return InvalidInput(identify_refused(), field=bsn_field)


def identifier_role(actor: User) -> Role | None:
    """Who may identify a patient: a coordinator, a practitioner (referrer or treating), or a
    representative (only the patients they are registered for); None for anyone else (a patient, a
    stranger, the administrator, who sees no patient data)."""
    if actor.is_authenticated and actor.is_active:
        if coordinator_organisations(actor):
            return Role.COORDINATOR
        if getattr(actor, "practitioner", None) is not None:
            return Role.REFERRER
        if actor.representations.exists():
            return Role.REPRESENTATIVE
    return None


def patient_identify(
    *,
    actor: User,
    bsn: str,
    birth_date: dt.date | None,
    source: str,
    bsn_field: str = "bsn",
    date_field: str = "birth_date",
) -> Patient:
    """The patient named by this BSN and date of birth together, for the caller to confirm by initials
    and year of birth. One answer for wrong and unknown — and for a caller who may identify nobody
    (a patient, a stranger) or not this patient (a representative of another) —, throttled and
    recorded; a found patient is logged as a search of their identity."""
    role = identifier_role(actor)
    _throttle(actor, bsn_field)
    number = valid_bsn(bsn, bsn_field)
    born = required_birth_date(birth_date, date_field)
    found = Patient.objects.filter(bsn=number, date_of_birth=born)
    if role == Role.REPRESENTATIVE:
        found = found.filter(representatives__user=actor)
    patient = found.first() if role is not None else None
    if patient is None or role is None:
        raise _failed(actor, number, "identify", bsn_field)
    access_record(
        actor=actor, action="search", data="identity", source=source, role=role, basis=role, patient=patient
    )
    return patient


def confirmation(patient: Patient) -> dict[str, object]:
    """What an identification shows to confirm the patient: initials and year of birth, no more."""
    return {"patient_id": patient.pk, "initials": patient.initials, "birth_year": patient.date_of_birth.year}


# --- verification at the desk ----------------------------------------------------------------------


def identity_desk_find(*, actor: User, bsn: str, birth_date: dt.date | None, source: str) -> Patient:
    """A coordinator finds the patient at the desk by BSN and date of birth — only a patient with a
    case at their organisation. Anything else is the one answer of a failed identification."""
    if not (actor.is_authenticated and actor.is_active and coordinator_organisations(actor)):
        raise NotFound(PATIENT_NOT_FOUND)
    _throttle(actor, "bsn")
    number = valid_bsn(bsn)
    born = required_birth_date(birth_date)
    patient = (
        Patient.objects.filter(
            bsn=number, date_of_birth=born, cases__organisation_id__in=coordinator_organisations(actor)
        )
        .distinct()
        .first()
    )
    if patient is None:
        raise _failed(actor, number, "desk", "bsn")
    access_record(
        actor=actor,
        action="search",
        data="identity",
        source=source,
        role=Role.COORDINATOR,
        basis=Role.COORDINATOR,
        patient=patient,
    )
    return patient


def _mark_verified(patient: Patient, method: str, by: User | None) -> None:
    patient.identity_verified_at = timezone.now()
    patient.identity_verified_method = method
    patient.identity_verified_by = by
    patient.save(update_fields=["identity_verified_at", "identity_verified_method", "identity_verified_by"])


@transaction.atomic
def identity_verify_desk(*, actor: User, patient_id: int, document_checked: bool, source: str) -> Patient:
    """A coordinator records that they checked the patient's BSN, date of birth and ID document in
    person — only for a patient with a case at their organisation (any other: NotFound)."""
    if not coordinated_organisations_of_patient(actor, patient_id):
        raise NotFound(PATIENT_NOT_FOUND)
    patient = Patient.objects.select_for_update().get(pk=patient_id)
    if document_checked is not True:
        raise InvalidInput(CONFIRM_DOCUMENT, field="document_checked")
    if patient.identity_verified:
        assert patient.identity_verified_at is not None
        stamp = timezone.localtime(patient.identity_verified_at).strftime("%d-%m-%Y %H:%M")
        raise TransitionNotAllowed(
            Text(
                f"De identiteit van deze patiënt is al vastgesteld op {stamp}.",
                f"This patient's identity was already verified on {stamp}.",
            ),
            field="document_checked",
        )
    _mark_verified(patient, DESK, actor)
    access_record(
        actor=actor,
        action="update",
        data="identity",
        source=source,
        role=Role.COORDINATOR,
        basis=Role.COORDINATOR,
        patient=patient,
    )
    return patient


# --- verification through an OpenID Connect provider -----------------------------------------------

OIDC_MISMATCH = Text(
    "Het BSN dat DigiD (uw identiteitsprovider) doorgaf, hoort niet bij dit account. Uw identiteit is "
    "niet vastgesteld. Neem contact op met de praktijk; daar kan uw identiteit ook aan de balie worden "
    "gecontroleerd.",
    "The citizen service number DigiD (your identity provider) returned does not belong to this "
    "account. Your identity has not been verified. Contact the practice; your identity can also be "
    "checked at the desk.",
)


class IdentityMismatch(NotPermitted):
    """The identity provider vouched for another person than this account's patient."""

    code = "identity_mismatch"


@transaction.atomic
def identity_verify_oidc(*, patient: Patient, actor: User, claimed_bsn: str, source: str = "web") -> Patient:
    """The provider returned `claimed_bsn` for the logged-in patient: the same BSN verifies the
    identity (method oidc); another is refused (IdentityMismatch) and recorded in the security log."""
    number = normalise_bsn(claimed_bsn or "")
    if number != patient.bsn:
        security_note(
            SecurityEvent.Kind.IDENTIFICATION_FAILED,
            target_kind="patient",
            target_id=patient.pk,
            detail=f"oidc mismatch bsn#{keyed_hash(number)}",
        )
        raise IdentityMismatch(OIDC_MISMATCH, field="bsn")
    if not patient.identity_verified or patient.identity_verified_method != OIDC:
        _mark_verified(patient, OIDC, None)
    access_record(
        actor=actor,
        action="update",
        data="identity",
        source=source,
        role=Role.PATIENT,
        basis=Role.PATIENT,
        patient=patient,
    )
    return patient


# --- until verified, no records are requested ------------------------------------------------------


def identity_unverified_refusal(patient: Patient) -> Text | None:
    """Why no records may be requested for this patient yet, or None once the identity is verified."""
    if patient.identity_verified:
        return None
    return Text(
        "Er worden nog geen gegevens opgevraagd: de identiteit van de patiënt is nog niet vastgesteld. "
        "Ontbrekende stap: de patiënt logt in via DigiD, of een coördinator controleert BSN, "
        "geboortedatum en identiteitsbewijs aan de balie (Identiteit controleren).",
        "No records are requested yet: the patient's identity has not been verified. Missing step: "
        "the patient logs in through DigiD, or a coordinator checks BSN, date of birth and an ID "
        "document at the desk (Check identity).",
    )


def require_identity_verified(patient: Patient) -> None:
    """Refuse (409, naming the missing step) while the patient's identity is not verified."""
    refusal = identity_unverified_refusal(patient)
    if refusal is not None:
        raise TransitionNotAllowed(refusal, field="identity_verified")
