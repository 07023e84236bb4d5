"""URLs of the passkey (secondopinion/accounts/passkeys.py).

`ceremonies`, under /passkey/ in the `otp_webauthn` namespace, because django-otp-webauthn's template
tags and scripts find them by those names: the JSON endpoints of adding a passkey and of logging in
with one, and the catalogue of its script's texts. `pages`, under /inlogmethoden/: how a practitioner
or staff member logs in, where they add and remove passkeys.
"""

from django.urls import path
from django.views.i18n import JavaScriptCatalog

from secondopinion.accounts import passkeys

ceremonies = (
    [
        path(
            "registration/begin/",
            passkeys.BeginRegistration.as_view(),
            name="credential-registration-begin",
        ),
        path(
            "registration/complete/",
            passkeys.CompleteRegistration.as_view(),
            name="credential-registration-complete",
        ),
        path(
            "authentication/begin/",
            passkeys.BeginAuthentication.as_view(),
            name="credential-authentication-begin",
        ),
        path(
            "authentication/complete/",
            passkeys.CompleteAuthentication.as_view(),
            name="credential-authentication-complete",
        ),
        path(
            "jsi18n/",
            JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]),
            name="js-i18n-catalog",
        ),
    ],
    "otp_webauthn",
)

pages = (
    [
        path("", passkeys.login_methods, name="login-methods"),
        path("passkeys/<int:passkey_id>/verwijderen/", passkeys.passkey_remove, name="passkey-remove"),
    ],
    "accounts",
)
