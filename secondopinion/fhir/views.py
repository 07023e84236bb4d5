"""The FHIR R4 endpoint's views: metadata, read, search, the transaction Bundle, and the answers the
specification gives to what is not supported. Thin: authenticate, check the scope, hand over to the
resource type (fhir/registry.py), answer; every error is an OperationOutcome (fhir/outcomes.py)."""

import logging
from collections.abc import Callable
from functools import wraps

from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from fhir.resources.R4B.binary import Binary
from pydantic import ValidationError

from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import security_record
from secondopinion.core.errors import DomainError
from secondopinion.core.text import Text
from secondopinion.fhir.auth import bearer_user, require_scope
from secondopinion.fhir.bundles import referral_import
from secondopinion.fhir.capability import capability_statement
from secondopinion.fhir.kinds import Kind, not_found
from secondopinion.fhir.outcomes import (
    FhirError,
    from_domain,
    outcome_response,
    parse_json,
    resource_response,
)
from secondopinion.fhir.registry import KINDS
from secondopinion.fhir.search import parse_query, searchset

logger = logging.getLogger(__name__)
JSON_TYPES = ("application/fhir+json", "application/json", "application/*", "*/*")
NOT_ACCEPTABLE = Text(
    "Dit endpoint levert alleen JSON (application/fhir+json).",
    "This endpoint serves JSON only (application/fhir+json).",
)
UNSUPPORTED_MEDIA = Text(
    "Stuur de inhoud als JSON (Content-Type: application/fhir+json).",
    "Send the body as JSON (Content-Type: application/fhir+json).",
)


def _accepts(request: HttpRequest, extra: tuple[str, ...] = ()) -> str | None:
    """The media type to answer in: JSON, or one of `extra`; None when the client accepts neither."""
    header = request.META.get("HTTP_ACCEPT", "")
    if not header.strip():
        return "application/fhir+json"
    wanted = [part.split(";")[0].strip().lower() for part in header.split(",")]
    for media in wanted:
        if media in extra:
            return media
        if media in JSON_TYPES:
            return "application/fhir+json"
    return None


def method_not_allowed(allowed: tuple[str, ...]) -> FhirError:
    return FhirError(
        405,
        Text(
            f"Deze interactie wordt hier niet ondersteund; toegestaan: {', '.join(allowed)}.",
            f"This interaction is not supported here; allowed: {', '.join(allowed)}.",
        ),
        headers={"Allow": ", ".join(allowed)},
    )


# What a resource type's id names, for the security log (audit/security.py: TARGET_MODELS finds the
# organisation); the report's types name the case (report-<case>[-<format>]) or a document-<id>.
TARGET_KINDS = {
    "ServiceRequest": "case",
    "Task": "case",
    "Patient": "patient",
    "RelatedPerson": "representative",
    "Consent": "consent",
    "Communication": "sending",
}
REPORT_TYPES = ("DocumentReference", "Binary", "Provenance")


def _target(kwargs: dict[str, str]) -> tuple[str, int | None]:
    """The kind and id of the object a FHIR URL named, or ("", None); an id of another form: no id."""
    resource_type, raw = kwargs.get("resource_type", ""), kwargs.get("resource_id", "")
    kind = TARGET_KINDS.get(resource_type, "")
    if resource_type in REPORT_TYPES:
        prefix, _, rest = raw.partition("-")
        kind, raw = {"report": ("case", rest.partition("-")[0]), "document": ("document", rest)}.get(
            prefix, ("", "")
        )
    if not kind:
        return "", None
    return kind, int(raw) if raw.isdigit() and len(raw) <= 11 else None


