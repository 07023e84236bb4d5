"""Helpers for the invitation tests: the link from the outbox, and the TOTP code of a device."""

import re
from base64 import b32decode

from django.core import mail
from django_otp.oath import TOTP

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


def app_code(secret: str, at_step: int = 0) -> str:
    """What an authenticator app shows for this base32 secret (optionally a later 30-second step, for
    a second login within the same step: each code works once)."""
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)), step=30, digits=6)
    totp.time = totp.time + 30 * at_step
    return f"{totp.token():06d}"
