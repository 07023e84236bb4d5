"""Every route the product answers, enumerated from what serves it (the web's URL patterns, the
API's OpenAPI document, each FHIR type's interactions), and how each is covered: by an id sweep
(test_sweep.py), the FHIR, list and admin sweeps (test_outsider_sweeps.py), or declared free of
patient data. Read by test_route_coverage.py, the guard that no route escapes the sweeps."""

import re
from dataclasses import dataclass

from secondopinion.audit.models import AccessEvent
from secondopinion.fhir.registry import KINDS
from tests.access.matrix_calls import api_operations as schema_operations
from tests.access.second_org import Side
from tests.access.sweep_operations import (
    OPERATIONS,
    PUBLIC_PARAMETERS,
    _path_view,
    _web_patterns,
)
from tests.access.test_sweep import (
    INBOXES,
    NO_SUCH_ID,
    WEB_LISTS,
    Sweep,
    _ids,
)

# Every route -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    surface: str  # "web", "api" or "fhir"
    key: str  # the URL name, "METHOD /api/v1/path", or "METHOD Type/{id}" / "GET Type?search"
    params: tuple[str, ...]


def _web_routes() -> list[Route]:
    found = []
    for _route, name, pattern in _web_patterns():
        if name.startswith("api:") and _ninja_operations(pattern):
            continue  # the API's operations come from its OpenAPI document, below
        params = tuple(pattern.pattern.converters) or tuple(getattr(pattern.pattern.regex, "groupindex", {}))
        found.append(Route("web", name or str(pattern.pattern), params))
    return found


def _ninja_operations(pattern) -> bool:
    """Whether django-ninja operations serve the pattern (else it is the API's own description)."""
    try:
        _path_view(pattern.callback)
    except LookupError:
        return False
    return True


def _api_routes() -> list[Route]:
    return [
        Route("api", key, tuple(re.findall(r"{(\w+)}", key)) or ()) for key in sorted(schema_operations())
    ]


def _fhir_routes() -> list[Route]:
    found = []
    for name, kind in KINDS.items():
        found.append(Route("fhir", f"GET {name}/{{id}}", ("resource_id",)))
        if kind.search is not None:
            found.append(Route("fhir", f"GET {name}?", ()))
        if kind.create is not None:
            found.append(Route("fhir", f"POST {name}", ()))
        if kind.delete is not None:
            found.append(Route("fhir", f"DELETE {name}/{{id}}", ("resource_id",)))
    return found


ROUTES: list[Route] = _web_routes() + _api_routes() + _fhir_routes()

# The sweep's operations (test_sweep.py), by the key a Route has.
SWEPT = {op.name for op in OPERATIONS}


def _an_event_of(side: Side) -> int:
    return (
        AccessEvent.objects.filter(patient=side.patient).order_by("pk").values_list("pk", flat=True).first()
    )


def _a_subscription_of(side: Side) -> int:
    from django.utils import timezone

    from secondopinion.fhir.models import Subscription

    coordinator = side.case("submitted").organisation.staff.filter(function="coordinator").first().user
    row, _new = Subscription.objects.get_or_create(
        owner=coordinator,
        criteria=f"Task?owner=Organization/{side.organisation_id}",
        defaults={"endpoint": "https://hook.example.nl/fhir", "reason": "sweep", "watermark": timezone.now()},
    )
    return row.pk


