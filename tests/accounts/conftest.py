"""Helpers for the second-factor, lockout and token tests."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.models import User
from secondopinion.accounts.second_factor import current_code

PASSWORD = "correct horse battery staple"


def authenticator(user: User) -> TOTPDevice:
    """A confirmed authenticator app for `user`, as if set up earlier."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return current_code(device)


def wrong(right: str) -> str:
    return f"{(int(right) + 500_000) % 1_000_000:06d}"


def token_request(client: Client, **body):
    return client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")


@pytest.fixture
def no_code_throttle(settings):
    """django-otp slows down guessing with a delay after each wrong code; a test that gives the right
    code right after a wrong one lifts that delay (the lockout after repeated failures stays)."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


@pytest.fixture
def patient_with_address(cast) -> User:
    """Petra, logged in elsewhere with her confirmed e-mail address (chosen username "petra")."""
    user = cast.patient_user
    user.email = "petra@example.nl"
    user.save(update_fields=["email"])
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
