"""Passkeys: the second factor a practitioner or staff member may use instead of the authenticator code.

django-otp-webauthn does the WebAuthn ceremonies (py_webauthn checks the signatures) and adds the
passkey as a django-otp device, so a login verified with one is `user.is_verified()` as with a code and
SecondFactorMiddleware lets it through. What this module adds to the package's views:

- only someone who holds a professional role and has a confirmed authenticator app adds a passkey,
  after this login was verified (the package itself refuses an enrolled user who is not verified);
- a passkey is never a login of its own (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN is off): the password
  comes first, and the ceremony offers only the logged-in user's passkeys;
- a passkey that does not verify is a failed login for django-axes, as a wrong code is, and a
  locked-out user gets no ceremony; a passkey that verifies clears the failures and renews the
  session key, as a right code does.

Adding or removing a passkey is an account event, not an access to patient data: like setting up the
authenticator app it writes nothing to the access log.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_otp_webauthn import exceptions
from django_otp_webauthn.models import WebAuthnCredential
from django_otp_webauthn.views import (
    BeginCredentialAuthenticationView,
    BeginCredentialRegistrationView,
    CompleteCredentialAuthenticationView,
    CompleteCredentialRegistrationView,
)

from secondopinion.accounts.lockout import cool_off_minutes, locked_out_text
from secondopinion.accounts.second_factor import (
    clear_failures,
    confirmed_device,
    count_failure,
    holds_professional_role,
    is_locked_out,
)


class PasskeyNotOffered(exceptions.OTPWebAuthnApiError):
    status_code = 403
    default_detail = gettext_lazy(
        "Passkeys are for practitioners and staff who have set up their authenticator app."
    )
    default_code = "passkey_not_offered"


class LockedOut(exceptions.OTPWebAuthnApiError):
    status_code = 429
    default_code = "locked_out"


def lockout_answer(request: HttpRequest) -> JsonResponse:
    """What the passkey ceremony answers a locked-out user (config/lockout.py): JSON its script shows."""
    minutes = cool_off_minutes(request)
    response = JsonResponse(
        {"detail": str(locked_out_text(minutes)), "code": LockedOut.default_code}, status=429
    )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response


def user_passkeys(user: Any):
    return WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def may_add_passkey(user: Any) -> bool:
    """A practitioner or staff member with a confirmed authenticator app, verified in this login."""
    return bool(
        user.is_authenticated
        and holds_professional_role(user)
        and confirmed_device(user) is not None
        and user.is_verified()
    )


# The ceremonies: the package's views with this product's conditions --------------------------------


class RegistrationConditions:
    def check_can_register(self) -> None:
        user = self.get_user()  # type: ignore[attr-defined]
        if not holds_professional_role(user) or confirmed_device(user) is None:
            raise PasskeyNotOffered()


class BeginRegistration(RegistrationConditions, BeginCredentialRegistrationView):
    pass


class CompleteRegistration(RegistrationConditions, CompleteCredentialRegistrationView):
    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(*args, **kwargs)
        # The page reloads after this answer (accounts/login_methods.js) and shows the message.
        messages.success(self.request, _("Your passkey is added. From now on you may log in with it."))
        return response


class AuthenticationConditions:
    request: HttpRequest

    def check_can_authenticate(self) -> None:
        user: Any = self.request.user
        if not user.is_authenticated or not user.is_active:
            raise exceptions.NotAuthenticated()
        if is_locked_out(self.request, user):
            raise LockedOut(detail=str(locked_out_text(cool_off_minutes(self.request))))


class BeginAuthentication(AuthenticationConditions, BeginCredentialAuthenticationView):
    pass


class CompleteAuthentication(AuthenticationConditions, CompleteCredentialAuthenticationView):
    def complete_auth(self, device: Any) -> None:
        super().complete_auth(device)
        clear_failures(self.request, device.user)
        self.request.session.cycle_key()

    def handle_exception(self, exc: Exception) -> HttpResponse:
        user: Any = self.request.user
        counts = isinstance(exc, exceptions.OTPWebAuthnApiError) and not isinstance(
            exc, LockedOut | exceptions.NotAuthenticated
        )
        if counts and user.is_authenticated and count_failure(self.request, user):
            logout(self.request)
            return lockout_answer(self.request)
        return super().handle_exception(exc)


# The page: how a practitioner or staff member logs in, and their passkeys ---------------------------


@never_cache
@login_required
@require_GET
def login_methods(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not holds_professional_role(user):
        raise Http404
    context = {
        "authenticator": confirmed_device(user),
        "passkeys": user_passkeys(user),
        "may_add": may_add_passkey(user),
    }
    return render(request, "accounts/login_methods.html", context)


@never_cache
@login_required
@require_POST
def passkey_remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    """Remove one of one's own passkeys; anyone else's is not found. The authenticator app stays.
    A login confirmed with the passkey removed is no longer confirmed (django-otp finds no device):
    the next page asks for the code, and the message says why."""
    passkey = get_object_or_404(WebAuthnCredential, pk=passkey_id, user=request.user, confirmed=True)
    used_now = getattr(request.user, "otp_device", None) == passkey
    passkey.delete()
    if used_now:
        messages.success(
            request,
            _(
                "The passkey is removed. You logged in with it, so confirm this login with the code "
                "from your authenticator app."
            ),
        )
    else:
        messages.success(request, _("The passkey is removed. It no longer logs you in."))
    return redirect("accounts:login-methods")
