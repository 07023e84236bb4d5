"""Helpers for the invitation tests: the link from the outbox, and the TOTP code of a device."""

import re

from django.core import mail

from secondopinion.notifications.models import Notification

LINK = re.compile(r"https?://\S+/uitnodiging/([A-Za-z0-9_\-]+)/")


def sent_link(email: str) -> str:
    """The path of the invitation link in the last e-mail to `email` (delivered after commit)."""
    messages = [m for m in mail.outbox if email in m.to]
    assert messages, f"no e-mail to {email}"
    found = LINK.search(messages[-1].body)
    assert found, messages[-1].body
    return f"/uitnodiging/{found.group(1)}/"


def outbox_row(email: str) -> Notification:
    return Notification.objects.filter(email=email).latest("pk")
