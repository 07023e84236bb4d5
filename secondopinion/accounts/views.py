"""The second-factor pages: enrol an authenticator app, then give its code after each password login
(or use a passkey on the same page, passkeys.py)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.forms import CodeForm
from secondopinion.accounts.lockout import lockout_page
from secondopinion.accounts.passkeys import user_passkeys
from secondopinion.accounts.second_factor import (
    Outcome,
    base32_secret,
    check_code,
    confirm_enrolment,
    confirmed_device,
    pending_device,
    qr_data_uri,
    second_factor_required,
)
from secondopinion.core.paths import site_path


def safe_next_url(request: HttpRequest) -> str:
    """Where to go after a login step: the `next` asked for, when it is a path of this site; else home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return site_path(request, candidate) or reverse("web:home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _refusal(outcome: Outcome) -> str:
    return {
        Outcome.MISSING: _("Enter the code from your authenticator app."),
        Outcome.MALFORMED: _("A code is 6 digits. Enter the 6 digits your authenticator app shows now."),
        Outcome.WRONG: _(
            "This code is not right. Enter the 6-digit code your authenticator app shows now; "
            "each code works once."
        ),
        Outcome.THROTTLED: _("Too many wrong codes in a row. Wait a little and try again."),
    }[outcome]


def _verified(request: HttpRequest, device: TOTPDevice, next_url: str) -> HttpResponse:
    otp_login(request, device)
    request.session.cycle_key()
    return redirect(next_url)


def _judge(request: HttpRequest, device: TOTPDevice, form: CodeForm, *, enrolling: bool = False) -> Outcome:
    judge = confirm_enrolment if enrolling else check_code
    outcome = judge(request, request.user, device, form.cleaned_data["otp"])  # type: ignore[arg-type]
    if outcome not in (Outcome.ACCEPTED, Outcome.LOCKED_OUT):
        form.add_error("otp", _refusal(outcome))
    return outcome


@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = safe_next_url(request)
    if not second_factor_required(user) or user.is_verified():
        return redirect(next_url)
    device = confirmed_device(user)
    if device is None:
        return redirect(_with_next("web:otp-enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = _judge(request, device, form)
        if outcome is Outcome.ACCEPTED:
            return _verified(request, device, next_url)
        if outcome is Outcome.LOCKED_OUT:
            logout(request)
            return lockout_page(request)
    context = {"form": form, "next": next_url, "has_passkey": user_passkeys(user).exists()}
    return render(request, "accounts/otp_verify.html", context)


@never_cache
@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = safe_next_url(request)
    if not second_factor_required(user) or user.is_verified():
        return redirect(next_url)
    if confirmed_device(user) is not None:
        return redirect(_with_next("web:otp-verify", next_url))
    device = pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = _judge(request, device, form, enrolling=True)
        if outcome is Outcome.ACCEPTED:
            messages.success(
                request, _("Your authenticator app is set up. From now on you log in with a code.")
            )
            return _verified(request, device, next_url)
        if outcome is Outcome.LOCKED_OUT:
            logout(request)
            return lockout_page(request)
    context = {
        "form": form,
        "next": next_url,
        "qr": qr_data_uri(device),
        "otpauth_uri": device.config_url,
        "secret": base32_secret(device),
    }
    return render(request, "accounts/otp_enrol.html", context)
