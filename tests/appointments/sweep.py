"""Appointment objects for the access tests (tests/access/test_matrix.py and test_sweep.py): a time still
free and a booked appointment on a case, made directly, so each endpoint has something to act on."""

import datetime as dt

from django.utils import timezone

from secondopinion.appointments.models import Appointment, Slot

# The endpoints whose appointment must lie in the past (attendance is recorded after the time).
AFTER_THE_TIME = frozenset({"appointments:outcome"})


def _slot(case, starts_at: dt.datetime) -> Slot:
    return Slot.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        giver_id=case.giver_id,
        kind="in_person",
        starts_at=starts_at,
        minutes=30,
        location="Oostweg 12, Amersfoort",
        offered_by=case.requester,
    )


def appointment_ids(case, key: str = "") -> dict[str, int]:
    """A free time (slot_id) and the case's booked appointment (appointment_id): in a few days, or an
    hour ago for the endpoints that act after the time."""
    now = timezone.now()
    booked_at = now - dt.timedelta(hours=1) if key in AFTER_THE_TIME else now + dt.timedelta(days=4)
    appointment = Appointment.objects.filter(case=case, state="booked").select_related("slot").first()
    if appointment is None:
        appointment = Appointment.objects.create(
            case=case,
            slot=_slot(case, booked_at),
            booked_by=case.requester,
            booked_role="representative" if case.requester_kind == "representative" else "patient",
        )
    else:
        Slot.objects.filter(pk=appointment.slot_id).update(starts_at=booked_at)
    free = _slot(case, now + dt.timedelta(days=5))
    return {"slot_id": free.pk, "appointment_id": appointment.pk}


def free_slot_of(case) -> int:
    """The newest time on the case that nobody holds (the body of a move), or 0 where there is none:
    the sweep sends the matrix's body with another organisation's ids, and a move there finds nothing."""
    free = Slot.objects.filter(case=case, appointments__isnull=True).order_by("-pk")
    return free.values_list("pk", flat=True).first() or 0


def sweep_ids(side) -> dict[str, int]:
    """The other organisation's free time and booked appointment, on its final case."""
    return appointment_ids(side.case("report_final"))
