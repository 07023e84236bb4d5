"""Registering a patient: by a coordinator (BSN and date of birth, identified first) or by the patient at sign-up; both leave an access-log event."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from secondopinion.access.policy import coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.core.errors import InvalidInput, NotPermitted
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.directory.identification import (
    DESK,
    ONLY_COORDINATORS,
    _failed,
    _mark_verified,
    _throttle,
    required_birth_date,
    valid_bsn,
)
from secondopinion.directory.models import Patient

# --- registration ------------------------------------------------------------------------------------


@transaction.atomic
def patient_register(
    *,
    actor: User,
    name: str,
    bsn: str,
    birth_date: dt.date | None,
    source: str,
    email: str = "",
    identity_checked: bool = False,
) -> Patient:
    """A coordinator registers a patient; with `identity_checked` the identity is verified at the desk
    in the same step. A BSN already registered gets the one answer of a failed identification."""
    if not (actor.is_authenticated and actor.is_active and coordinator_organisations(actor)):
        raise NotPermitted(ONLY_COORDINATORS)
    if is_blank(name):
        raise InvalidInput(Text("Geef de naam van de patiënt.", "Give the patient's name."), field="name")
    _throttle(actor, "bsn")
    number = valid_bsn(bsn)
    born = required_birth_date(birth_date)
    if born > timezone.localdate():
        raise InvalidInput(
            Text("De geboortedatum ligt in de toekomst.", "The date of birth is in the future."),
            field="birth_date",
        )
    if Patient.objects.filter(bsn=number).exists():
        raise _failed(actor, number, "register", "bsn")
    patient = Patient(name=name.strip(), bsn=number, date_of_birth=born, email=email.strip())
    try:
        patient.full_clean(exclude=["user", "identity_verified_by"])
        with transaction.atomic():
            patient.save()
    except ValidationError as exc:
        field = next(iter(exc.message_dict), "name")
        raise InvalidInput(
            Text(
                f"Controleer {field}: {exc.message_dict[field][0]}",
                f"Check {field}: {exc.message_dict[field][0]}",
            ),
            field={"date_of_birth": "birth_date"}.get(field, field),
        ) from exc
    except IntegrityError as exc:  # registered at the same moment by someone else
        raise _failed(actor, number, "register", "bsn") from exc
    if identity_checked:
        _mark_verified(patient, DESK, actor)
    access_record(
        actor=actor,
        action="create",
        data="identity",
        source=source,
        role=Role.COORDINATOR,
        basis=Role.COORDINATOR,
        patient=patient,
    )
    return patient


@transaction.atomic
def patient_self_register(
    *, user: User, name: str, date_of_birth: dt.date, bsn: str, source: str = "web"
) -> Patient | None:
    """A patient who signed up makes their own record (accounts/patients.py, after the caller found the
    BSN unknown): linked to the account, identity not verified. The creation is in the access log, in
    the patient's own name. None when the same BSN was registered at this very moment (the caller
    then puts the details on hold, as for any known BSN)."""
    try:
        with transaction.atomic():
            patient = Patient.objects.create(
                user=user, name=name, date_of_birth=date_of_birth, bsn=bsn, email=user.email
            )
    except IntegrityError:
        return None
    access_record(
        actor=user,
        action="create",
        data="identity",
        source=source,
        role=Role.PATIENT,
        basis=Role.PATIENT,
        patient=patient,
    )
    return patient
