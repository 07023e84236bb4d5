"""The reads of consult appointments: scoped to the user (a stranger finds nothing: NotFound), with
the role the one table permits, and logged in the same transaction (NEN 7513). Each loads what it
shows in a fixed number of queries, however many slots or appointments there are."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from secondopinion.access.permissions import Action, acting_role, refusal
from secondopinion.access.policy import acting_for, roles_for
from secondopinion.accounts.models import User
from secondopinion.appointments.models import Appointment, Slot
from secondopinion.appointments.services import NOT_FOUND
from secondopinion.appointments.times import CUTOFF, week_bounds
from secondopinion.audit.listing import log_list_read
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import cases_visible_to
from secondopinion.core.errors import CASE_NOT_FOUND, NotFound, NotPermitted
from secondopinion.core.roles import Role


@dataclass(frozen=True)
class CaseAppointments:
    case: SecondOpinionCase
    roles: frozenset[Role]
    role: Role
    # Offered times nobody holds, still far enough ahead to choose (the patient's choice).
    open_slots: list[Slot]
    # Every time offered, with `taken` (the practice's overview).
    slots: list[Slot]
    appointments: list[Appointment]


def _taken() -> Exists:
    return Exists(Appointment.objects.filter(slot=OuterRef("pk")).exclude(state=Appointment.State.CANCELLED))


@transaction.atomic
def case_appointments(*, user: User, case_id: int, source: str, now: dt.datetime) -> CaseAppointments:
    """The case's offered times and appointments, for the patient's side, the giver and the coordinator."""
    case = cases_visible_to(user).filter(pk=case_id).first()
    roles = roles_for(user, case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFound(CASE_NOT_FOUND)
    role = acting_role(Action.READ_APPOINTMENTS, roles)
    if role is None:
        raise NotPermitted(refusal(Action.READ_APPOINTMENTS))
    access_record(
        actor=user,
        action="read",
        data="appointments",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    slots: list[Slot] = list(
        Slot.objects.filter(case=case, withdrawn_at__isnull=True)
        .annotate(taken=_taken())
        .order_by("starts_at", "pk")
    )
    appointments = list(
        Appointment.objects.filter(case=case).select_related("slot").order_by("-slot__starts_at", "-pk")
    )
    open_slots = [s for s in slots if not s.taken and s.starts_at > now + CUTOFF]  # type: ignore[attr-defined]
    return CaseAppointments(case, roles, role, open_slots, slots, appointments)


@transaction.atomic
def appointment_export(*, user: User, appointment_id: int, source: str) -> Appointment:
    """One appointment for its calendar file; exporting it is logged."""
    appointment = (
        Appointment.objects.select_related(
            "slot", "slot__giver", "case", "case__patient", "case__organisation", "case__giver"
        )
        .filter(pk=appointment_id)
        .first()
    )
    roles = roles_for(user, appointment.case) if appointment is not None else frozenset()
    if appointment is None or not roles:
        raise NotFound(NOT_FOUND)
    role = acting_role(Action.READ_APPOINTMENTS, roles)
    if role is None:
        raise NotPermitted(refusal(Action.READ_APPOINTMENTS))
    access_record(
        actor=user,
        action="export",
        data="appointment",
        source=source,
        role=role,
        basis=role,
        case=appointment.case,
        on_behalf_of=acting_for(role, appointment.case),
    )
    return appointment


def _agenda_filter(practitioner_id: int) -> Q:
    """The giver's own consults: on cases they give the opinion on, at times offered for them or for
    nobody in particular (offered before a giver was assigned)."""
    return Q(case__giver_id=practitioner_id) & (
        Q(slot__giver_id=practitioner_id) | Q(slot__giver__isnull=True)
    )


@transaction.atomic
def giver_agenda(*, user: User, monday: dt.date, source: str) -> QuerySet[Appointment]:
    """The giver's appointments in the local week from `monday`, cancelled ones left out. Only a
    practitioner has an agenda; listing the patients is one logged search, as the worklist is."""
    practitioner = getattr(user, "practitioner", None) if user.is_authenticated else None
    if practitioner is None:
        raise NotFound(NOT_FOUND)
    start, end = week_bounds(monday)
    agenda = (
        Appointment.objects.filter(
            _agenda_filter(practitioner.pk), slot__starts_at__gte=start, slot__starts_at__lt=end
        )
        .exclude(state=Appointment.State.CANCELLED)
        .select_related("slot", "case", "case__patient")
        .order_by("slot__starts_at", "pk")
    )
    shown = SecondOpinionCase.objects.filter(pk__in=agenda.values("case_id"), giver_id=practitioner.pk)
    log_list_read(user=user, cases=shown, data="appointment-agenda", source=source)
    return agenda
