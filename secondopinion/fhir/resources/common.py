"""What the resource families share: the identifier systems, references, and the access-log event of
a read or a search of patient data, on the same basis the API's selectors log it."""

from datetime import datetime

from django.db.models import QuerySet
from fhir.resources.R4B.reference import Reference

from secondopinion.access.identity import identify
from secondopinion.access.permissions import primary_role
from secondopinion.access.policy import list_basis, visible_cases_filter
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.roles import Role
from secondopinion.directory.models import Patient

SOURCE = "api"  # the FHIR endpoint is part of the API: the same tokens, the same log (AccessEvent.Source)
BSN = "http://fhir.nl/fhir/NamingSystem/bsn"
AGB = "http://fhir.nl/fhir/NamingSystem/agb-z"
BIG = "http://fhir.nl/fhir/NamingSystem/big"
URA = "http://fhir.nl/fhir/NamingSystem/ura"
OURS = "https://tweedemening.nl/fhir"
CASE_REFERENCE = f"{OURS}/NamingSystem/case"
CASE_STATUS = f"{OURS}/CodeSystem/case-status"


def ref(kind: str, pk: int | None, display: str = "") -> Reference | None:
    if pk is None:
        return None
    return Reference(reference=f"{kind}/{pk}", display=display or None)


def instant(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def visible_cases(user: User) -> QuerySet[SecondOpinionCase]:
    return SecondOpinionCase.objects.filter(visible_cases_filter(user))


def own_patient(user: User) -> Patient | None:
    identify(user)
    return getattr(user, "patient", None)


def log_patient_access(*, user: User, patient: Patient, action: str, data: str) -> None:
    """One access-log event for reading `data` of one patient: on the basis of the user's most specific
    role towards that patient (the patient himself, or a role in one of the patient's cases)."""
    own = own_patient(user)
    if own is not None and own.pk == patient.pk:
        role: Role | None = Role.PATIENT
    else:
        roles, _one = list_basis(user, visible_cases(user).filter(patient_id=patient.pk))
        role = primary_role(roles)
    if role is None:
        return
    access_record(
        actor=user,
        action=action,
        data=data,
        source=SOURCE,
        role=role,
        basis=role,
        patient=patient,
        on_behalf_of=patient.name if role == Role.REPRESENTATIVE else "",
    )


def log_search(*, user: User, cases: QuerySet[SecondOpinionCase], data: str, patients: list[Patient]) -> None:
    """One "search" event for a page that shows patient data: the basis is the user's most specific
    role among the cases shown; the patient is named when the page concerns one patient."""
    own = own_patient(user)
    roles, _one = list_basis(user, cases)
    # The patient finding herself before any case of hers exists reads as herself.
    herself = own is not None and any(p.pk == own.pk for p in patients)
    role = primary_role(roles) or (Role.PATIENT if herself else None)
    if role is None or not patients:
        return
    patient = patients[0] if len({p.pk for p in patients}) == 1 else None
    access_record(
        actor=user,
        action="search",
        data=data,
        source=SOURCE,
        role=role,
        basis=role,
        patient=patient,
        on_behalf_of=patient.name if patient is not None and role == Role.REPRESENTATIVE else "",
    )
