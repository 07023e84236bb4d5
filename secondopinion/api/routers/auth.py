"""Bearer tokens (/auth/token): issue one for a login, revoke the one a request carries; and the
second factor's enrolment without a browser (/auth/otp/enrol, /auth/otp/confirm), which the web's
enrolment page does with the same functions (accounts/second_factor.py)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from ninja import Router
from ninja import Status as Reply
from pydantic import Field

from secondopinion.accounts.second_factor import (
    Outcome,
    base32_secret,
    confirm_enrolment,
    confirmed_device,
    pending_device,
    second_factor_required,
)
from secondopinion.api import schemas as s
from secondopinion.api.auth import (
    BearerToken,
    code_shape_problem,
    lockout_problem,
    login_for_token,
    login_refused,
    password_proof,
    presented_token,
)
from secondopinion.api.models import ApiToken

router = Router()


class PasswordIn(s.Schema):
    username: str = Field(min_length=1, max_length=254, description="The username or the e-mail address.")
    password: str = Field(min_length=1, max_length=s.SHORT)


class EnrolmentConfirmIn(PasswordIn):
    otp: str = Field(
        min_length=1, max_length=12, description="The 6-digit code the authenticator app shows now."
    )


class EnrolmentOut(s.Answer):
    secret: str = Field(description="The TOTP secret in base32, for typing into an authenticator app.")
    otpauth_uri: str = Field(description="The same as an otpauth:// URI (what the web's QR code holds).")
    digits: int
    period: int = Field(description="Seconds each code is valid.")


class EnrolmentConfirmed(s.Answer):
    confirmed: bool


def enrolment(device: TOTPDevice) -> dict[str, Any]:
    """A device being enrolled, as an authenticator app takes it."""
    return {
        "secret": base32_secret(device).replace(" ", ""),
        "otpauth_uri": device.config_url,
        "digits": device.digits,
        "period": device.step,
    }


def _enrolling(request: HttpRequest, username: str, password: str) -> tuple[Any, TOTPDevice] | HttpResponse:
    """The user these credentials prove and their device being enrolled; for a user without a second
    factor to set up, or with one set up already, the same answer as a wrong password."""
    user = password_proof(request, username=username, password=password)
    if isinstance(user, HttpResponse):
        return user
    if not second_factor_required(user) or confirmed_device(user) is not None:
        return login_refused(request)
    return user, pending_device(user)


@router.post(
    "/auth/token",
    auth=None,
    response={201: s.TokenOut, 401: s.Problem, 415: s.Problem, 422: s.Problem, 429: s.Problem},
    tags=["auth"],
    operation_id="secondopinion_api_urls_token_create",
)
def token_create(request: HttpRequest, payload: s.TokenIn) -> Any:
    """Exchange a username and password — and for practitioners and staff the TOTP code `otp` — for a
    bearer token with the chosen `scopes`; the secret is shown once. Repeated failures lock out (429)."""
    user = login_for_token(request, username=payload.username, password=payload.password, otp=payload.otp)
    if isinstance(user, HttpResponse):
        return user
    scopes = [scope.value for scope in payload.scopes] if payload.scopes is not None else None
    token, secret = ApiToken.issue(user=user, name=payload.name, scopes=scopes)
    return Reply(
        201, {"token": secret, "prefix": token.prefix, "expires_at": token.expires_at, "scopes": token.scopes}
    )


@router.delete(
    "/auth/token",
    auth=BearerToken(any_scope=True),
    response={204: None, 401: s.Problem},
    tags=["auth"],
    operation_id="secondopinion_api_urls_token_revoke",
)
def token_revoke(request: HttpRequest) -> Any:
    """Revoke the token this request carries."""
    ApiToken.objects.filter(pk=presented_token(request).pk).update(revoked_at=timezone.now())
    return Reply(204, None)


AUTH_ERRORS = {401: s.Problem, 415: s.Problem, 422: s.Problem, 429: s.Problem}


@router.post(
    "/auth/otp/enrol",
    auth=None,
    response={200: EnrolmentOut, **AUTH_ERRORS},
    tags=["auth"],
    operation_id="secondopinion_api_urls_otp_enrol",
)
def otp_enrol(request: HttpRequest, payload: PasswordIn) -> Any:
    """For a practitioner or staff member who has no authenticator app yet: the secret to set one up
    (the same one on every call until it is confirmed), as the web's enrolment page shows it after the
    password. Whoever has set one up already, or needs none, gets the answer of a wrong password. A staff
    invitation accepted through the API (POST /staff/invitations/accept) returns this at once."""
    found = _enrolling(request, payload.username, payload.password)
    if isinstance(found, HttpResponse):
        return found
    _user, device = found
    return enrolment(device)


@router.post(
    "/auth/otp/confirm",
    auth=None,
    response={200: EnrolmentConfirmed, **AUTH_ERRORS},
    tags=["auth"],
    operation_id="secondopinion_api_urls_otp_confirm",
)
def otp_confirm(request: HttpRequest, payload: EnrolmentConfirmIn) -> Any:
    """Confirm the authenticator app with the code it shows now: from then on the code is asked with the
    password (POST /auth/token). A wrong password and a wrong code get the same answer; both count
    towards the lockout."""
    shape = code_shape_problem(payload.otp) if request.content_type == "application/json" else None
    if shape is not None:
        return shape
    found = _enrolling(request, payload.username, payload.password)
    if isinstance(found, HttpResponse):
        return found
    user, device = found
    outcome = confirm_enrolment(request, user, device, payload.otp)
    if outcome is Outcome.LOCKED_OUT:
        return lockout_problem(request)
    if outcome is not Outcome.ACCEPTED:
        return login_refused(request)
    return {"confirmed": True}
