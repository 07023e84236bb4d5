"""Run from cron (e.g. daily): enqueue the reminder of overdue steps for the task worker, or run it now."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from secondopinion.planning.reminders import overdue_steps_remind
from secondopinion.planning.tasks import remind_overdue_steps


class Command(BaseCommand):
    help = "Remind the coordinators of each step past its due date, once per step."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run here instead of enqueueing the task.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(f"reminded: {overdue_steps_remind()}")
            return
        result = remind_overdue_steps.enqueue()
        self.stdout.write(f"enqueued: {result.id}")
