"""Background work of appointments, on the database task queue (django-tasks-db; `manage.py
serve_worker` runs it): the reminder the day before, and a sweep for any reminder still owed."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from secondopinion.appointments.models import Appointment
from secondopinion.appointments.reminders import appointment_remind, appointments_remind_due
from secondopinion.appointments.times import reminder_due


@task()
def send_appointment_reminder(appointment_id: int, sequence: int) -> int:
    """The reminder of one appointment as booked at `sequence`; a moved or cancelled one sends nothing."""
    return appointment_remind(appointment_id=appointment_id, sequence=sequence)


@task()
def remind_appointments() -> int:
    """Every reminder that is due and unsent (cron or a periodic enqueue)."""
    return appointments_remind_due()


def schedule_reminder(appointment: Appointment) -> None:
    """After commit, queue the reminder for the appointment's time: at 09:00 in Amsterdam the day
    before, or at once when that moment has passed. A backend that cannot run a task later (the
    immediate one of development) leaves a future reminder to `remind_appointments`."""
    due = reminder_due(appointment.slot.starts_at)
    args = (appointment.pk, appointment.sequence)

    def enqueue() -> None:
        if due <= timezone.now():
            send_appointment_reminder.enqueue(*args)
        elif send_appointment_reminder.get_backend().supports_defer:
            send_appointment_reminder.using(run_after=due).enqueue(*args)

    transaction.on_commit(enqueue)
