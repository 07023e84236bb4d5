"""How django-allauth fits this product: after a login a self-registered account without a patient
record goes to the profile first; e-mails go through Django's e-mail backend in the user's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from secondopinion.accounts.patients import needs_patient_profile


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        url = super().get_login_redirect_url(request)
        if needs_patient_profile(request.user):  # type: ignore[arg-type]
            return f"{reverse('patient-profile')}?{urlencode({'next': url})}"
        return url

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """After sign-up (and verification) without a `next`: the profile (it passes on when done)."""
        return f"{reverse('patient-profile')}?{urlencode({'next': super().get_signup_redirect_url(request)})}"
