"""What the sweep tries: every API operation and web URL that takes an id, found from the URL
configuration, with what each id names."""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.case_endpoints import CASE_ENDPOINTS, STEPS

# Every id a path can carry, and what it names. A path parameter not in here fails the sweep.
PARAMETER_KINDS = {
    "case_id": "case",
    "patient_id": "patient",
    "representative_id": "representation",
    "consent_id": "consent",
    "request_id": "data request",
    "token": "upload link",
    "document_id": "document",
    "complaint_id": "complaint",
    "message_id": "message",
    "billing_line_id": "billing line",
    "line_id": "billing line",
    "sending_id": "sending",
    "report_id": "report",
    "notice_id": "collegial notice",
    "user_id": "staff member",  # the other organisation's giver (invitations: deactivate, reactivate)
    "invitation_id": "staff invitation",
    "representative_invitation_id": "representative invitation",
    "passkey_id": "passkey",  # the other organisation's giver's passkey (removing it)
    "file_id": "intake file",  # a file the other organisation's patient brought in the wizard
    "unlisted_id": "unlisted request",  # a request waiting at the other organisation for its practitioner
    "alert_id": "notification",  # the other organisation's patient's notification (marking it read)
    "letter_id": "patient letter",  # the other organisation's patient's letter to the own practitioner
    "slot_id": "appointment time",  # a time offered on the other organisation's case
    "appointment_id": "appointment",  # the other organisation's patient's appointment
}
# Ids of public directory data (api/routers/directory.py): the other organisation's entry in the
# directory is everyone's to read, so it is no foreign object (tests/access/test_matrix.py classifies it).
PUBLIC_PARAMETERS = frozenset({"organisation_id", "practitioner_id"})
# Which case an id of a case's object belongs to, so that a path naming both names one case.
OWNER_STATE = {"consent_id": "report_final", "request_id": "in_examination"}

# Bodies the matrix (tests/access/test_matrix.py, CASE_ENDPOINTS) has none for.
EXTRA_BODIES: dict[str, dict] = {
    "POST /api/v1/representatives/{representative_id}/consent": {"confirmed": True},
    "POST /api/v1/representatives/{representative_id}/consent/revoke": {},
    "POST /api/v1/patients/{patient_id}/identity": {"document_checked": True},
    "web:representation-consent": {"confirmed": "on"},
    "web:representation-revoke": {"confirmed": "on"},
    "POST /api/v1/representatives/{representative_id}/authority": {
        "evidence": "gezagsregister",
        "confirmed": True,
    },
    "POST /api/v1/representatives/{representative_id}/authority/revoke": {},
    "web:representation-authority": {"evidence": "gezagsregister", "confirmed": "on"},
    "web:representation-authority-revoke": {"confirmed": "on"},
    "web:upload-link": {"action": "decline", "reason": "Deze patiënt is hier niet bekend."},
}

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tokens of the upload link that open nothing, made from the other organisation's links.
TOKEN_VARIANTS = ("made-up", "one-off", "stored-hash", "answered")


# The operations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    surface: str  # "api" or "web"
    method: str  # lower case
    route: str  # the API's path ("/api/v1/cases/{case_id}") or the resolver's route
    name: str  # "METHOD /path" for the API, the URL name for the web (the matrix's keys)
    params: tuple[str, ...]
    step: str | None = None  # the step a transition takes

    @property
    def key(self) -> str:
        return f"{self.name} [{self.step}]" if self.step else self.name

    @property
    def label(self) -> str:
        step = f" [{self.step}]" if self.step else ""
        if self.surface == "api":
            return f"{self.method.upper()} {self.route}{step}"
        return f"{self.method.upper()} /{self.route} ({self.name})"

    @property
    def state(self) -> str:
        """The state the matrix tries it in: where it would act for someone allowed to."""
        endpoint = CASE_ENDPOINTS.get(self.key)
        if endpoint is not None:
            return endpoint.state
        return OWNER_STATE["request_id"] if "request_id" in self.params else "report_final"


def _path_view(view):
    """The django-ninja PathView behind an API URL pattern: its view closes over it."""
    for cell in getattr(view, "__closure__", None) or ():
        if hasattr(cell.cell_contents, "operations"):
            return cell.cell_contents
    raise LookupError(f"no django-ninja operations behind {view!r}")


def api_operations() -> list[Operation]:
    """The API's registered operations that take an id, from the URL patterns django-ninja made (the
    OpenAPI document names the same, but takes seconds to build)."""
    found: dict[tuple[str, str], Operation] = {}
    for route, name, pattern in _web_patterns():
        params = tuple(pattern.pattern.converters)
        if not params or not name.startswith("api:") or set(params) <= PUBLIC_PARAMETERS:
            continue
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for operation in _path_view(pattern.callback).operations:
            for method in (m.lower() for m in operation.methods):
                key = f"{method.upper()} {path}"
                steps = STEPS if path.endswith("/transitions") and method == "post" else (None,)
                for step in steps:
                    found[(key, step or "")] = Operation("api", method, path, key, params, step)
    return list(found.values())


def _allowed_methods(view) -> tuple[str, ...]:
    """The methods a view serves: those of its require_http_methods (require_POST, ...), else GET and POST."""
    while view is not None:
        code, closure = getattr(view, "__code__", None), getattr(view, "__closure__", None)
        if code is not None and closure:
            for name, cell in zip(code.co_freevars, closure, strict=True):
                if name == "request_method_list":
                    return tuple(method.lower() for method in cell.cell_contents if method != "HEAD")
        view = getattr(view, "__wrapped__", None)
    return ("get", "post")


def _web_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _web_patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern


def web_operations() -> list[Operation]:
    """Every URL with an id but the API's (api_operations) and the Django admin's (the directory's
    maintenance, for administrators only, with no patient data: test_matrix.py)."""
    found = []
    for route, name, pattern in _web_patterns():
        params = tuple(pattern.pattern.converters)
        if not params or name.startswith(("api:", "admin:")):
            continue
        found += [
            Operation("web", method, route, name, params) for method in _allowed_methods(pattern.callback)
        ]
    return found


OPERATIONS = api_operations() + web_operations()
