"""Run from cron (e.g. every minute) beside the worker: post the Tasks that changed to each active
REST-hook Subscription (fhir/subscriptions.py)."""

from typing import Any

from django.core.management.base import BaseCommand

from secondopinion.fhir.subscriptions import subscriptions_notify


class Command(BaseCommand):
    help = "Post the changed Tasks to every active FHIR REST-hook Subscription."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"tasks posted: {subscriptions_notify()}")
