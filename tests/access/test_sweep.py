"""The sweep of foreign ids: two complete organisations side by side (tests/access/second_org.py), and
everyone of each tries every operation that takes an id on the other's objects.

The first organisation is the access world's own side (tests/access/world.py); its patient,
representative, GP (referrer), treating dentist, giver, coordinator, complaints officer, an
administrator and a logged-in stranger try the second's ids. The second is Tandheelkunde Noord; its
patient, representative, coordinator, giver, complaints officer and treating dentist try the first's.
Nobody of one has any business with the other's cases, patients, representations, consents, data
requests and their upload links, documents, complaints, messages, billing lines, sendings or reports.

Every operation of the API (as django-ninja registered it) and every web URL of Django's resolver that
takes an id is called with each method it serves, a valid body (the matrix's, tests/access/
test_matrix.py), and the other organisation's ids. The answer is 404 (problem+json on the API), never
200, 403, 409, 422 or 5xx; it names nothing of the other organisation; it writes nothing to the main
tables (`fingerprint`, second_org.py) and logs no access to the other organisation's patient (the
access log and the log of refused attempts may grow otherwise). Where a URL takes a case and a second
id, the second id is also tried under a case of the actor's own ("mixed"): someone else's consent or
data request reached through one's own case. The upload link needs no login and its token is the key:
it is tried with tokens that open nothing (made up, one character off the other organisation's, the
hash the database keeps, the token of a request already answered).

A path parameter this file cannot fill fails `test_every_id_parameter_is_mapped`, so a new endpoint
joins the sweep before it ships. Each role's sweep collects what leaked into one readable list:
role, method, path, status and the start of the body.
"""

import hashlib
import json
from dataclasses import dataclass

import pytest
from django.db.models import Max, Q
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.distribution.models import Sending
from tests.access.case_endpoints import CASE_ENDPOINTS
from tests.access.second_org import (
    SECOND_RELATED_FROM,
    SECOND_STATES,
    Actor,
    Organisation,
    Side,
    fingerprint,
)
from tests.access.sweep_operations import (
    EXTRA_BODIES,
    OPERATIONS,
    OWNER_STATE,
    PARAMETER_KINDS,
    TOKEN_VARIANTS,
    Operation,
)
from tests.access.world import ROWS, STATES, World, related
from tests.accounts.sweep import passkey_ids
from tests.appointments.sweep import sweep_ids as appointment_sweep_ids
from tests.documents.intake_sweep import intake_ids
from tests.invitations.sweep import invitation_ids
from tests.letters.sweep import letter_ids
from tests.notifications.sweep import notification_ids

pytestmark = pytest.mark.django_db


# Who tries what -----------------------------------------------------------------------------------

FIRST, SECOND = "first", "second"
# The first organisation's people are rows of the matrix (tests/access/world.py); the two rows left
# out (a representative whose consent was revoked, the coordinator of a third practice) are, towards
# the second organisation, what the stranger and the coordinator are.
ACTORS = {
    FIRST: (
        "patient",
        "representative",
        "referrer",
        "treating",
        "giver",
        "coordinator",
        "complaints-officer",
        "administrator",
        "stranger",
    ),
    SECOND: tuple(SECOND_RELATED_FROM),
}


def _second_home_state(state: str) -> str:
    return max((s for s in SECOND_STATES if STATES.index(s) <= STATES.index(state)), key=STATES.index)


def _has_home(org: str, actor: str, state: str) -> bool:
    """Whether the actor is related to their own organisation's case in `state` (see second_org.py)."""
    if org == FIRST:
        return related(ROWS[actor], "own", state)
    return STATES.index(_second_home_state(state)) >= STATES.index(SECOND_RELATED_FROM[actor])


