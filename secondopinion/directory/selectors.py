"""Reads of the directory that name a patient: the patient's own representatives (R8), and the
coordinator's look-up for recording a consent signed on paper. Every read is logged (NEN 7513)."""

import datetime
from typing import TYPE_CHECKING

from secondopinion.access.policy import coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.core.errors import NotFound
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.independence import Candidate, giver_candidates
from secondopinion.directory.models import Patient, Representative

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase

NO_REPRESENTATIONS = Text("Deze pagina bestaat niet.", "This page does not exist.")


def representations_of_patient(*, user: User, source: str) -> tuple[Patient, list[Representative]]:
    """The patient's representatives with their consent state; NotFound for anyone not a patient."""
    patient = getattr(user, "patient", None) if user.is_authenticated and user.is_active else None
    if patient is None:
        raise NotFound(NO_REPRESENTATIONS)
    rows = list(
        Representative.objects.filter(patient=patient)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for row in rows:
        row.patient = patient  # the rule reads the date of birth (access/representation.py): read already
    access_record(
        actor=user,
        action="read",
        data="representation",
        source=source,
        role=Role.PATIENT,
        basis=Role.PATIENT,
        patient=patient,
    )
    return patient, rows


def representations_for_paper(
    *, user: User, bsn: str, date_of_birth: datetime.date, source: str
) -> tuple[Patient | None, list[Representative]]:
    """A coordinator finds the patient of a signed paper form by BSN and date of birth together
    (both on the form; one alone finds nobody), and that patient's representatives — only a patient
    with a case at the coordinator's organisation. The search is logged; NotFound for anyone who
    coordinates nowhere."""
    if not (user.is_authenticated and user.is_active and coordinator_organisations(user)):
        raise NotFound(NO_REPRESENTATIONS)
    # Only a patient with a case at the coordinator's organisation (as directory.services decides).
    patient = (
        Patient.objects.filter(
            bsn=bsn, date_of_birth=date_of_birth, cases__organisation_id__in=coordinator_organisations(user)
        )
        .distinct()
        .first()
    )
    access_record(
        actor=user,
        action="search",
        data="representation",
        source=source,
        role=Role.COORDINATOR,
        basis=Role.COORDINATOR,
        patient=patient,
    )
    if patient is None:
        return None, []
    rows = list(
        Representative.objects.filter(patient=patient)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    for row in rows:
        row.patient = patient
    return patient, rows


# --- the eligible givers of a case (R10, R11), for whoever assigns the giver ---------------------

ONLY_WHO_ASSIGNS = Text(
    "Alleen wie de gever van deze casus toewijst (de coördinator), ziet de mogelijke gevers.",
    "Only whoever assigns this case's giver (the coordinator) sees the possible givers.",
)


def eligible_givers(*, user: User, case_id: int, source: str) -> tuple["SecondOpinionCase", list[Candidate]]:
    """R10, R11: every candidate giver for the case, eligible first, each excluded one with its
    reasons — for whoever may take the assign step (as the web's assign panel); logged as a read of
    the case. A stranger gets NotFound; a related user who may not assign, NotPermitted."""
    from secondopinion.access.permissions import primary_role
    from secondopinion.access.policy import acting_for, roles_for
    from secondopinion.cases.selectors import cases_visible_to
    from secondopinion.core.errors import CASE_NOT_FOUND, NotPermitted
    from secondopinion.protocols.lifecycle import ASSIGN

    case = (
        cases_visible_to(user)
        .select_related("treating_practitioner", "referrer", "patient")
        .filter(pk=case_id)
        .first()
    )
    roles = roles_for(user, case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFound(CASE_NOT_FOUND)
    role = primary_role(frozenset(roles & ASSIGN.roles))
    if role is None:
        raise NotPermitted(ONLY_WHO_ASSIGNS)
    access_record(
        actor=user,
        action="read",
        data="case",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return case, giver_candidates(treating=case.treating_practitioner, referrer=case.referrer)