# The FHIR resource types with patient data, and the id of the target organisation's object each reads.
FHIR_IDS = {
    "Patient": lambda side, ids: str(side.patient.pk),
    "RelatedPerson": lambda side, ids: str(ids["representative_id"]),
    "ServiceRequest": lambda side, ids: str(side.case("report_final").pk),
    "Task": lambda side, ids: str(side.case("submitted").pk),
    "DocumentReference": lambda side, ids: f"document-{ids['document_id']}",
    "Binary": lambda side, ids: f"report-{side.case('report_final').pk}-pdf",
    "Consent": lambda side, ids: str(ids["consent_id"]),
    "Communication": lambda side, ids: str(ids["sending_id"]),
    "Provenance": lambda side, ids: f"report-{side.case('report_final').pk}",
    "AuditEvent": lambda side, ids: str(_an_event_of(side)),
    "Subscription": lambda side, ids: str(_a_subscription_of(side)),
}
# A second id of the same type, read too (the report's DocumentReference beside an upload's, the
# document's bytes beside the report's).
FHIR_MORE_IDS = {
    "DocumentReference": lambda side, ids: f"report-{side.case('report_final').pk}",
    "Binary": lambda side, ids: f"document-{ids['document_id']}",
}
# The public directory: everyone's to read (tests/access/test_matrix.py, PUBLIC_PARAMETERS).
FHIR_PUBLIC = frozenset({"Practitioner", "PractitionerRole", "Organization"})

# Lists (no id in the path) that the sweep reads for the other organisation's names: test_sweep.py's
# own, and these.
EXTRA_WEB_LISTS = (
    "notifications:list",
    "appointments:agenda",
    "web:access-log",
    "web:access-review",
    "web:security-log",
    "web:representatives",
    "web:representative-invitations",
    "web:my-representations",
    "web:staff",
    "aftercare:outcomes",
    "aftercare:outcomes-csv",
    "planning:turnaround",
    "planning:turnaround-csv",
    "journey:unlisted",
    "journey:request-summary",
    "journey:request-documents",
    "web:identity-desk",
    "web:representation-paper",
    "accounts:login-methods",
    "patient-profile",
)
EXTRA_API_LISTS = (
    "GET /api/v1/patients/me/access-log",
    "GET /api/v1/patients/me/representatives",
    "GET /api/v1/representatives/invitations",
    "GET /api/v1/staff",
    "GET /api/v1/staff/invitations",
    "GET /api/v1/security-log",
)
LISTS_SWEPT = frozenset(
    {*WEB_LISTS, *EXTRA_WEB_LISTS, *EXTRA_API_LISTS, *(f"GET {path}" for path in INBOXES)}
)

# Routes without an id that show no patient data at all, or only what the caller himself typed (a form,
# a step of the request wizard before it names anyone), or that only write from a body: declared here,
# each group with why.
NO_PATIENT_DATA = frozenset(
    {
        # Signing in and out, the second factor, passkeys' ceremonies, allauth's account pages.
        *(r.key for r in ROUTES if r.surface == "web" and r.key.startswith(("account", "socialaccount"))),
        *(
            r.key
            for r in ROUTES
            if r.surface == "web" and r.key.startswith(("openid_connect", "otp_webauthn"))
        ),
        *(r.key for r in ROUTES if r.surface == "web" and r.key.startswith("social/")),
        "web:login",
        "web:logout",
        "web:otp-verify",
        "web:otp-enrol",
        "set_language",
        "account-login-redirect",
        "account-deletion",
        "POST /api/v1/auth/token",
        "DELETE /api/v1/auth/token",
        "POST /api/v1/auth/otp/enrol",
        "POST /api/v1/auth/otp/confirm",
        "POST /api/v1/staff/invitations/accept",
        # Probes, the API's and FHIR's own descriptions, the rule catalogue, public journey pages.
        "health-live",
        "health-ready",
        "api:openapi-json",
        "api:openapi-view",
        "api:api-root",
        "fhir:metadata",
        "fhir-base",
        "fhir:system",
        "web:protocols",
        "GET /api/v1/protocols",
        "journey:decide",
        "journey:reimbursement",
        "journey:givers",
        # The public directory (organisations and practitioners).
        "GET /api/v1/organisations",
        "GET /api/v1/practitioners",
        "POST /api/v1/organisations",
        "POST /api/v1/practitioners",
        # The request wizard's steps and forms: what the caller enters, for his own request (the pages
        # that show a patient's data, summary and documents, are in the list sweep above).
        "journey:request",
        "journey:request-guidance",
        "journey:request-who",
        "journey:request-practitioner",
        "journey:request-question",
        "journey:request-situation",
        "journey:request-referral",
        "journey:request-place",
        "journey:request-consents",
        "web:case-new",
        "notifications:preferences",
        "notifications:read-all",  # marks the caller's own notifications read; shows nothing
        # Writes from a body alone; the matrix and the journey tests try who may (test_matrix.py).
        "POST /api/v1/cases",
        "POST /api/v1/patients",
        "POST /api/v1/patients/identify",
        "POST /api/v1/representatives/invitations",
        "POST /api/v1/staff/invitations",
        # FHIR: creating a Subscription (of the caller's own) and the fall-backs that answer 404/400.
        "POST Subscription",
    }
)
# The regular-expression routes FHIR serves (resource type and id): swept as FHIR_IDS by type, below.
FHIR_PATTERNS = frozenset({"fhir:type", "fhir:instance", "fhir:unsupported", "fhir-outside"})


