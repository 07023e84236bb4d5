"""Run from cron (e.g. hourly) beside the worker: send any day-before reminder that is due and unsent.

Booking and moving already queue each reminder in the database task queue for its time; this catches
one whose task was lost. A reminder already sent is never sent again (appointments/reminders.py)."""

from typing import Any

from django.core.management.base import BaseCommand

from secondopinion.appointments.reminders import appointments_remind_due


class Command(BaseCommand):
    help = "Queue the e-mail reminders of tomorrow's appointments that are due and not yet sent."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"reminders queued: {appointments_remind_due()}")
