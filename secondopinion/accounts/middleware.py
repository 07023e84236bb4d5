"""Holds a practitioner or staff member at the second-factor step until a TOTP code or a passkey is verified.

Runs after django-otp's OTPMiddleware, which tells whether this session's login was verified with
a device, of either kind (`user.is_verified()`). Until it was, every page except logging in and out,
the code pages themselves, the passkey's login ceremony and the language switch redirects to the
verify page (or, without a confirmed authenticator app, to enrolment). The API is not held here:
its bearer tokens are only issued with a code (secondopinion/api/auth.py).
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from secondopinion.accounts.second_factor import confirmed_device, second_factor_required

# Views an unverified user may still reach, by their namespaced URL name.
OPEN_VIEWS = frozenset(
    {
        "web:login",
        "web:logout",
        "web:otp-verify",
        "web:otp-enrol",
        "set_language",
        # The passkey's login ceremony and its texts (passkeys.py); adding a passkey is not open.
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
        "admin:login",
        "admin:logout",
    }
)


def is_open(request: HttpRequest) -> bool:
    match = request.resolver_match
    if match is None:
        return True
    if match.view_name in OPEN_VIEWS or "api" in match.namespaces:
        return True
    return request.path_info.startswith(f"/{settings.STATIC_URL.lstrip('/')}")


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not second_factor_required(user) or user.is_verified() or is_open(request):
            return None
        target = "web:otp-verify" if confirmed_device(user) is not None else "web:otp-enrol"
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)


class VerifiedEmailMiddleware:
    """A self-registered account logs in only with a verified e-mail address (allauth's mandatory
    verification). /login/ is Django's login page, which does not know that rule, so an account
    whose address is not verified yet is logged out again here, sent a new confirmation link, and
    shown allauth's "check your e-mail" page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or request.session.get(_CHECKED_KEY) == user.pk:
            return None
        from allauth.account.models import EmailAddress

        addresses = list(EmailAddress.objects.filter(user=user))
        if not addresses or any(address.verified for address in addresses):
            request.session[_CHECKED_KEY] = user.pk
            return None
        primary = next((a for a in addresses if a.primary), addresses[0])
        logout(request)
        primary.send_confirmation(request)
        return redirect("account_email_verification_sent")


_CHECKED_KEY = "tm_email_verified"
