"""Who is asking: the API's bearer tokens (api/auth.py), their scopes and their refusals, said as
OperationOutcomes. A refused token is written to the security log as the API writes it."""

from django.http import HttpRequest

from secondopinion.accounts.models import User
from secondopinion.api.auth import BearerToken, ScopeMissing
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import security_record
from secondopinion.core.text import Text
from secondopinion.fhir.outcomes import FhirError

UNAUTHENTICATED = Text(
    "Meld u aan met een geldig, niet verlopen token (Authorization: Bearer …).",
    "Authenticate with a valid, unexpired token (Authorization: Bearer …).",
)
_ANY = BearerToken(any_scope=True)


def bearer_user(request: HttpRequest) -> User:
    """The user behind the request's bearer token (any scope yet; `require_scope` narrows), or 401."""
    scheme, _, secret = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    user = _ANY.authenticate(request, secret.strip()) if scheme.lower() == "bearer" and secret else None
    if not isinstance(user, User):
        if secret:
            security_record(request, SecurityEvent.Kind.NOT_PERMITTED, detail="fhir: token refused")
        raise FhirError(401, UNAUTHENTICATED, headers={"WWW-Authenticate": "Bearer"})
    return user


def require_scope(request: HttpRequest, scope: str) -> None:
    """403 naming the scope when the token was narrowed without it (as the API answers; the view
    writes the refusal to the security log)."""
    token = request.__dict__["api_token"]
    if not token.allows(scope):
        raise FhirError(403, ScopeMissing(scope).detail, expression="scopes")
