"""The second-organisation sweep (tests/access/test_sweep.py) extended where it has no row, for the
routes tests/access/route_inventory.py lists:

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
every method, headers, a user with no role, an uninvolved GP); test_route_coverage.py is the guard
that no route escapes the sweeps, and this file adds the callers and FHIR comparisons above.
"""

import json
import re
from dataclasses import dataclass

import pytest
from django.db.models import Max, Q
from django.test import Client

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from tests.access.route_inventory import (
    EXTRA_API_LISTS,
    EXTRA_WEB_LISTS,
    fhir_get,
    fhir_paths,
)
from tests.access.second_org import Side, fingerprint
from tests.access.sweep_operations import (
    OPERATIONS,
    _web_patterns,
)
from tests.access.test_sweep import (
    ACTORS,
    FIRST,
    NO_SUCH_ID,
    SECOND,
    Cell,
    Sweep,
    _ids,
    arguments,
    body,
    url_of,
)

pytestmark = pytest.mark.django_db


# FHIR, by the other organisation ------------------------------------------------------------------


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
    response = fhir_get(sweep, token, path, method)
    after, logged = fingerprint(), _logged_of(side, last)
    expected = fhir_get(sweep, token, control, method)
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


@pytest.mark.parametrize(
    ("org", "actor_name"),
    [pytest.param(org, name, id=f"{org}:{name}") for org, names in ACTORS.items() for name in names],
)
def test_no_fhir_read_or_search_of_the_other_organisation_finds_anything(sweep, org, actor_name):
    actor = sweep.orgs[org].actors[actor_name]
    side = sweep.orgs[SECOND if org == FIRST else FIRST].side
    problems = []
    for method, path, control in fhir_paths(side):
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
    for method, path, control in fhir_paths(side):
        response = fhir_get(sweep, caller.token, path, method)
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