def fhir_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every error as an OperationOutcome; a refusal to someone with a token in the security log."""

    @csrf_exempt
    @wraps(view)
    def wrapped(request: HttpRequest, *args: str, **kwargs: str) -> HttpResponse:
        try:
            if _accepts(request, ("application/pdf", "application/octet-stream")) is None:
                raise FhirError(406, NOT_ACCEPTABLE)
            return view(request, *args, **kwargs)
        except FhirError as error:
            failure = error
        except DomainError as error:
            failure = from_domain(error)
        except RequestDataTooBig:
            failure = FhirError(413, Text("Het verzoek is te groot.", "The request is too large."))
        except Exception:
            logger.exception("FHIR error")
            failure = FhirError(
                500,
                Text(
                    "Er ging iets mis; er is niets gewijzigd.", "Something went wrong; nothing was changed."
                ),
            )
        if failure.status in (403, 404) and request.__dict__.get("api_token") is not None:
            kind = SecurityEvent.Kind.NOT_FOUND if failure.status == 404 else SecurityEvent.Kind.NOT_PERMITTED
            target_kind, target_id = _target(kwargs)
            security_record(request, kind, target_kind, target_id, detail=f"fhir: {failure.text.en}"[:300])
        return outcome_response(failure)

    return wrapped


@fhir_view
def metadata(request: HttpRequest) -> HttpResponse:
    """The CapabilityStatement: what this server implements (no token needed, no patient data)."""
    if request.method not in ("GET", "HEAD"):
        raise method_not_allowed(("GET",))
    return resource_response(capability_statement(request))


def _kind(resource_type: str) -> Kind:
    kind = KINDS.get(resource_type)
    if kind is None:
        raise FhirError(
            404,
            Text(
                f"Het brontype {resource_type} wordt niet ondersteund.",
                f"The resource type {resource_type} is not supported.",
            ),
            expression=resource_type[:64],
        )
    return kind


@fhir_view
def type_level(request: HttpRequest, resource_type: str) -> HttpResponse:
    """GET: search; POST: create, for the types an integrator writes (a Subscription); else 405."""
    kind = _kind(resource_type)
    if request.method == "POST" and kind.create is not None:
        return _create(request, kind)
    if request.method not in ("GET", "HEAD"):
        raise method_not_allowed(("GET", "POST") if kind.create else ("GET",))
    if kind.search is None:
        raise FhirError(
            501,
            Text(
                f"Zoeken in {kind.name} is niet geïmplementeerd.",
                f"Searching {kind.name} is not implemented.",
            ),
        )
    user = bearer_user(request)
    if kind.scope:
        require_scope(request, kind.scope)
    query = parse_query(request, {name: typ for name, (typ, _doc) in kind.params.items()}, kind.includes)
    with transaction.atomic():
        page = kind.search(user, query)
    return resource_response(searchset(request, query, page))


@fhir_view
def instance_level(request: HttpRequest, resource_type: str, resource_id: str) -> HttpResponse:
    """GET: read; DELETE for the types an integrator writes. Updates and patches are not supported (405)."""
    kind = _kind(resource_type)
    if request.method == "DELETE" and kind.delete is not None:
        user = bearer_user(request)
        if kind.scope:
            require_scope(request, kind.scope)
        kind.delete(actor=user, raw_id=resource_id)
        return HttpResponse(status=204)
    if request.method not in ("GET", "HEAD"):
        raise method_not_allowed(("GET", "DELETE") if kind.delete else ("GET",))
    user = bearer_user(request)
    if kind.scope:
        require_scope(request, kind.scope)
    with transaction.atomic():
        resource = kind.read(user, resource_id)
    raw = _accepts(
        request,
        (
            "application/pdf",
            "application/octet-stream",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    )
    if isinstance(resource, Binary) and raw not in (None, "application/fhir+json"):
        response = HttpResponse(resource.data, content_type=resource.contentType)
        response["Cache-Control"] = "no-store, private"
        return response
    return resource_response(resource)


def _create(request: HttpRequest, kind: Kind) -> HttpResponse:
    user = bearer_user(request)
    if kind.scope:
        require_scope(request, kind.scope)
    if request.content_type not in ("application/fhir+json", "application/json"):
        raise FhirError(415, UNSUPPORTED_MEDIA, headers={"Accept-Post": "application/fhir+json"})
    assert kind.create is not None
    try:
        resource = kind.create(actor=user, body=parse_json(request.body))
    except ValidationError as error:
        raise _invalid(error) from error
    location = request.build_absolute_uri(f"/fhir/R4/{kind.name}/{resource.id}")
    return resource_response(resource, 201, {"Location": location})


@fhir_view
def system_level(request: HttpRequest) -> HttpResponse:
    """POST a transaction Bundle: a referral (fhir/bundles.py). Nothing else is served at the base."""
    if request.method != "POST":
        raise method_not_allowed(("POST",))
    user = bearer_user(request)
    require_scope(request, "cases:write")
    if request.content_type not in ("application/fhir+json", "application/json"):
        raise FhirError(415, UNSUPPORTED_MEDIA, headers={"Accept-Post": "application/fhir+json"})
    body = parse_json(request.body)
    try:
        bundle, _created = referral_import(actor=user, body=body, request=request)
    except ValidationError as error:
        raise _invalid(error) from error
    return resource_response(bundle)


def _invalid(error: ValidationError) -> FhirError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = first.get("msg", "")
    return FhirError(
        400,
        Text(f"Ongeldige FHIR-inhoud bij {where}: {message}", f"Invalid FHIR content at {where}: {message}"),
        expression=where or None,
    )


@fhir_view
def unsupported(request: HttpRequest, rest: str) -> HttpResponse:
    """History, operations and anything else FHIR defines but this server does not implement: 501;
    a path that is no FHIR interaction at all: 404."""
    segments = [s for s in rest.split("/") if s]
    if any(s.startswith(("_", "$")) for s in segments[1:]) and segments[0] in KINDS:
        raise FhirError(
            501,
            Text("Deze interactie is niet geïmplementeerd.", "This interaction is not implemented."),
            expression=rest[:100],
        )
    raise not_found()


@fhir_view
def outside_the_base(request: HttpRequest, rest: str = "") -> HttpResponse:
    """A path under /fhir/ outside the R4 base (/fhir/, /fhir/R5/…): no FHIR endpoint, 404 as an
    OperationOutcome like any other here, not the website's page (which is HTML and sets a cookie)."""
    raise not_found()
