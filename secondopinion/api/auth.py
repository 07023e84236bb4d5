"""Bearer-token authentication for systems."""

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from secondopinion.accounts.models import User
from secondopinion.api.models import ApiToken, token_hash


def actor(request: HttpRequest) -> User:
    """The user behind the bearer token of an authenticated request."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise PermissionError("the endpoint requires authentication")
    return user


def presented_token(request: HttpRequest) -> ApiToken:
    """The token an authenticated request carried."""
    token = request.__dict__.get("api_token")
    if not isinstance(token, ApiToken):
        raise PermissionError("the endpoint requires a token")
    return token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()
        if found is None or not found.usable:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.__dict__["api_token"] = found
        request.user = found.user
        return found.user
