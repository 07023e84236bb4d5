"""The reminder the day before: queued in the database task queue when the appointment is booked or
moved, sent exactly once however many times or workers run it, and not at all for a time that was
moved away from or cancelled."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from secondopinion.appointments.models import Appointment, Slot
from secondopinion.appointments.reminders import appointment_remind, appointments_remind_due
from secondopinion.appointments.services import appointment_book, appointment_cancel, appointment_move
from secondopinion.appointments.tasks import remind_appointments, send_appointment_reminder
from secondopinion.appointments.times import reminder_due
from secondopinion.notifications.models import Notification
from secondopinion.notifications.tasks import deliver_notification
from tests.appointments.conftest import at

REMINDER = "appointment_reminder"
# The patient's side: Petra and her representative; the practice gets no reminder.
PATIENT_SIDE = {"petra@example.nl", "vertegenwoordiger@example.nl"}


def deliver_all() -> list[str]:
    for pk in Notification.objects.filter(kind=REMINDER, state="queued").values_list("pk", flat=True):
        deliver_notification.call(pk)
    return sorted(
        address for message in mail.outbox for address in message.to if "Herinnering" in message.subject
    )


@pytest.mark.django_db
def test_booking_queues_the_reminder_for_nine_oclock_the_day_before(
    people, offer, django_capture_on_commit_callbacks
):
    slot = offer(at(5, 15))
    with django_capture_on_commit_callbacks(execute=True):
        appointment = appointment_book(actor=people.patient_user, slot_id=slot.pk, source="web")

    queued = DBTaskResult.objects.get(task_path__endswith="send_appointment_reminder")
    assert queued.run_after == reminder_due(slot.starts_at)
    assert queued.args_kwargs["args"] == [appointment.pk, 0]


@pytest.mark.django_db
def test_running_the_reminder_twice_sends_it_once(people, booked):
    now = reminder_due(booked.slot.starts_at) + dt.timedelta(minutes=1)

    first = appointment_remind(appointment_id=booked.pk, sequence=0, now=now)
    second = appointment_remind(appointment_id=booked.pk, sequence=0, now=now)
    swept = appointments_remind_due(now=now)

    assert (first, second, swept) == (2, 0, 0)
    assert deliver_all() == sorted(PATIENT_SIDE)
    assert "Herinnering: morgen uw afspraak" in mail.outbox[0].subject
    assert "Oostweg" not in mail.outbox[0].body  # no time or place in an e-mail, only a link


@pytest.mark.django_db
def test_no_reminder_before_its_time(people, booked):
    early = reminder_due(booked.slot.starts_at) - dt.timedelta(minutes=1)

    assert appointment_remind(appointment_id=booked.pk, sequence=0, now=early) == 0
    assert appointments_remind_due(now=early) == 0
    assert not Notification.objects.filter(kind=REMINDER).exists()


@pytest.mark.django_db
def test_a_moved_appointment_is_reminded_of_its_new_time_only(people, offer, booked):
    new = offer(at(8, 11))
    appointment_move(actor=people.patient_user, appointment_id=booked.pk, slot_id=new.pk, source="web")
    at_new = reminder_due(new.starts_at) + dt.timedelta(minutes=1)

    assert appointment_remind(appointment_id=booked.pk, sequence=0, now=at_new) == 0  # the old task
    assert appointment_remind(appointment_id=booked.pk, sequence=1, now=at_new) == 2
    assert appointments_remind_due(now=at_new) == 0


@pytest.mark.django_db
def test_a_cancelled_appointment_gets_no_reminder(people, booked):
    appointment_cancel(actor=people.patient_user, appointment_id=booked.pk, reason="Verhuisd.", source="web")
    now = reminder_due(booked.slot.starts_at) + dt.timedelta(minutes=1)

    assert appointment_remind(appointment_id=booked.pk, sequence=0, now=now) == 0
    assert appointment_remind(appointment_id=booked.pk, sequence=1, now=now) == 0
    assert appointments_remind_due(now=now) == 0


@pytest.mark.django_db
def test_the_sweep_sends_a_reminder_whose_task_was_lost(people, booked):
    now = reminder_due(booked.slot.starts_at) + dt.timedelta(hours=2)

    assert appointments_remind_due(now=now) == 2
    assert appointments_remind_due(now=now) == 0


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_reminder_at_once_send_it_once(shared_database, people, offer):
    slot = offer(at(5))
    appointment = appointment_book(actor=people.patient_user, slot_id=slot.pk, source="web")
    # The consult is now an hour away: the reminder's time (09:00 the day before) has passed.
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() + dt.timedelta(hours=1))
    start = threading.Barrier(4, timeout=60)
    outcomes: list[object] = []

    def worker(job) -> None:
        try:
            start.wait()
            outcomes.append(job())
        except Exception as exc:  # a failure is an outcome the assertion shows
            outcomes.append(exc)
        finally:
            connections.close_all()

    jobs = [
        lambda: send_appointment_reminder.call(appointment.pk, 0),
        lambda: send_appointment_reminder.call(appointment.pk, 0),
        lambda: remind_appointments.call(),
        lambda: remind_appointments.call(),
    ]
    threads = [threading.Thread(target=worker, args=(job,), daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"

    assert sorted(outcomes, key=repr) == [0, 0, 0, 2], outcomes
    assert Notification.objects.filter(kind=REMINDER).count() == 2
    assert deliver_all() == sorted(PATIENT_SIDE)
    assert Appointment.objects.get(pk=appointment.pk).reminder_sent_at is not None


@pytest.mark.django_db
def test_the_command_sends_what_is_due_once(people, booked):
    from io import StringIO

    from django.core.management import call_command

    Slot.objects.filter(pk=booked.slot_id).update(starts_at=timezone.now() + dt.timedelta(hours=2))
    first, second = StringIO(), StringIO()
    call_command("remind_appointments", stdout=first)
    call_command("remind_appointments", stdout=second)

    assert first.getvalue().strip() == "reminders queued: 2"
    assert second.getvalue().strip() == "reminders queued: 0"
