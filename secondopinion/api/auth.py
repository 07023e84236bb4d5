"""Bearer-token authentication for systems: scoped tokens, and the login that issues them.

A token is issued for a username (or e-mail address) and password and — for practitioners and staff —
a TOTP code (`otp`). Failed passwords and wrong codes count towards django-axes' lockout, as on the
web, and get one identical answer; refusals and lockouts are written to the security log.
Each endpoint declares the scope it needs (`BearerToken("cases:read")`); a token without it is
refused with 403, naming the scope.
"""

import json
from datetime import timedelta
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja.security import HttpBearer

from secondopinion.access.identity import identity_users, remember_identity
from secondopinion.accounts.lockout import cool_off_minutes, locked_out_text
from secondopinion.accounts.models import User
from secondopinion.accounts.second_factor import (
    Outcome,
    check_code,
    confirmed_device,
    normalised,
    second_factor_required,
    well_formed,
)
from secondopinion.api.models import ApiToken, token_hash
from secondopinion.api.problems import problem
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import security_record
from secondopinion.core.errors import NotPermitted
from secondopinion.core.prepared import Prepared
from secondopinion.core.text import Text

# One answer for every refused login, whichever part was wrong: the username or e-mail address, the
# password, the second factor's code (wrong, missing, used before, slowed down after wrong ones) or a
# missing authenticator. Another answer for a right password would tell a guesser the password is right.
LOGIN_REFUSED = Text(
    "Aanmelden is niet gelukt. Controleer de gebruikersnaam of het e-mailadres en het wachtwoord. "
    "Zorgverleners en medewerkers geven ook de 6-cijferige code uit hun authenticator-app in het veld otp; "
    "elke code werkt één keer. Nog geen authenticator-app ingesteld? Stel die eerst in op de website of met "
    "POST /api/v1/auth/otp/enrol.",
    "The login did not succeed. Check the username or e-mail address and the password. Practitioners and "
    "staff also give the 6-digit code from their authenticator app in the field otp; each code works once. "
    "No authenticator app set up yet? Set one up first on the website or with POST /api/v1/auth/otp/enrol.",
)
LOGIN_FIELDS = ["username", "password", "otp"]
MALFORMED_CODE = Text("Het veld otp bevat 6 cijfers.", "The field otp holds 6 digits.")
JSON_ONLY = Text(
    "Stuur de aanmelding als JSON (Content-Type: application/json).",
    "Send the login as JSON (Content-Type: application/json).",
)


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


class ScopeMissing(NotPermitted):
    """The token is valid but was not issued for what this endpoint does."""

    code = "scope_missing"

    def __init__(self, scope: str | None) -> None:
        self.scope = scope
        if scope is None:
            detail = Text(
                "Dit token is beperkt tot enkele scopes; dit endpoint vraagt een token met alle scopes van uw rollen.",
                "This token is narrowed to some scopes; this endpoint needs a token with every scope of your roles.",
            )
        else:
            detail = Text(
                f"Dit token heeft de scope {scope} niet, die dit endpoint vraagt.",
                f"This token lacks the scope {scope}, which this endpoint needs.",
            )
        super().__init__(detail, field="scopes")


def scope_missing_response(exc: ScopeMissing) -> HttpResponse:
    response = problem(403, exc.detail, code=exc.code, title=exc.title, field=exc.field)
    body = json.loads(response.content)
    body["scope"] = exc.scope
    response.content = json.dumps(body, ensure_ascii=False).encode()
    return response


# The token's user with who the user is in the directory (access/identity.py) and the token's own
# columns, by the hash of its secret: on every API request, one query (core/prepared.py).
_TOKEN_COLUMNS = (
    "id",
    "name",
    "prefix",
    "key_hash",
    "created_at",
    "expires_at",
    "revoked_at",
    "last_used_at",
    "scopes",
)
_TOKEN = Prepared(
    lambda key_hash: (
        identity_users()
        .filter(api_tokens__key_hash=key_hash)
        .annotate(**{f"tm_token_{name}": F(f"api_tokens__{name}") for name in _TOKEN_COLUMNS})
        .order_by()[:1]
    ),
    texts=("key_hash",),
)


