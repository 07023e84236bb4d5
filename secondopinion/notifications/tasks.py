"""Background work: notifications are delivered by a task, after the transaction that owed them committed."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from secondopinion.notifications.messages import compose
from secondopinion.notifications.models import Notification

MAX_ATTEMPTS = 5


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
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.email])
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