def variants(org: str, actor: str, op: Operation) -> tuple[str, ...]:
    if "token" in op.params:
        # The link needs no login, so who is logged in changes nothing: each actor tries every dead
        # token once, half of them by GET and half by POST, and the next actor the other way round.
        turn = ACTORS[org].index(actor) + (op.method == "post")
        return tuple(v for i, v in enumerate(TOKEN_VARIANTS) if (i + turn) % 2 == 0)
    mixed = "case_id" in op.params and len(op.params) > 1 and _has_home(org, actor, op.state)
    return ("foreign", "mixed") if mixed else ("foreign",)


@dataclass(frozen=True)
class Cell:
    org: str  # the actor's organisation; the ids are the other's
    actor: str
    op: Operation
    variant: str

    @property
    def id(self) -> str:
        return f"{self.org}:{self.actor}|{self.op.label}|{self.variant}"


def cells_of(org: str, actor: str) -> list[Cell]:
    return [Cell(org, actor, op, variant) for op in OPERATIONS for variant in variants(org, actor, op)]


# The two organisations, built once per module beside the world ------------------------------------


@dataclass
class Sweep:
    world: World
    orgs: dict[str, Organisation]
    api_client: Client

    def actor(self, cell: Cell) -> Actor:
        return self.orgs[cell.org].actors[cell.actor]

    def target(self, cell: Cell) -> Side:
        return self.orgs[SECOND if cell.org == FIRST else FIRST].side


def _ids(side: Side) -> dict[str, object]:
    return {
        "patient_id": side.patient.pk,
        "representative_id": side.representative_id,
        "consent_id": side.consent_id,
        "request_id": side.request_id,
        "token": side.upload_token,
        "document_id": side.document_id,
        "complaint_id": side.complaint_id,
        "message_id": side.message_id,
        "billing_line_id": side.billing_line_id,
        "line_id": side.billing_line_id,
        "sending_id": side.sending_id,
        "report_id": side.report_id,
        "notice_id": side.notice_id,
        **invitation_ids(side),
        **passkey_ids(side),
        **intake_ids(side),
        **notification_ids(side),
        **letter_ids(side),
        **appointment_sweep_ids(side),
    }


def _token(side: Side, variant: str) -> str:
    token = side.upload_token
    return {
        "made-up": "A" * len(token),
        "one-off": token[:-1] + ("B" if token[-1] != "B" else "C"),
        "stored-hash": hashlib.sha256(token.encode()).hexdigest(),
        "answered": side.closed_upload_token,
    }[variant]


# An id no object has: what a mixed cell's answer is compared with.
NO_SUCH_ID = 987_654_321


def arguments(
    sweep: Sweep, cell: Cell, foreign: dict[str, object], *, control: bool = False
) -> dict[str, object]:
    """The path's arguments: the other organisation's ids (`foreign`, its `_ids`); in a mixed cell,
    the actor's own case (and, for the control, an id nobody has instead of the other organisation's)."""
    op, side = cell.op, sweep.target(cell)
    unmapped = sorted(set(op.params) - set(PARAMETER_KINDS))
    if unmapped:
        pytest.fail(f"{op.label}: no foreign object for {unmapped}; add it to PARAMETER_KINDS")
    ids = dict(foreign)
    owner = next((OWNER_STATE[p] for p in op.params if p in OWNER_STATE), op.state)
    ids["case_id"] = side.case(owner).pk
    if cell.variant == "mixed":
        home = sweep.actor(cell).home(op.state)
        assert home is not None, cell.id
        ids["case_id"] = home.pk
        if control:
            ids = {name: (value if name == "case_id" else NO_SUCH_ID) for name, value in ids.items()}
    if cell.variant in TOKEN_VARIANTS:
        ids["token"] = _token(side, cell.variant)
    return {name: ids[name] for name in op.params}


def body(sweep: Sweep, cell: Cell) -> dict | None:
    """A valid body, so that a 422 for a missing field cannot hide a missing access check."""
    op = cell.op
    if op.method == "get":
        return None
    endpoint = CASE_ENDPOINTS.get(op.key)
    if endpoint is None or endpoint.body is None:
        return dict(EXTRA_BODIES.get(op.key, {}))
    values = endpoint.body(sweep.world, "own")
    if "giver_id" in values:
        values["giver_id"] = sweep.target(cell).giver.pk
    return values


