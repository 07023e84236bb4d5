"""Deliver what is still queued: after a worker outage, or from cron as a safety net."""

from django.core.management.base import BaseCommand

from secondopinion.notifications.tasks import requeue_queued


class Command(BaseCommand):
    help = "Enqueue delivery of every notification that is still queued."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"{requeue_queued()} notification(s) enqueued.")
