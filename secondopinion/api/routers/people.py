"""People over the API: identifying a patient by BSN and date of birth (initials and year of birth to
confirm, nothing more), a coordinator registering a patient, and the desk check of a patient's
identity. The logic is in directory/identification.py; a wrong or unknown BSN and date of birth get
one answer, throttled (429) and recorded in the security log."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Router
from ninja import Status as Reply

from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE
from secondopinion.api.fields import MAX_ID, Answer, Day, Schema
from secondopinion.api.schemas import Problem
from secondopinion.directory.identification import (
    METHOD_LABELS,
    confirmation,
    identity_verify_desk,
    patient_identify,
)
from secondopinion.directory.models import Patient
from secondopinion.directory.registration import patient_register

router = Router(tags=["people"])
PatientId = Annotated[int, Path(ge=1, le=MAX_ID)]
PEOPLE_ERRORS = {**ERRORS, 429: Problem}


class IdentifyIn(Schema):
    bsn: str = Field(max_length=20, description="The patient's BSN (9 digits, 11-check).")
    birth_date: Day = Field(description="The patient's date of birth (YYYY-MM-DD).")


class IdentifiedOut(Answer):
    """Enough to confirm "is this the right patient?", and no more: no name, no full date."""

    patient_id: int
    initials: str
    birth_year: int


class PatientIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    bsn: str = Field(max_length=20)
    birth_date: Day
    email: str = Field("", max_length=254)
    identity_checked: bool = Field(
        False,
        description="True when the coordinator checked BSN, date of birth and an ID document in person now.",
    )


class PatientOut(IdentifiedOut):
    identity_verified: bool
    identity_verified_at: datetime | None
    identity_verified_method: str
    identity_verified_through: str


class DeskCheckIn(Schema):
    document_checked: bool = Field(
        False, description="Must be true: BSN, date of birth and a valid ID document were checked in person."
    )


def _patient_json(patient: Patient) -> dict[str, Any]:
    method = METHOD_LABELS.get(patient.identity_verified_method)
    return {
        **confirmation(patient),
        "identity_verified": patient.identity_verified,
        "identity_verified_at": patient.identity_verified_at,
        "identity_verified_method": patient.identity_verified_method,
        "identity_verified_through": str(method) if method else "",
    }


@router.post(
    "/patients/identify",
    auth=BearerToken("cases:write"),
    response={200: IdentifiedOut, **PEOPLE_ERRORS},
    operation_id="secondopinion_api_people_patient_identify",
)
def patient_identify_endpoint(request: HttpRequest, payload: IdentifyIn) -> Any:
    """Staff and referrers: the patient with this BSN *and* date of birth, as initials and year of
    birth to confirm. Wrong or unknown: one answer (422), throttled (429), recorded."""
    patient = patient_identify(
        actor=actor(request), bsn=payload.bsn, birth_date=payload.birth_date, source=SOURCE
    )
    return confirmation(patient)


@router.post(
    "/patients",
    auth=BearerToken("patients:write"),
    response={201: PatientOut, **PEOPLE_ERRORS},
    operation_id="secondopinion_api_people_patient_create",
)
def patient_create(request: HttpRequest, payload: PatientIn) -> Any:
    """A coordinator registers a patient; `identity_checked: true` also records the identity as
    checked at the desk. A BSN already registered gets the one answer of a failed identification."""
    patient = patient_register(
        actor=actor(request),
        name=payload.name,
        bsn=payload.bsn,
        birth_date=payload.birth_date,
        email=payload.email,
        identity_checked=payload.identity_checked,
        source=SOURCE,
    )
    return Reply(201, _patient_json(patient))


@router.post(
    "/patients/{patient_id}/identity",
    auth=BearerToken("patients:write"),
    response={200: PatientOut, **PEOPLE_ERRORS},
    operation_id="secondopinion_api_people_identity_verify",
)
def identity_verify(request: HttpRequest, patient_id: PatientId, payload: DeskCheckIn) -> Any:
    """A coordinator records the patient's identity as checked at the desk (BSN, date of birth, ID
    document) — only for a patient with a case at their organisation; any other: 404."""
    patient = identity_verify_desk(
        actor=actor(request), patient_id=patient_id, document_checked=payload.document_checked, source=SOURCE
    )
    return _patient_json(patient)
