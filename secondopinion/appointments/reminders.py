"""The e-mail reminder on the day before a consult, sent exactly once per appointment time.

Booking and moving enqueue a task in the database queue to run at `times.reminder_due` (tasks.py);
`remind_appointments` (a task and a command) also sends whatever is due and unsent, in case a
queued task was lost. However many workers run these at once, one compare-and-set decides: the
UPDATE that sets `reminder_sent_at` on the appointment as it was booked (its id, its SEQUENCE, still
booked, not yet reminded) changes one row for exactly one of them; the others change none and send
nothing. The e-mails are outbox rows written in that same transaction (notifications.Notification)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from secondopinion.appointments.models import Appointment
from secondopinion.appointments.notify import appointment_mail
from secondopinion.appointments.times import reminder_due


@transaction.atomic
def appointment_remind(*, appointment_id: int, sequence: int, now: dt.datetime | None = None) -> int:
    """Queue the reminder of one appointment if it is due and nobody sent it yet; the e-mails queued."""
    now = now or timezone.now()
    appointment = (
        Appointment.objects.select_related("slot", "case__patient__user", "case__giver__user")
        .filter(pk=appointment_id, sequence=sequence, state=Appointment.State.BOOKED)
        .first()
    )
    if appointment is None or appointment.reminder_sent_at is not None:
        return 0
    starts_at = appointment.slot.starts_at
    if not reminder_due(starts_at) <= now < starts_at:
        return 0
    won = Appointment.objects.filter(
        pk=appointment_id,
        sequence=sequence,
        state=Appointment.State.BOOKED,
        reminder_sent_at__isnull=True,
    ).update(reminder_sent_at=now)
    if not won:
        return 0
    return appointment_mail(
        case=appointment.case, kind="appointment_reminder", actor=None, patient_side_only=True
    )


def appointments_remind_due(*, now: dt.datetime | None = None) -> int:
    """Send every reminder that is due and unsent, each in its own transaction; the e-mails queued."""
    now = now or timezone.now()
    # Due means: the consult starts within the next two days and the reminder's own time has come.
    candidates = Appointment.objects.filter(
        state=Appointment.State.BOOKED,
        reminder_sent_at__isnull=True,
        slot__starts_at__gt=now,
        slot__starts_at__lte=now + dt.timedelta(days=2),
    ).values_list("pk", "sequence")
    return sum(appointment_remind(appointment_id=pk, sequence=seq, now=now) for pk, seq in candidates)
