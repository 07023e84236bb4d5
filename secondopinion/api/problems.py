"""One error shape for the whole API: application/problem+json (RFC 9457) with the rule ids."""

import json
import logging
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.openapi.schema import OpenAPISchema
from ninja.parser import Parser

from secondopinion.core.errors import DomainError
from secondopinion.core.text import Text
from secondopinion.protocols.engine import Violation

logger = logging.getLogger(__name__)
CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: Text("Ongeldig verzoek", "Bad request"),
    401: Text("Niet aangemeld", "Not authenticated"),
    403: Text("Geen toestemming", "Not permitted"),
    404: Text("Niet gevonden", "Not found"),
    405: Text("Methode niet toegestaan", "Method not allowed"),
    409: Text("Conflict", "Conflict"),
    413: Text("Verzoek te groot", "Request too large"),
    415: Text("Niet-ondersteund mediatype", "Unsupported media type"),
    422: Text("Ongeldige invoer", "Invalid input"),
    500: Text("Interne fout", "Internal error"),
}
CODES = {
    400: "bad_request",
    401: "not_authenticated",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    500: "internal_error",
}


def violation_json(violation: Violation, language: str) -> dict[str, Any]:
    return {
        "rule_id": violation.rule_id,
        "seeds": list(violation.rule.seeds),
        "text": violation.rule.text.in_language(language),
        "detail": violation.detail.in_language(language),
    }


