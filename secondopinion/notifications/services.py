"""Owing someone an e-mail. Called by other services inside their own transaction."""

from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction

from secondopinion.notifications.messages import NOTICES
from secondopinion.notifications.models import Notification
from secondopinion.notifications.tasks import deliver_notification


def absolute_link(path: str) -> str:
    """A link into the product for an e-mail: the site's public address (TM_SITE_URL) and a path."""
    return urljoin(settings.TM_SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def notification_queue(
    *,
    kind: str,
    email: str,
    name: str,
    reference: str,
    path: str,
    language: str = "nl",
    recipient=None,
    secret_link: bool = False,
) -> Notification | None:
    """Write the notification row now and deliver it after commit. Without an address there is nobody to
    tell by e-mail: the news waits in the product, and None says so. A `secret_link` (one that grants
    access by itself) is erased from the outbox once the mail is sent."""
    if kind not in NOTICES:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not email:
        return None
    notification = Notification.objects.create(
        kind=kind,
        recipient=recipient,
        email=email,
        name=name[:200],
        language=language if language in ("nl", "en") else "nl",
        reference=reference,
        link=absolute_link(path),
        secret_link=secret_link,
    )
    transaction.on_commit(lambda: deliver_notification.enqueue(notification.pk))
    return notification