def is_covered(route: Route) -> str | None:
    """Why the route is covered, or None."""
    if route.key in SWEPT:
        return "id sweep"
    if route.surface == "fhir":
        kind = route.key.split(" ")[1].split("/")[0].rstrip("?")
        if kind in FHIR_PUBLIC:
            return "public directory"
        if route.key in NO_PATIENT_DATA:
            return "declared"
        return "fhir sweep" if kind in FHIR_IDS else None
    if route.key in FHIR_PATTERNS:
        return "fhir sweep"
    if route.key.startswith("admin:"):
        return "admin site"  # the superuser's alone: test_the_admin_site_is_no_way_in, below
    if route.params and set(route.params) <= PUBLIC_PARAMETERS:
        return "public directory"
    if route.params and route.surface == "web" and route.key.startswith(("account", "openid_connect")):
        return "declared"  # allauth's e-mail and password keys, the sign-in provider: no patient data
    if not route.params and route.key in LISTS_SWEPT:
        return "list sweep"
    if not route.params and route.key in NO_PATIENT_DATA:
        return "declared"
    return None


def public_or_account(keys: set[str]) -> set[str]:
    return {
        r.key
        for r in ROUTES
        if r.key in keys
        and ((r.params and set(r.params) <= PUBLIC_PARAMETERS) or r.key.startswith(("account", "openid")))
    }


def fhir_get(sweep: Sweep, token: str, path: str, method: str = "get"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(sweep.api_client, method)(f"/fhir/R4/{path}", HTTP_ACCEPT_LANGUAGE="nl", **headers)


def fhir_paths(side: Side) -> list[tuple[str, str, str]]:
    """(method, path with the side's id, the same path with an id nobody has)."""
    ids = _ids(side)
    paths = []
    for kind, make in {**FHIR_IDS}.items():
        paths.append(("get", f"{kind}/{make(side, ids)}", f"{kind}/{NO_SUCH_ID}"))
        if kind in FHIR_MORE_IDS:
            paths.append(("get", f"{kind}/{FHIR_MORE_IDS[kind](side, ids)}", f"{kind}/{NO_SUCH_ID}"))
        search = KINDS[kind].search
        if search is not None and "patient" in KINDS[kind].params:
            paths.append(
                ("get", f"{kind}?patient=Patient/{side.patient.pk}", f"{kind}?patient=Patient/{NO_SUCH_ID}")
            )
        if KINDS[kind].delete is not None:
            paths.append(("delete", f"{kind}/{make(side, ids)}", f"{kind}/{NO_SUCH_ID}"))
    bsn = "http://fhir.nl/fhir/NamingSystem/bsn"
    paths.append(
        ("get", f"Patient?identifier={bsn}|{side.patient.bsn}", f"Patient?identifier={bsn}|999999990")
    )
    paths.append(("get", f"Patient?_id={side.patient.pk}", f"Patient?_id={NO_SUCH_ID}"))
    paths.append(
        ("get", f"Task?owner=Organization/{side.organisation_id}", f"Task?owner=Organization/{NO_SUCH_ID}")
    )
    paths.append(
        (
            "get",
            f"ServiceRequest?patient=Patient/{side.patient.pk}&status=active",
            f"ServiceRequest?patient=Patient/{NO_SUCH_ID}&status=active",
        )
    )
    return paths
