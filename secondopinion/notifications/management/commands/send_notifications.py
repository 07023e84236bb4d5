"""Deliver what is still queued: after a worker outage, or from cron as a safety net."""

from django.core.management.base import BaseCommand

from secondopinion.notifications.models import Notification
from secondopinion.notifications.tasks import deliver_notification


class Command(BaseCommand):
    help = "Enqueue delivery of every notification that is still queued."

    def handle(self, *args: object, **options: object) -> None:
        pending = list(
            Notification.objects.filter(state=Notification.State.QUEUED).values_list("pk", flat=True)
        )
        for pk in pending:
            deliver_notification.enqueue(pk)
        self.stdout.write(f"{len(pending)} notification(s) enqueued.")
