"""Run from cron (e.g. hourly): expire overdue data requests and send the reminders that are due."""

from typing import Any

from django.core.management.base import BaseCommand

from secondopinion.records.data_requests import data_requests_expire_and_remind


class Command(BaseCommand):
    help = "Expire overdue data requests (R16) and queue the reminders that are due."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = data_requests_expire_and_remind()
        self.stdout.write(f"expired: {counts['expired']}, reminded: {counts['reminded']}")
