"""Route completeness of the second-organisation sweep (tests/access/test_sweep.py), and the callers that
sweep does not play.

Every route the product answers is enumerated from what serves it, not from a list kept by hand: the
web's URL patterns (Django's resolver, converters and regular expressions alike), the API's operations
(django-ninja's OpenAPI document) and the FHIR interactions (each resource type's read, search, create
and delete, fhir/registry.py). `ROUTES` holds them all; `test_every_route_is_swept_or_declared` fails for
one that takes an id and no sweep tries, or one without an id that neither a list sweep reads nor this
file declares free of patient data. A new download, export, calendar feed, secret link or FHIR type
thus joins a sweep before it ships.

What is added here to the sweep:

- FHIR: every resource type with patient data is read by id, and searched by patient (and a patient by
  BSN), with the other organisation's ids, by everyone of each organisation; 404 OperationOutcome (an
  empty searchset for a search), nothing of the other organisation named, nothing logged of its patient,
  and the same answer as for an id nobody has.
- Lists without an id (notifications, agenda, access log, outcomes and turnaround pages and their CSV
  exports, the staff's and the representative's pages, ...): nothing of the other organisation in them.
- Callers the sweep has no row for, on every operation that takes an id of the first organisation
  (Petra's): an anonymous visitor (the login page or 401), a token without the scope the operation
  needs (403, FHIR too), and Petra's former representative, whose representation she ended (404). Each
  answer is the one an id nobody has gets, names nothing, and nothing is written.

tests/security/test_second_org_sweep.py is the outside auditor's sweep beside this one (every pattern by
every method, headers, a user with no role, an uninvolved GP); this file is the guard that no route
escapes the sweeps, and adds the callers and FHIR comparisons above.
"""

import json
import re
from dataclasses import dataclass

