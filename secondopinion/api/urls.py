"""The JSON API under /api/v1: the one API object, how it renders errors, and its routers.
The endpoints live in api/routers/, one module per domain; they are thin: parse, call a selector
or service, serialise."""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja.errors import AuthenticationError, HttpError, ValidationError

from secondopinion.api.auth import BearerToken, ScopeMissing, scope_missing_response
from secondopinion.api.data_requests import router as data_request_router
from secondopinion.api.models import ApiToken, token_hash
from secondopinion.api.problems import GENERIC, TITLES, ProblemJsonApi, from_domain_error, problem
from secondopinion.api.representation import router as representation_router
from secondopinion.api.routers import (
    access_log,
    auth,
    billing,
    cases,
    consents,
    documents,
    invitations,
    notices,
    protocols,
    records,
    reports,
    security_log,
)
from secondopinion.api.routers.aftercare import router as aftercare_router
from secondopinion.api.routers.directory import router as directory_router
from secondopinion.api.routers.outside_copies import router as outside_copies_router
from secondopinion.api.routers.people import router as people_router
from secondopinion.api.validation_text import explain, field_name
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import PATIENT_DATA_PATHS, security_record
from secondopinion.core.errors import DomainError
from secondopinion.core.text import Text

logger = logging.getLogger(__name__)

api = ProblemJsonApi(
    title="Tweede Mening API",
    version="1",
    description="Second-opinion cases for Dutch healthcare. Every error is application/problem+json.",
    urls_namespace="api",
    auth=BearerToken(),
)
for module in (
    auth,
    cases,
    reports,
    billing,
    consents,
    documents,
    notices,
    records,
    access_log,
    protocols,
    security_log,
):
    api.add_router("", module.router)
# Data requests (R16) and consents from a signed form (R18) live in their own module.
api.add_router("", data_request_router)
api.add_router("", aftercare_router)  # messages with the coordinator (api/routers/aftercare.py)
api.add_router("", representation_router)  # the patient's consent to representatives (R8)
api.add_router("", invitations.router)  # staff and representative invitations (api/routers/invitations.py)
api.add_router("", directory_router)  # organisations, practitioners, eligible givers (R10, R11)
api.add_router("", people_router)  # identifying and registering patients, the desk check of identity
api.add_router("", outside_copies_router)  # copies of the report sent outside the portal (R14)


def _bearer(request: HttpRequest) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _record_refusal(request: HttpRequest, kind: str, detail: str = "") -> None:
    """Record a refused attempt in the security log (audit/security.py) when it says something: the
    caller carried a token or was logged in, or asked for patient data. An anonymous 404 elsewhere is
    noise. The handlers run after the service's transaction was rolled back; the middleware writes
    the event after the response."""
    token = _bearer(request)
    user = getattr(request, "user", None)
    if token and not (user is not None and user.is_authenticated):
        # Refused before the token was taken (a missing scope): name its user all the same.
        found = ApiToken.objects.select_related("user").filter(key_hash=token_hash(token)).first()
        if found is not None and found.usable:
            request.user = found.user
            user = found.user
    if token or (user is not None and user.is_authenticated) or request.path.startswith(PATIENT_DATA_PATHS):
        security_record(request, kind, detail=detail)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if exc.status == 404:
        _record_refusal(request, SecurityEvent.Kind.NOT_FOUND, exc.detail.en)
    elif exc.status == 403:
        _record_refusal(request, SecurityEvent.Kind.NOT_PERMITTED, exc.detail.en)
    response = from_domain_error(exc)
    retry_after = getattr(exc, "retry_after", None)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    named = [(field_name(tuple(e.get("loc", ()))), explain(e)) for e in exc.errors]
    fields = sorted({name for name, _ in named})
    nl = "; ".join(f"{name}: {rule.nl}" for name, rule in named)
    en = "; ".join(f"{name}: {rule.en}" for name, rule in named)
    detail = Text(f"Controleer deze velden: {nl}", f"Check these fields: {en}")
    return problem(422, detail, fields=fields, field=fields[0] if len(fields) == 1 else None)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(401, GENERIC[401], headers={"WWW-Authenticate": "Bearer"})


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(413, GENERIC[413])


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A multipart body Django cannot parse (broken boundaries, oversized part headers): the client's fault."""
    detail = Text(
        "Het bestand kon niet worden gelezen: de multipart-opbouw van het verzoek is ongeldig.",
        "The upload could not be read: the request's multipart body is malformed.",
    )
    return problem(400, detail, field="file")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    _record_refusal(request, SecurityEvent.Kind.NOT_FOUND)
    return problem(404, GENERIC[404])


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(exc.status_code, Text(str(exc), str(exc)), title=TITLES.get(exc.status_code))


@api.exception_handler(Exception)
def _crash(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error", exc_info=exc)
    return problem(500, GENERIC[500])


@api.exception_handler(ScopeMissing)
def _scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
    _record_refusal(request, SecurityEvent.Kind.NOT_PERMITTED, exc.detail.en)
    return scope_missing_response(exc)