def send(sweep: Sweep, cell: Cell, url: str, data: dict | None):
    op, actor = cell.op, sweep.actor(cell)
    if op.surface == "web":
        client = actor.client
        return client.get(url) if op.method == "get" else getattr(client, op.method)(url, data or {})
    headers = {"HTTP_AUTHORIZATION": f"Bearer {actor.token}", "HTTP_ACCEPT_LANGUAGE": "nl"}
    client = sweep.api_client
    if op.method == "get":
        return client.get(url, **headers)
    if any(hasattr(value, "read") for value in (data or {}).values()):
        return client.post(url, data, **headers)  # multipart, for a file
    return getattr(client, op.method)(url, json.dumps(data or {}), content_type="application/json", **headers)


def url_of(cell: Cell, args: dict[str, object]) -> str:
    if cell.op.surface == "api":
        return cell.op.route.format(**args)
    return reverse(cell.op.name, kwargs=args)


def leak(sweep: Sweep, cell: Cell, foreign: dict[str, object]) -> str | None:
    """Call the cell; what leaked (role, method, path, status, body), or None for a plain 404.

    A foreign id answers 404, problem+json on the API, names nothing of the other organisation and
    writes nothing. In a mixed cell, a role that may not take the step on its own case is refused
    whatever the second id (403): the answer must then be the one an id nobody has gets."""
    side = sweep.target(cell)
    expected = 404
    if cell.variant == "mixed":
        control = send(
            sweep, cell, url_of(cell, arguments(sweep, cell, foreign, control=True)), body(sweep, cell)
        )
        expected = control.status_code if control.status_code in (403, 404) else 404
    url = url_of(cell, arguments(sweep, cell, foreign))
    before, last_event = fingerprint(), AccessEvent.objects.aggregate(last=Max("pk"))["last"] or 0

    response = send(sweep, cell, url, body(sweep, cell))

    after = fingerprint()
    logged = AccessEvent.objects.filter(
        Q(patient=side.patient) | Q(case__in=list(side.cases.values())), pk__gt=last_event
    ).values_list("action", "data")
    text = response.content.decode(errors="replace")
    problems = []
    if response.status_code != expected:
        problems.append(f"status {response.status_code}, not {expected}")
    elif cell.op.surface == "api" and response["Content-Type"] != "application/problem+json":
        problems.append(f"Content-Type {response['Content-Type']}")
    problems += [f"names {secret!r}" for secret in side.secrets if secret in text]
    problems += [
        f"wrote {name}: {before[name]} → {after[name]}" for name in before if before[name] != after[name]
    ]
    problems += [f"logged {action} of {data} of the other organisation's patient" for action, data in logged]
    if not problems:
        return None
    excerpt = " ".join(text[:240].split())
    return f"{cell.id}\n    {cell.op.method.upper()} {url} → {response.status_code} ({'; '.join(problems)}): {excerpt}"


@pytest.mark.parametrize(
    ("org", "actor_name"),
    [pytest.param(org, name, id=f"{org}:{name}") for org, names in ACTORS.items() for name in names],
)
def test_no_id_of_the_other_organisation_opens_anything(sweep, org, actor_name):
    leaks, foreign = [], None
    for cell in cells_of(org, actor_name):
        # The other organisation's objects are looked up (and the free time, the invitations, ... made)
        # once, and again after a cell that leaked: a plain 404 changed nothing of them.
        foreign = foreign or _ids(sweep.target(cell))
        found = leak(sweep, cell, foreign)
        if found:
            leaks.append(found)
            foreign = None

    assert leaks == [], f"{len(leaks)} foreign ids answered other than 404:\n" + "\n".join(leaks)


# Lists: nothing of the other organisation shows in what one's own case or inbox lists ------------

