"""How django-allauth fits this product: after a login a self-registered account without a patient
record goes to the profile first; e-mails go through Django's e-mail backend in the user's language,
and one the mail server does not take now is sent again later by the task worker (accounts/tasks.py);
the password reset e-mail names the username only when the person chose it."""

import re
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.utils import MAX_USERNAME_SUFFIX_LENGTH, _generate_unique_username_base
from django.core.mail import EmailMessage
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from secondopinion.accounts.patients import needs_patient_profile
from secondopinion.accounts.tasks import as_parts, retry_later


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        url = super().get_login_redirect_url(request)
        if needs_patient_profile(request.user):  # type: ignore[arg-type]
            return f"{reverse('patient-profile')}?{urlencode({'next': url})}"
        return url

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        """After sign-up (and verification) without a `next`: the profile (it passes on when done)."""
        return f"{reverse('patient-profile')}?{urlencode({'next': super().get_signup_redirect_url(request)})}"

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        """allauth adds "your username is …"; a username it made itself from the e-mail address at
        sign-up means nothing to the patient, who logs in with the e-mail address (the e-mail says so)."""
        if not username_was_chosen(user):
            context = {key: value for key, value in context.items() if key != "username"}
        super().send_password_reset_mail(user, email, context)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        """The e-mail, sent now when the mail server takes it; otherwise queued to be sent again (the
        user's sign-up or password reset goes on, and the e-mail is not lost)."""
        message = super().render_mail(template_prefix, email, context, headers)
        send_now = message.send

        def send(fail_silently: bool = False) -> int:
            try:
                return send_now(fail_silently=fail_silently)
            except OSError as exc:
                retry_later(as_parts(message), 1, exc)
                return 0

        message.send = send
        return message


def username_was_chosen(user: Any) -> bool:
    """Whether the username tells its owner something their e-mail address does not: not the address
    itself and not what allauth makes from it at sign-up (the part before the @, lower case, with up
    to MAX_USERNAME_SUFFIX_LENGTH letters or digits added when that name was taken)."""
    username = (user.username or "").lower()
    if not username:
        return False
    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    for address in filter(None, addresses):
        made = re.escape(_generate_unique_username_base([address]).lower())
        if username == address.lower() or re.fullmatch(
            rf"{made}[0-9a-z]{{0,{MAX_USERNAME_SUFFIX_LENGTH}}}", username
        ):
            return False
    return True
