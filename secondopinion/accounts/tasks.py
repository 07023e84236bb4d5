"""Account e-mails (confirm your address, reset your password) that the mail server did not take at the
moment the user asked: sent again by the task worker, after a growing pause, instead of the user's
request ending in an error and the e-mail being lost."""

import datetime as dt
import logging
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.tasks import task
from django.tasks.exceptions import InvalidTask
from django.utils import timezone

logger = logging.getLogger(__name__)

# Pauses before attempts 2, 3, … (minutes): the last one some four hours after the first.
PAUSES = (1, 2, 5, 10, 30, 60, 120)


def as_parts(message: EmailMessage) -> dict[str, Any]:
    """What a task needs to send `message` again (a task's arguments are JSON)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "content_subtype": message.content_subtype,
        "alternatives": [[str(a[0]), a[1]] for a in getattr(message, "alternatives", [])],
    }


def _message(parts: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(parts["subject"], parts["body"], parts["from_email"], parts["to"])
    message.content_subtype = parts["content_subtype"]
    for content, mimetype in parts["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def retry_later(parts: dict[str, Any], attempt: int, error: Exception) -> bool:
    """Queue attempt `attempt + 1` after its pause; False (and an error in the log) when the attempts
    are used up or the task backend cannot wait (TM_TASK_BACKEND=immediate)."""
    if attempt > len(PAUSES):
        logger.error(
            "account e-mail to %d recipient(s) given up after %d attempts: %s",
            len(parts["to"]),
            attempt,
            error,
        )
        return False
    run_after = timezone.now() + dt.timedelta(minutes=PAUSES[attempt - 1])
    try:
        deliver_account_mail.using(run_after=run_after).enqueue(parts, attempt + 1)
    except InvalidTask:
        logger.error("account e-mail not sent and not queued again (the task backend cannot wait): %s", error)
        return False
    logger.warning(
        "account e-mail not sent (attempt %d): %s; trying again after %s", attempt, error, run_after
    )
    return True


@task()
def deliver_account_mail(parts: dict[str, Any], attempt: int) -> str:
    try:
        _message(parts).send()
    except OSError as exc:  # smtplib's errors are OSErrors, like a refused connection
        return "queued again" if retry_later(parts, attempt, exc) else "given up"
    return "sent"