def problem(
    status: int,
    detail: Text,
    *,
    code: str | None = None,
    title: Text | None = None,
    field: str | None = None,
    fields: list[str] | None = None,
    violations: tuple[Violation, ...] = (),
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    language = get_language() or "nl"
    body: dict[str, Any] = {
        "type": f"urn:tweedemening:problem:{code or CODES.get(status, 'error')}",
        "title": (title or TITLES.get(status, TITLES[400])).in_language(language),
        "status": status,
        "detail": detail.in_language(language),
    }
    if field:
        body["field"] = field
    if fields:
        body["fields"] = fields
    if violations:
        body["rule_ids"] = [v.rule_id for v in violations]
        body["violations"] = [violation_json(v, language) for v in violations]
    response = JsonResponse(
        body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def from_domain_error(error: DomainError) -> HttpResponse:
    return problem(
        error.status,
        error.detail,
        code=error.code,
        title=error.title,
        field=error.field,
        violations=error.violations,
    )


GENERIC = {
    401: Text(
        "Meld u aan met een geldig, niet verlopen token.", "Authenticate with a valid, unexpired token."
    ),
    404: Text(
        "Deze bron bestaat niet of u heeft er geen toegang toe.",
        "This resource does not exist or you have no access to it.",
    ),
    405: Text("Deze methode is hier niet toegestaan.", "This method is not allowed here."),
    413: Text("Het verzoek is groter dan toegestaan.", "The request body is larger than allowed."),
    415: Text(
        "Stuur de gegevens als JSON (Content-Type: application/json).",
        "Send the data as JSON (Content-Type: application/json).",
    ),
    500: Text("Er ging iets mis; er is niets gewijzigd.", "Something went wrong; nothing was changed."),
}


def declared_length(request: HttpRequest) -> int:
    """The body size the client declares; a missing or garbled header counts as none."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def body_limit(request: HttpRequest) -> int:
    """API_MAX_BODY_BYTES, except for a document upload (multipart POST to …/documents, a data
    request's …/fulfil, a consent's …/signed-form), whose files the documents service checks
    against their own limits."""
    if (
        request.method == "POST"
        and request.path.endswith(("/documents", "/fulfil", "/consents/signed-form"))
        and request.content_type == "multipart/form-data"
    ):
        return int(settings.API_MAX_UPLOAD_BODY_BYTES)
    return int(settings.API_MAX_BODY_BYTES)


UNPARSEABLE = Text("De inhoud van het verzoek is geen geldige JSON.", "The request body is not valid JSON.")
# What may be cached: the API's description only. Every other answer may carry patient data.
PUBLIC_PATHS = ("/api/v1/openapi.json", "/api/v1/docs")
# FHIR, the other systems' door (config/settings.py SYSTEM_DOOR_PREFIXES): kept out of caches here too.
SYSTEM_PATHS = ("/fhir/",)


class UnsupportedMediaType(ValueError):
    """A JSON body sent with another Content-Type."""


class UnparseableBody(ValueError):
    """A body sent as JSON that is not JSON."""


class DuplicateKey(ValueError):
    """A JSON body that names one field twice in an object: which of the two values was meant is
    unknowable (parsers differ: Python keeps the last, others the first), so neither is taken."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads' object_pairs_hook: the object, or DuplicateKey naming the first key given twice."""
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return found


def duplicate_key_text(key: str) -> Text:
    shown = key if len(key) <= 100 else f"{key[:100]}…"
    return Text(
        f"Het veld {shown} staat meer dan eens in de inhoud; geef elk veld één keer.",
        f"The field {shown} appears more than once in the body; give each field once.",
    )


class JsonOnlyParser(Parser):
    """Every operation with a JSON body takes application/json only; any other Content-Type answers
    415. Uploads (multipart, File and Form parameters) are read by Django and never come here."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        # ninja hands a multipart operation's JSON-typed form fields over on a bare HttpRequest,
        # which has no content type of its own; those were sent as multipart, rightly.
        if request.content_type is not None and request.content_type != "application/json":
            raise UnsupportedMediaType(request.content_type)
        try:
            return cast(dict[str, Any], json.loads(request.body, object_pairs_hook=unique_keys))
        except DuplicateKey:
            raise
        except (ValueError, RecursionError) as exc:  # RecursionError: nested deeper than the parser goes
            raise UnparseableBody(str(exc)) from exc


def body_problem(exc: Exception) -> HttpResponse | None:
    """The problem for a body the parser refused (ninja wraps its error in a 400 HttpError)."""
    cause = exc.__cause__ if isinstance(exc, HttpError) else None
    if isinstance(cause, UnsupportedMediaType):
        return problem(415, GENERIC[415], headers={"Accept-Post": "application/json"})
    if isinstance(cause, UnparseableBody):
        return problem(400, UNPARSEABLE)
    if isinstance(cause, DuplicateKey):
        return problem(400, duplicate_key_text(cause.key), field=cause.key[:100])
    return None


def keep_out_of_caches(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """No cache, shared or the browser's, keeps an API answer: it may carry patient data."""
    if not request.path.startswith(PUBLIC_PATHS):
        patch_cache_control(response, no_store=True, private=True)
    return response


class ProblemJsonMiddleware:
    """Errors under /api/ that Django answers itself (an unknown path, a wrong method, a crash)
    get the same problem+json shape as the API's own errors; no answer of the API or FHIR is cached
    (FHIR's own answers say so themselves, fhir/outcomes.py; Django's, such as a 404 for a path outside
    /fhir/R4/, did not). In the systems' chain it sits inside the middleware that sets the security
    headers (config/settings.py SYSTEM_MIDDLEWARE), so the problems it makes carry them too."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(SYSTEM_PATHS):
            return keep_out_of_caches(request, self.get_response(request))
        if not request.path.startswith("/api/"):
            return self.get_response(request)
        if request.method == "HEAD":
            return keep_out_of_caches(request, self._head(request))
        return keep_out_of_caches(request, self._answer(request))

    def _head(self, request: HttpRequest) -> HttpResponse:
        """HEAD is GET without the body (RFC 9110): the same checks, the same access-log event (the
        resource was read, if only its headers), the same headers, no content. Where there is no GET,
        405 names what there is."""
        request.method = "GET"
        response = self._answer(request)
        if getattr(response, "streaming", False):
            # The file stays among the response's resources, closed when the server closes the response.
            response.streaming_content = []  # type: ignore[attr-defined]
        else:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    def _answer(self, request: HttpRequest) -> HttpResponse:
        if declared_length(request) > body_limit(request):
            return problem(413, GENERIC[413])
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(
                ("application/problem+json", "application/json")
            )
        ):
            status = response.status_code
            headers = {"Allow": response["Allow"]} if response.has_header("Allow") else None
            return problem(status, GENERIC.get(status, TITLES.get(status, TITLES[400])), headers=headers)
        return response


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


class ProblemJsonApi(NinjaAPI):
    """A NinjaAPI whose OpenAPI document says what the wire carries: errors as
    application/problem+json, PDF downloads as application/pdf, and for every JSON body the 400
    (not JSON) and 415 (another Content-Type) its parser answers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("parser", JsonOnlyParser())
        super().__init__(*args, **kwargs)
        # The document, built once per path prefix: building it takes one to two seconds of CPU, and
        # /api/v1/openapi.json is open to anyone. The operations are fixed once the URLs are loaded,
        # and the document says the same in every language.
        self._openapi_documents: dict[str, OpenAPISchema] = {}

    def on_exception(self, request: HttpRequest, exc: Any) -> HttpResponse:
        return body_problem(exc) or super().on_exception(request, exc)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        known = self._openapi_documents.get(path_prefix)
        if known is not None:
            return known
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[CONTENT_TYPE] = content.pop("application/json")
                    if path.endswith(".pdf") and int(status) == 200:
                        response["content"] = {
                            "application/pdf": {"schema": {"type": "string", "format": "binary"}}
                        }
                if "application/json" in operation.get("requestBody", {}).get("content", {}):
                    responses = operation.setdefault("responses", {})
                    responses.setdefault(
                        400, _problem_response("The body is not valid JSON, or names a field twice.")
                    )
                    responses.setdefault(415, _problem_response("The body was not sent as application/json."))
        self._openapi_documents[path_prefix] = schema
        return schema
