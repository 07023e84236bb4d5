"""Identity verification through an OpenID Connect provider (DigiD reached through a broker).

django-allauth's `openid_connect` provider is configured from TM_OIDC_* (config/settings.py). When a
logged-in patient connects that provider, or logs in with it, allauth sends `pre_social_login` with
the provider's claims (userinfo, or the ID token). The BSN claim (named by TM_OIDC_BSN_CLAIM,
default "bsn") is compared with the patient's BSN: the same number verifies the identity (method
oidc, logged in the access log); another is refused with a plain page and recorded in the security log
(directory/identification.py). A login without the claim, or by a user who is no patient, is left
alone. Connected in DirectoryConfig.ready(): no setting needed.
"""

import os
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render

from secondopinion.accounts.models import User
from secondopinion.directory.identification import IdentityMismatch, identity_verify_oidc


def bsn_claim_name() -> str:
    return str(getattr(settings, "TM_OIDC_BSN_CLAIM", "") or os.environ.get("TM_OIDC_BSN_CLAIM", "") or "bsn")


def claims_of(extra_data: Any) -> Mapping[str, Any]:
    """The claims allauth stored for an OpenID Connect login: userinfo first, else the ID token."""
    if not isinstance(extra_data, Mapping):
        return {}
    for part in ("userinfo", "id_token"):
        if isinstance(extra_data.get(part), Mapping) and extra_data[part]:
            return extra_data[part]
    return extra_data


def verify_on_social_login(sender: Any, request: HttpRequest, sociallogin: Any, **kwargs: Any) -> None:
    """allauth's pre_social_login receiver: verify the logged-in patient's identity by the BSN claim."""
    from allauth.core.exceptions import ImmediateHttpResponse

    claims = claims_of(getattr(sociallogin.account, "extra_data", None))
    claimed = claims.get(bsn_claim_name())
    if claimed in (None, ""):
        return
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        user = sociallogin.user if getattr(sociallogin, "is_existing", False) else None
    patient = getattr(user, "patient", None) if isinstance(user, User) and user.pk else None
    if patient is None or not isinstance(user, User):
        return  # not a patient's account (yet): nothing to verify
    try:
        identity_verify_oidc(patient=patient, actor=user, claimed_bsn=str(claimed), source="web")
    except IdentityMismatch as exc:
        response = render(request, "web/identity_mismatch.html", {"message": exc.detail}, status=403)
        raise ImmediateHttpResponse(response) from exc


def connect() -> None:
    """Register the receiver (DirectoryConfig.ready)."""
    try:
        from allauth.socialaccount.signals import pre_social_login
    except ImportError:  # allauth not installed: no provider, nothing to verify through
        return
    pre_social_login.connect(verify_on_social_login, dispatch_uid="tm-identity-oidc")
