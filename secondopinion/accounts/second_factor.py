"""The second factor: a TOTP code (django-otp) that practitioners and staff give after their password,
or a passkey they added once the code was set up (passkeys.py).

Patients and representatives log in with their password only. Everyone who holds a professional
role — a practitioner linked to the user, a coordinator or complaints officer, an administrator —
needs a confirmed authenticator device, on the web (the verify page) and for an API token (`otp`).
A wrong code counts as a failed login for django-axes, so guessing codes ends in the same lockout
as guessing passwords.
"""

import hashlib
import hmac
import time
from base64 import b32encode
from enum import Enum

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.models import User

DEVICE_NAME = "authenticator"
DEMO_DEVICE_NAME = "demo"
CODE_DIGITS = 6


class Outcome(Enum):
    ACCEPTED = "accepted"
    MISSING = "missing"
    MALFORMED = "malformed"
    WRONG = "wrong"
    THROTTLED = "throttled"
    LOCKED_OUT = "locked_out"
    NO_DEVICE = "no_device"


def holds_professional_role(user: User) -> bool:
    """A practitioner, a member of practice staff or an administrator (cached on the user object)."""
    cached = getattr(user, "_tm_professional", None)
    if cached is None:
        from secondopinion.directory.models import Practitioner, StaffMember

        cached = bool(
            user.is_staff
            or user.is_superuser
            or Practitioner.objects.filter(user=user).exists()
            or StaffMember.objects.filter(user=user).exists()
        )
        user._tm_professional = cached  # type: ignore[attr-defined]
    return cached


def second_factor_required(user: User) -> bool:
    """Whether this user must give a TOTP code after the password (settings.TM_REQUIRE_SECOND_FACTOR)."""
    if not getattr(settings, "TM_REQUIRE_SECOND_FACTOR", True):
        return False
    if not user.is_authenticated:
        return False
    return holds_professional_role(user)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled; the same one on every visit until it is confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in: base32 without padding, in groups of four."""
    plain = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(plain[i : i + 4] for i in range(0, len(plain), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth URI as a QR code, an inline SVG data URI: nothing is fetched from elsewhere."""
    return segno.make(device.config_url, error="m", micro=False).svg_data_uri(scale=5, border=2)


def normalised(code: str | None) -> str:
    return "".join((code or "").split())


def well_formed(code: str) -> bool:
    """Six ASCII digits: what an authenticator app shows. (str.isdigit alone also takes "²" and other
    scripts' digits, which the code check would read as other numbers.)"""
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for this device."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def seconds_left(device: TOTPDevice) -> int:
    return device.step - int(time.time() - device.t0) % device.step


def demo_key(seed: str, username: str) -> str:
    """A demo account's TOTP secret (20 bytes, hex), derived from TM_DEMO_TOTP_SEED and the username."""
    return hmac.new(seed.encode(), f"totp:{username}".encode(), hashlib.sha256).digest()[:20].hex()


def _credentials(user: User) -> dict[str, str]:
    return {getattr(settings, "AXES_USERNAME_FORM_FIELD", "username"): user.get_username()}


def is_locked_out(request: HttpRequest, user: User) -> bool:
    """Whether django-axes holds this username at this address (too many failed logins or codes)."""
    return bool(AxesProxyHandler.is_locked(request, _credentials(user)))


def count_failure(request: HttpRequest, user: User) -> bool:
    """A failed second factor other than a code (a passkey that did not verify) counts as a failed
    login, as a wrong code does; True when that locked the user out."""
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def clear_failures(request: HttpRequest, user: User) -> None:
    """A second factor passed clears the failures this username collected from this address."""
    axes_reset(ip=get_client_ip_address(request), username=user.get_username())


def check_code(request: HttpRequest, user: User, device: TOTPDevice | None, code: str | None) -> Outcome:
    """Judge a code for `user` on `device`. A wrong code is a failed login for django-axes; a
    right one clears the failures this username collected from this address."""
    code = normalised(code)
    if not code:
        return Outcome.MISSING
    if device is None:
        return Outcome.NO_DEVICE
    if AxesProxyHandler.is_locked(request, _credentials(user)):
        return Outcome.LOCKED_OUT
    if not well_formed(code):
        outcome = Outcome.MALFORMED
    elif not device.verify_is_allowed()[0]:
        return Outcome.THROTTLED
    else:
        with transaction.atomic():
            locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            accepted = locked.verify_token(code)
        if accepted:
            device.refresh_from_db()
            axes_reset(ip=get_client_ip_address(request), username=user.get_username())
            return Outcome.ACCEPTED
        outcome = Outcome.WRONG
    user_login_failed.send(sender=__name__, credentials=_credentials(user), request=request)
    if getattr(request, "axes_locked_out", False):
        return Outcome.LOCKED_OUT
    return outcome


def confirm_enrolment(request: HttpRequest, user: User, device: TOTPDevice, code: str | None) -> Outcome:
    """The first code of a device being enrolled (pending_device), judged as every code is; a right
    one confirms the device, which from then on is the one the user logs in with. The web's enrolment
    page and the API's (POST /auth/otp/confirm) both end here."""
    outcome = check_code(request, user, device, code)
    if outcome is Outcome.ACCEPTED and not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return outcome