LISTS_OF_A_CASE = {
    "/api/v1/cases/{case_id}/messages": "message_id",
    "/api/v1/cases/{case_id}/billing-lines": "billing_line_id",
    "/api/v1/cases/{case_id}/documents": "document_id",
    "/api/v1/cases/{case_id}/consents": "consent_id",
    "/api/v1/cases/{case_id}/data-requests": "request_id",
}
INBOXES = ("/api/v1/cases", "/api/v1/reports/inbox", "/api/v1/collegial-notices")
WEB_LISTS = ("web:home", "web:report-inbox", "web:notices", "aftercare:complaints")


@pytest.mark.parametrize(
    ("org", "actor_name"),
    [pytest.param(org, name, id=f"{org}:{name}") for org, names in ACTORS.items() for name in names],
)
def test_nothing_of_the_other_organisation_is_listed(sweep, org, actor_name):
    actor = sweep.orgs[org].actors[actor_name]
    side = sweep.orgs[SECOND if org == FIRST else FIRST].side
    foreign = _ids(side)
    sendings = set(Sending.objects.filter(case__in=list(side.cases.values())).values_list("pk", flat=True))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {actor.token}"}
    home = actor.home("report_final")
    pages = [(path, None) for path in INBOXES]
    if home is not None:
        pages += [(path.format(case_id=home.pk), kind) for path, kind in LISTS_OF_A_CASE.items()]
    leaks = []
    for path, kind in pages:
        response = sweep.api_client.get(path, **headers)
        text = response.content.decode(errors="replace")
        if response.status_code == 200:
            items = json.loads(text)
            items = items.get("items", items) if isinstance(items, dict) else items
            ids = {item.get("id") for item in items if isinstance(item, dict)}
            if kind is not None and foreign[kind] in ids:
                leaks.append(f"{path} lists {kind} {foreign[kind]}")
            if path.endswith("/reports/inbox") and ids & sendings:
                leaks.append(f"{path} lists sendings {sorted(ids & sendings)}")
        leaks += [f"{path} shows {secret!r}" for secret in side.secrets if secret in text]
    urls = [reverse(name) for name in WEB_LISTS]
    if home is not None:
        urls.append(reverse("web:case", kwargs={"case_id": home.pk}))
    for url in urls:
        text = actor.client.get(url).content.decode(errors="replace")
        leaks += [f"{url} shows {secret!r}" for secret in side.secrets if secret in text]

    assert leaks == []


# The upload link is the key: whoever holds a valid one sees the request, without the patient's name.


@pytest.mark.parametrize("org", ACTORS)
def test_a_valid_upload_link_shows_no_name_to_whoever_holds_it(sweep, org):
    side = sweep.orgs[SECOND if org == FIRST else FIRST].side
    url = reverse("web:upload-link", kwargs={"token": side.upload_token})

    response = sweep.orgs[org].actors["coordinator"].client.get(url)

    assert response.status_code == 200
    text = response.content.decode()
    assert side.patient.name not in text
    assert side.patient.bsn not in text


# Guards -------------------------------------------------------------------------------------------


def test_every_id_parameter_is_mapped():
    unmapped = {(op.label, p) for op in OPERATIONS for p in op.params if p not in PARAMETER_KINDS}

    assert sorted(unmapped) == []


def test_the_sweep_names_every_kind_of_id_a_url_takes():
    taken = {PARAMETER_KINDS[p] for op in OPERATIONS for p in op.params}

    assert {
        "case",
        "representation",
        "consent",
        "data request",
        "upload link",
        "document",
        "complaint",
    } <= taken


def test_the_sweep_reaches_every_api_operation_with_an_id_and_every_web_url_with_one():
    api_ops = {op.name for op in OPERATIONS if op.surface == "api"}
    web_names = {op.name for op in OPERATIONS if op.surface == "web"}

    assert len(api_ops) >= 25
    assert "POST /api/v1/representatives/{representative_id}/consent" in api_ops
    assert {"web:case", "web:document-download", "aftercare:complaint", "web:upload-link"} <= web_names