def token_by_secret(secret: str) -> ApiToken | None:
    """The token of this secret with its user, and who the user is, read in one query; None if unknown."""
    row: Any = _TOKEN.first(key_hash=token_hash(secret))
    if row is None:
        return None
    remember_identity(row)
    token = ApiToken(user=row, **{name: getattr(row, f"tm_token_{name}") for name in _TOKEN_COLUMNS})
    token._state.adding = False
    token._state.db = row._state.db
    return token


class BearerToken(HttpBearer):
    """A valid, unexpired, unrevoked token that carries `scope`. `any_scope`: every valid token
    (revoking itself); neither: only a token that was not narrowed (an endpoint without a scope)."""

    def __init__(self, scope: str | None = None, *, any_scope: bool = False) -> None:
        super().__init__()
        self.scope = scope
        self.any_scope = any_scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = token_by_secret(token)
        if found is None or not found.usable:
            return None
        if not self.any_scope and not found.allows(self.scope):
            raise ScopeMissing(self.scope)
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.__dict__["api_token"] = found
        request.user = found.user
        return found.user


def login_refused(request: HttpRequest) -> HttpResponse:
    """The one answer to refused credentials (401), recorded in the security log; django-axes has
    already counted the failure towards the lockout."""
    security_record(request, SecurityEvent.Kind.NOT_PERMITTED, detail="login refused")
    return problem(401, LOGIN_REFUSED, fields=LOGIN_FIELDS)


def password_proof(request: HttpRequest, *, username: str, password: str) -> User | HttpResponse:
    """The first factor: the user whose username (or e-mail address) and password these are, or the
    problem to answer (415 for a body that is not JSON, 401 refused, 429 locked out). A failure counts
    towards django-axes' lockout as on the web."""
    if request.content_type != "application/json":
        # A failed login is recorded with the request's form data, which a body of another type
        # may not even parse into; the API takes JSON only.
        return problem(415, JSON_ONLY, title=Text("Niet-ondersteund mediatype", "Unsupported media type"))
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        return lockout_problem(request)
    if not isinstance(user, User):
        return login_refused(request)
    return user


def code_shape_problem(otp: str | None) -> HttpResponse | None:
    """A code that is given but is not 6 digits: said at once, before any password is judged (the
    answer depends on the code alone, so it tells nothing about the account)."""
    code = normalised(otp)
    if code and not well_formed(code):
        return problem(422, MALFORMED_CODE, field="otp")
    return None


def login_for_token(
    request: HttpRequest, *, username: str, password: str, otp: str | None
) -> User | HttpResponse:
    """The user these credentials prove, or the problem to answer. A practitioner or staff member
    also proves the second factor; a patient or representative needs none. Every refusal of the
    credentials is the same 401 (LOGIN_REFUSED)."""
    shape = code_shape_problem(otp) if request.content_type == "application/json" else None
    if shape is not None:
        return shape
    user = password_proof(request, username=username, password=password)
    if isinstance(user, HttpResponse):
        return user
    if second_factor_required(user):
        outcome = check_code(request, user, confirmed_device(user), otp)
        if outcome is Outcome.LOCKED_OUT:
            return lockout_problem(request)
        if outcome is not Outcome.ACCEPTED:
            return login_refused(request)
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return user


def lockout_problem(request: HttpRequest) -> HttpResponse:
    """The API's answer to a locked-out login: 429 with when to try again (in the security log)."""
    minutes = cool_off_minutes(request)
    security_record(request, SecurityEvent.Kind.THROTTLED, detail="login locked out")
    return problem(
        429,
        locked_out_text(minutes),
        code="locked_out",
        title=Text("Te veel pogingen", "Too many attempts"),
        headers={"Retry-After": str(minutes * 60)} if minutes else {},
    )
