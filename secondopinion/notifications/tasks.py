"""Background work: notifications are delivered by a task, after the transaction that owed them committed.

Delivery is at least once, with a Message-ID of its own per notification: the mail is handed to the
mail server inside the transaction that marks the outbox row sent, so a worker killed between the two
leaves the row queued and its task claimed but never finished. The next worker to start enqueues
every queued row again (`requeue_queued`, as `manage.py send_notifications` does), and the copy it
sends carries the same Message-ID, by which the receiving side can tell it is the same mail."""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from secondopinion.notifications.messages import compose
from secondopinion.notifications.models import Notification

MAX_ATTEMPTS = 5


def message_id(notification: Notification) -> str:
    """The same for every sending of one notification, and unique to it (its id and creation time)."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<notification.{notification.pk}.{int(notification.created_at.timestamp())}@{domain}>"


def requeue_queued() -> int:
    """Enqueue delivery of every notification still queued: one whose task died with its worker, or
    failed and may be tried again. A row already sent by the time its task runs is left alone."""
    pending = list(Notification.objects.filter(state=Notification.State.QUEUED).values_list("pk", flat=True))
    for pk in pending:
        deliver_notification.enqueue(pk)
    return len(pending)


@task()
def deliver_notification(notification_id: int) -> str:
    """Send one queued notification; a failure is recorded and retried by `send_notifications`."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.state == Notification.State.SENT:
            return "nothing to do"
        subject, body = compose(
            notification.kind,
            language=notification.language,
            name=notification.name,
            reference=notification.reference,
            link=notification.link,
            sender=notification.sender,
        )
        notification.attempts += 1
        try:
            headers = {"Message-ID": message_id(notification)}
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [notification.email], headers=headers
            ).send()
        except OSError as exc:
            notification.error = str(exc)[:300]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.state = Notification.State.FAILED
            notification.save(update_fields=["attempts", "error", "state"])
            return "failed"
        notification.state = Notification.State.SENT
        notification.sent_at = timezone.now()
        notification.error = ""
        if notification.secret_link:
            notification.link = ""
        notification.save(update_fields=["attempts", "error", "state", "sent_at", "link"])
        return "sent"