import pytest
from django.db.models import Max, Q
from django.test import Client, override_settings

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.fhir.registry import KINDS
from tests.access.matrix_calls import api_operations as schema_operations
from tests.access.second_org import Side, fingerprint, first_organisation, second_organisation
from tests.access.sweep_operations import (
    FAST_HASHERS,
    OPERATIONS,
    PUBLIC_PARAMETERS,
    _path_view,
    _web_patterns,
)
from tests.access.test_sweep import (
    ACTORS,
    FIRST,
    INBOXES,
    NO_SUCH_ID,
    SECOND,
    WEB_LISTS,
    Cell,
    Sweep,
    _ids,
    arguments,
    body,
    url_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def sweep(world, django_db_blocker) -> Sweep:
    """The sweep's two organisations (test_sweep.py), built once for this module beside the world."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        orgs = {FIRST: first_organisation(world), SECOND: second_organisation(world)}
    return Sweep(world, orgs, Client(secure=True))


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


def _is_covered(route: Route) -> str | None:
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


def test_every_route_is_swept_or_declared():
    uncovered = sorted(f"{r.surface} {r.key} {r.params}" for r in ROUTES if _is_covered(r) is None)

    assert uncovered == []


def test_the_enumeration_finds_every_kind_of_route():
    keys = {r.key for r in ROUTES}

    # Downloads, exports, letters, calendar feeds, secret links, FHIR reads and searches.
    assert {
        "web:document-download",
        "web:report-pdf",
        "web:inbox-pdf",
        "aftercare:outcomes-csv",
        "planning:turnaround-csv",
        "aftercare:complaint-letter",
        "letters:letter-pdf",
        "appointments:ics",
        "web:upload-link",
        "web:invitation-accept",
        "GET /api/v1/documents/{document_id}/content",
        "GET Patient/{id}",
        "GET Task?",
    } <= keys
    assert len(ROUTES) > 300
    # Every id a web or API route takes is swept (test_sweep.py), so every such route is an operation.
    with_id = {r.key for r in ROUTES if r.surface in ("web", "api") and r.params}
    admin = {key for key in with_id if key.startswith("admin:")}
    assert sorted(with_id - SWEPT - FHIR_PATTERNS - admin - _public_or_account(with_id)) == []


def _public_or_account(keys: set[str]) -> set[str]:
    return {
        r.key
        for r in ROUTES
        if r.key in keys
        and ((r.params and set(r.params) <= PUBLIC_PARAMETERS) or r.key.startswith(("account", "openid")))
    }


def test_declared_routes_exist():
    keys = {r.key for r in ROUTES}

    assert sorted((LISTS_SWEPT | NO_PATIENT_DATA) - keys) == []
    assert sorted((set(FHIR_IDS) | FHIR_PUBLIC) ^ set(KINDS)) == []


# FHIR, by the other organisation ------------------------------------------------------------------


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


def _fhir(sweep: Sweep, token: str, path: str, method: str = "get"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(sweep.api_client, method)(f"/fhir/R4/{path}", HTTP_ACCEPT_LANGUAGE="nl", **headers)


def _logged_of(side: Side, after: int) -> list:
    return list(
        AccessEvent.objects.filter(
            Q(patient=side.patient) | Q(case__in=list(side.cases.values())), pk__gt=after
        ).values_list("action", "data")
    )


def _last_event() -> int:
    return AccessEvent.objects.aggregate(last=Max("pk"))["last"] or 0


def _fhir_problems(
    sweep: Sweep, token: str, side: Side, path: str, control: str, method: str = "get"
) -> list[str]:
    """Call `path` (the other organisation's object) and `control` (nobody's); what went wrong."""
    before, last = fingerprint(), _last_event()
    response = _fhir(sweep, token, path, method)
    after, logged = fingerprint(), _logged_of(side, last)
    expected = _fhir(sweep, token, control, method)
    text = response.content.decode(errors="replace")
    problems = []
    if "?" in path and response.status_code == 200:
        bundle = response.json()
        if bundle.get("total") or bundle.get("entry"):
            problems.append(f"found {bundle.get('total')} entries")
    elif response.status_code not in (403, 404):
        problems.append(f"status {response.status_code}")
    if response.status_code != expected.status_code:
        problems.append(f"status {response.status_code}, an id nobody has {expected.status_code}")
    # A search by BSN finds nothing, and its searchset's link repeats the query the caller sent.
    problems += [f"names {secret!r}" for secret in side.secrets if secret in text and secret not in path]
    problems += [f"wrote {name}" for name in before if before[name] != after[name]]
    problems += [f"logged {action} of {data}" for action, data in logged]
    return [f"{method.upper()} {path} → {response.status_code}: {'; '.join(problems)}"] if problems else []


def _fhir_paths(side: Side) -> list[tuple[str, str, str]]:
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


@pytest.mark.parametrize(
    ("org", "actor_name"),
    [pytest.param(org, name, id=f"{org}:{name}") for org, names in ACTORS.items() for name in names],
)
def test_no_fhir_read_or_search_of_the_other_organisation_finds_anything(sweep, org, actor_name):
    actor = sweep.orgs[org].actors[actor_name]
    side = sweep.orgs[SECOND if org == FIRST else FIRST].side
    problems = []
    for method, path, control in _fhir_paths(side):
        problems += _fhir_problems(sweep, actor.token, side, path, control, method)

    assert problems == []


# Lists, by the other organisation ----------------------------------------------------------------


def _list_urls() -> list[tuple[str, str]]:
    from django.urls import reverse

    return [("web", reverse(name)) for name in EXTRA_WEB_LISTS] + [
        ("api", key.split(" ")[1]) for key in EXTRA_API_LISTS
    ]


@pytest.mark.parametrize(
    ("org", "actor_name"),
    [pytest.param(org, name, id=f"{org}:{name}") for org, names in ACTORS.items() for name in names],
)
def test_no_list_page_or_export_shows_the_other_organisation(sweep, org, actor_name):
    actor = sweep.orgs[org].actors[actor_name]
    side = sweep.orgs[SECOND if org == FIRST else FIRST].side
    leaks = []
    for surface, url in _list_urls():
        if surface == "web":
            response = actor.client.get(url)
        else:
            response = sweep.api_client.get(url, HTTP_AUTHORIZATION=f"Bearer {actor.token}")
        text = response.content.decode(errors="replace")
        assert response.status_code < 500, (url, response.status_code)
        leaks += [f"{url} shows {secret!r}" for secret in side.secrets if secret in text]

    assert leaks == []


# Callers the sweep has no row for -----------------------------------------------------------------


@dataclass
class Caller:
    name: str
    client: Client
    token: str
    web: tuple[int, ...]  # the statuses a refusal may have on the web
    api: tuple[int, ...]  # and on the API


def _callers(sweep: Sweep) -> dict[str, Caller]:
    world = sweep.world
    former = Client(secure=True)
    former.force_login(world.users["former_representative"])
    # The first organisation's own coordinator, with a token narrowed to reading the staff list.
    coordinator = world.users["coordinator"]
    narrow = ApiToken.issue(user=coordinator, name="narrow", scopes=["staff:read"])[1]
    logged_in = Client(secure=True)
    logged_in.force_login(coordinator)
    return {
        "anonymous": Caller("anonymous", Client(secure=True), "", (302, 404), (401, 404)),
        "former-representative": Caller(
            "former-representative", former, world.tokens["former_representative"], (404,), (404,)
        ),
        "wrong-scope": Caller("wrong-scope", logged_in, narrow, (), (403,)),
    }


def _send(caller: Caller, cell: Cell, url: str, data: dict | None):
    if cell.op.surface == "web":
        client = caller.client
        return (
            client.get(url) if cell.op.method == "get" else getattr(client, cell.op.method)(url, data or {})
        )
    client = Client(secure=True)
    headers = {"HTTP_ACCEPT_LANGUAGE": "nl"}
    if caller.token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {caller.token}"
    if cell.op.method == "get":
        return client.get(url, **headers)
    if any(hasattr(value, "read") for value in (data or {}).values()):
        return client.post(url, data, **headers)
    return getattr(client, cell.op.method)(
        url, json.dumps(data or {}), content_type="application/json", **headers
    )


def _caller_problems(sweep: Sweep, caller: Caller, cell: Cell, foreign: dict) -> list[str]:
    side = sweep.target(cell)
    url = url_of(cell, arguments(sweep, cell, foreign))
    nobody = {name: (value if name == "token" else NO_SUCH_ID) for name, value in foreign.items()}
    control_args = arguments(sweep, cell, nobody)
    if "case_id" in control_args:
        control_args["case_id"] = NO_SUCH_ID
    control_url = url_of(cell, control_args)
    control = _send(caller, cell, control_url, body(sweep, cell))
    before, last = fingerprint(), _last_event()
    response = _send(caller, cell, url, body(sweep, cell))
    after, logged = fingerprint(), _logged_of(side, last)
    text = response.content.decode(errors="replace")
    allowed = caller.web if cell.op.surface == "web" else caller.api
    problems = []
    if response.status_code not in allowed:
        problems.append(f"status {response.status_code}, not one of {allowed}")
    elif response.status_code != control.status_code and caller.name != "wrong-scope":
        # (The narrow token's coordinator holds a role in the case: a scope none of his roles can use
        # is refused by the role, 403, and he may know that his own organisation's case exists.)
        problems.append(f"status {response.status_code}, an id nobody has {control.status_code}")
    if response.status_code == 302 and "/login/" not in response["Location"]:
        problems.append(f"redirects to {response['Location']}")
    problems += [f"names {secret!r}" for secret in side.secrets if secret in text]
    problems += [
        f"wrote {name}: {before[name]} → {after[name]}" for name in before if before[name] != after[name]
    ]
    problems += [f"logged {action} of {data}" for action, data in logged]
    if not problems:
        return []
    excerpt = " ".join(text[:200].split())
    return [f"{caller.name}|{cell.op.label}: {response.status_code} ({'; '.join(problems)}): {excerpt}"]


@pytest.mark.parametrize("caller_name", ["anonymous", "former-representative", "wrong-scope"])
def test_callers_without_a_relation_learn_nothing_of_any_id(sweep, caller_name):
    caller = _callers(sweep)[caller_name]
    problems, foreign = [], None
    for op in OPERATIONS:
        if caller_name == "wrong-scope" and op.surface == "web":
            continue  # a token's scope is the API's; on the web the coordinator is who he is
        variants = ("one-off", "answered") if "token" in op.params else ("foreign",)
        for variant in variants:
            # The first organisation's ids (Petra's, the world's own side), tried as the second's actor.
            cell = Cell(SECOND, caller_name, op, variant)
            foreign = foreign or _ids(sweep.target(cell))
            found = _caller_problems(sweep, caller, cell, foreign)
            if found:
                problems += found
                foreign = None

    assert problems == [], f"{len(problems)} answers revealed or changed something:\n" + "\n".join(problems)


@pytest.mark.parametrize("caller_name", ["anonymous", "wrong-scope", "former-representative"])
def test_fhir_tells_callers_without_a_relation_nothing(sweep, caller_name):
    caller = _callers(sweep)[caller_name]
    side = sweep.orgs[FIRST].side
    problems = []
    for method, path, control in _fhir_paths(side):
        response = _fhir(sweep, caller.token, path, method)
        text = response.content.decode(errors="replace")
        if caller_name == "former-representative" and path.startswith("RelatedPerson?"):
            # Her own representation, ended, is hers to see; nobody else's.
            ids = {entry["resource"]["id"] for entry in response.json().get("entry", [])}
            if ids - {str(_own_representation(sweep))}:
                problems.append(f"{path} finds {sorted(ids)}")
            problems += [f"{path} names {secret!r}" for secret in side.secrets if secret in text]
            continue
        if caller_name == "former-representative":
            problems += _fhir_problems(sweep, caller.token, side, path, control, method)
            continue
        if response.status_code != (401 if caller_name == "anonymous" else 403):
            problems.append(f"{path} → {response.status_code}")
        problems += [f"{path} names {secret!r}" for secret in side.secrets if secret in text]

    assert problems == []


# The admin site: the superuser's maintenance of the directory, no way in for anyone else ------------


def _admin_urls(side: Side) -> list[str]:
    """Every admin page, its object the other organisation's representation (the admin pages of a
    representation name the patient)."""
    from django.contrib.contenttypes.models import ContentType

    from secondopinion.directory.models import Representative

    ids = _ids(side)
    fill = {
        "object_id": str(ids["representative_id"]),
        "pk": str(ids["representative_id"]),
        "id": str(ids["representative_id"]),
        "content_type_id": str(ContentType.objects.get_for_model(Representative).pk),
        "app_label": "directory",
        "url": "directory/representative/",
    }
    urls = []
    for route, name, pattern in _web_patterns():
        if not name.startswith("admin:") or name in ("admin:login", "admin:logout", "admin:jsi18n"):
            continue
        params = tuple(pattern.pattern.converters)
        urls.append(
            "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: fill[m.group(1)], route) if params else "/" + route
        )
    return urls


@pytest.mark.parametrize(
    ("org", "actor_name"),
    [
        pytest.param(org, name, id=f"{org}:{name}")
        for org, names in ACTORS.items()
        for name in names
        if name != "administrator"  # the superuser, whose site it is
    ],
)
def test_the_admin_site_is_no_way_in(sweep, org, actor_name):
    actor = sweep.orgs[org].actors[actor_name]
    side = sweep.orgs[SECOND if org == FIRST else FIRST].side
    problems = []
    for url in _admin_urls(side):
        response = actor.client.get(url)
        text = response.content.decode(errors="replace")
        if response.status_code != 302 or "/admin/login/" not in response["Location"]:
            problems.append(f"{url} → {response.status_code}")
        problems += [f"{url} names {secret!r}" for secret in side.secrets if secret in text]

    assert problems == []


def _own_representation(sweep: Sweep) -> int:
    from secondopinion.directory.models import Representative

    return Representative.objects.get(user=sweep.world.users["former_representative"]).pk
