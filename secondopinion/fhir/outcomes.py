"""The FHIR endpoint's one answer shape: a resource as application/fhir+json, and every error as an
OperationOutcome naming the element at fault (`expression`) and the rule ids that blocked it."""

import json
from typing import Any

from django.http import HttpResponse
from django.utils.translation import get_language
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.resource import Resource

from secondopinion.api.problems import DuplicateKey, duplicate_key_text, unique_keys
from secondopinion.core.errors import DomainError
from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character

FHIR_JSON = "application/fhir+json"
# The rules of the domain contract (R1-R28), as the system an OperationOutcome's details name them in.
RULE_SYSTEM = "https://tweedemening.nl/fhir/CodeSystem/rule"

# The FHIR issue type (http://hl7.org/fhir/issue-type) of each HTTP status this endpoint answers.
ISSUE_CODES = {
    400: "invalid",
    401: "login",
    403: "forbidden",
    404: "not-found",
    405: "not-supported",
    406: "not-supported",
    409: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "processing",
    429: "throttled",
    500: "exception",
    501: "not-supported",
}


class FhirError(Exception):
    """An answer other than success, said as an OperationOutcome."""

    def __init__(
        self,
        status: int,
        text: Text,
        *,
        expression: str | None = None,
        rule_ids: tuple[str, ...] = (),
        headers: dict[str, str] | None = None,
        issues: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(text.en)
        self.status = status
        self.text = text
        self.expression = expression
        self.rule_ids = rule_ids
        self.headers = headers or {}
        self.issues = issues or []


def resource_response(
    resource: Resource, status: int = 200, headers: dict[str, str] | None = None
) -> HttpResponse:
    """A validated resource as the wire carries it; no cache keeps it (it may carry patient data)."""
    response = HttpResponse(
        resource.model_dump_json(exclude_none=True), status=status, content_type=FHIR_JSON
    )
    response["Cache-Control"] = "no-store, private"
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def issue(
    status: int, text: Text, *, expression: str | None = None, rule_ids: tuple[str, ...] = ()
) -> dict[str, Any]:
    """One issue of an OperationOutcome: severity, FHIR issue type, the text in the request's language,
    the element at fault and the rules that blocked."""
    found: dict[str, Any] = {
        "severity": "error" if status < 500 else "fatal",
        "code": ISSUE_CODES.get(status, "processing"),
        "diagnostics": text.in_language(get_language() or "nl"),
    }
    if rule_ids:
        found["details"] = {
            "coding": [{"system": RULE_SYSTEM, "code": rule_id} for rule_id in rule_ids],
            "text": ", ".join(rule_ids),
        }
    if expression:
        found["expression"] = [expression]
    return found


def outcome_response(error: FhirError) -> HttpResponse:
    issues = [issue(error.status, error.text, expression=error.expression, rule_ids=error.rule_ids)]
    outcome = OperationOutcome.model_validate({"issue": issues + error.issues})
    return resource_response(outcome, error.status, error.headers)


def from_domain(error: DomainError, expression: str | None = None) -> FhirError:
    """A domain error (core/errors.py) as the FHIR endpoint says it: same status, same words, the rule
    ids of a blocking rule, each violation as an issue of its own."""
    violations = [
        issue(
            error.status,
            Text(f"{v.rule_id}: {v.detail.nl}", f"{v.rule_id}: {v.detail.en}"),
            rule_ids=(v.rule_id,),
        )
        for v in error.violations
    ]
    return FhirError(
        error.status,
        error.detail,
        expression=expression or error.field,
        rule_ids=tuple(error.rule_ids),
        issues=violations,
    )


def parse_json(body: bytes) -> Any:
    """The body as JSON whose every `resourceType` names a FHIR resource and whose texts hold no
    control character; else 400 naming where. JSON nested deeper than the parser goes is no valid JSON
    either (RecursionError), and an object naming a key twice is refused naming it (which value was
    meant is unknowable)."""
    try:
        parsed = json.loads(body, object_pairs_hook=unique_keys)
    except DuplicateKey as exc:
        raise FhirError(400, duplicate_key_text(exc.key), expression=exc.key[:100]) from exc
    except (ValueError, RecursionError) as exc:
        raise FhirError(400, Text("De inhoud is geen geldige JSON.", "The body is not valid JSON.")) from exc
    _check_body(parsed)
    return parsed


def _is_resource(name: Any) -> bool:
    if not isinstance(name, str) or not name.isascii() or not name.isalpha():
        return False
    try:
        return issubclass(get_fhir_model_class(name), Resource)
    except ValueError:
        return False


PATH_MAX = 200  # a path through keys the client chose is cut to its last part


def _cut(path: str) -> str:
    return path if len(path) <= PATH_MAX else f"…{path[-PATH_MAX:]}"


def _check_body(parsed: Any) -> None:
    """Every `resourceType` in the body (its own, a Bundle entry's, a contained resource's) names a FHIR
    resource: fhir.resources looks an unknown, empty or non-text one up and fails with a KeyError or a
    TypeError instead of a validation error (a 500). And no text holds a control character (other than
    tab, line feed and carriage return), as at the API's door: PostgreSQL stores and compares no NUL,
    so an identifier holding one failed in the database. Each refusal names where it stands."""
    own = parsed.get("resourceType") if isinstance(parsed, dict) else None
    stack: list[tuple[Any, str]] = [(parsed, own if isinstance(own, str) and _is_resource(own) else "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            if "resourceType" in value and not _is_resource(value["resourceType"]):
                path = _cut(f"{where}.resourceType".lstrip("."))
                raise FhirError(
                    400,
                    Text(
                        f"Onbekend of ongeldig resourceType bij {path}: geef de naam van een FHIR-resource, "
                        "zoals Patient of ServiceRequest.",
                        f"Unknown or invalid resourceType at {path}: give the name of a FHIR resource, "
                        "such as Patient or ServiceRequest.",
                    ),
                    expression=path,
                )
            stack.extend((item, f"{where}.{key}") for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{index}]") for index, item in enumerate(value))
        elif isinstance(value, str) and control_character(value) is not None:
            path = _cut(where.lstrip(".")) or "(body)"
            raise FhirError(
                400,
                Text(
                    f"De tekst bij {path} bevat stuurtekens (zoals NUL); haal ze weg.",
                    f"The text at {path} contains control characters (such as NUL); remove them.",
                ),
                expression=path,
            )
