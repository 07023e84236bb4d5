"""Bearer tokens (/auth/token): issue one for a login, revoke the one a request carries."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, login_for_token, presented_token
from secondopinion.api.models import ApiToken

router = Router()


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
