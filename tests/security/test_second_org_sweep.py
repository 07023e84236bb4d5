"""The outside auditor's sweep: every URL pattern of the product, with the first organisation's
objects put in, tried by everyone who has no business with them.

The first organisation is the access world's own side (tests/access/second_org.py: Petra's cases at
Mondzorg Centrum Oost, with consents, data requests and upload links, documents, the sealed report
and its sendings, addenda, billing lines, appointments, complaints, messages, letters, notifications,
invitations). Who tries: nobody signed in; someone signed in with no role at all; the second
organisation's (Tandheelkunde Noord) coordinator, complaints officer, giver, and the dentist who
treats its patient; its patient; the representative of that other patient; and a GP nobody involved.

Every pattern of Django's resolver (second_org_sweep.py: web pages, downloads, exports, the calendar
feed, the API, the FHIR endpoint with its searches, the sign-in pages, the admin) is requested with
GET, POST, PUT, PATCH and DELETE (the admin with GET and POST), with the matrix's valid body
where it has one (tests/access/case_endpoints.py), and pages without an id also with a search for the
first organisation's patient (by name, BSN and case reference, as htmx asks it). An answer passes when:
- neither its body nor any header names the first organisation's patient, her BSN, her
  representative or a case reference;
- where the path names an object of the first organisation, it is a refusal (403, 404, 405, 401 or a
  redirect to sign in), never 2xx (the upload link is the key it names, and shows no name);
- it wrote nothing (tests/access/second_org.py `fingerprint`, widened here to every table of the
  product but the logs);
- it logged no access to the first organisation's patient or cases.

tests/access/test_sweep.py tries each id-taking operation in the state that makes it act, mixed ids and
dead upload tokens; this sweep adds the pages without ids, the regex patterns (FHIR, allauth, the
admin), headers, unusual methods, and the outsiders that sweep has not: nobody signed in, a user with
no role, and an uninvolved GP.
"""

import json

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import Client, override_settings

from secondopinion.audit.models import AccessEvent
from tests.access.case_endpoints import CASE_ENDPOINTS
from tests.access.second_org import first_organisation, second_organisation
from tests.access.sweep_operations import EXTRA_BODIES, FAST_HASHERS
from tests.access.world import build_world
from tests.factories import OrganisationFactory, PractitionerFactory, UserFactory
from tests.security.second_org_sweep import (
    FIRST_EVENTS,
    Outsider,
    Pattern,
    Watch,
    _fingerprint_sql,
    fills,
    first_ids,
    names_an_object,
    patterns,
    unfilled,
)

pytestmark = pytest.mark.django_db

WRITES = ("post", "put", "patch", "delete")
METHODS = ("get", *WRITES)
ACTORS = (
    "anonymous",
    "no-role",
    "coordinator",
    "complaints-officer",
    "giver",
    "treating",
    "patient",
    "representative",
    "uninvolved-gp",
)


class Audit:
    def __init__(self, world, first, second) -> None:
        self.world = world
        self.side = first.side
        self.ids = first_ids(first.side)
        gp_practice = OrganisationFactory(name="Huisartsenpraktijk De Linde", city="Zwolle")
        gp = PractitionerFactory(
            user=UserFactory(username="huisarts-linde"), organisation=gp_practice, discipline="gp"
        )
        users = {name: actor.user for name, actor in second.actors.items()}
        users |= {"anonymous": None, "no-role": UserFactory(username="zonder-rol"), "uninvolved-gp": gp.user}
        self.outsiders = {name: Outsider(users[name]) for name in ACTORS}
        self.homes = {name: actor.home("report_final") for name, actor in second.actors.items()}
        first_users = [user.pk for user in world.users.values()] + [first.side.patient.user_id]
        self.watch = Watch(
            *_fingerprint_sql(
                {
                    "users": first_users,
                    "patient": [first.side.patient.pk],
                    "cases": [case.pk for case in first.side.cases.values()],
                }
            )
        )
        self.opened = False  # whether the last request was answered 200


@pytest.fixture(scope="module")
def audit(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            yield Audit(world, first_organisation(world), second_organisation(world))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# What may change when someone writes to a page without an id: their own things, never the first
# organisation's (the fingerprint counts the first organisation's rows of these tables apart).
OWN_WRITES = {
    "notifications:read-all": {"notifications.Alert"},
    "notifications:preferences": {"notifications.Preference"},
    # DELETE /api/v1/auth/token revokes the caller's own token (both names share the path).
    "api:token_revoke": {"api.ApiToken"},
    "api:token_create": {"api.ApiToken"},
}
# Identifying a patient by BSN and date of birth together (directory/identification.py): whoever may
# identify (a coordinator, a practitioner) and knows both is shown initials and year of birth, no name,
# to confirm the right patient before a request, and the search is logged on the patient. By design.
IDENTIFICATION = {"api:patient_identify_endpoint", "web:case-new"}
# Pages that may answer 5xx without a fault: readiness says 503 while no task worker runs.
MAY_BE_UNAVAILABLE = {"health-ready"}


# The requests ------------------------------------------------------------------------------------


def _template(pattern: Pattern) -> str:
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", pattern.route)


def body(audit: Audit, pattern: Pattern) -> dict:
    """The matrix's valid body for the pattern, so that a 422 cannot hide a missing check; for the
    submission, one naming the first organisation's patient and practice."""
    if pattern.name.startswith("api:"):
        key = f"POST {_template(pattern)}"
        if key.endswith("/transitions"):
            key += " [withdraw]"
    else:
        key = pattern.name
    endpoint = CASE_ENDPOINTS.get(key)
    if endpoint is not None and endpoint.body is not None:
        return endpoint.body(audit.world, "own")
    if pattern.name == "api:case_create":
        case = audit.side.case("report_final")
        return {
            "protocol": "dental-knmt",
            "organisation_id": case.organisation_id,
            "treating_practitioner_id": case.treating_practitioner_id,
            "care_question": "Mag ik meekijken?",
            "subject": "treatment_plan",
            "treatment_started": False,
            "patient_id": audit.side.patient.pk,
            "requester_kind": "representative",
        }
    patient = audit.side.patient
    if pattern.name == "api:patient_identify_endpoint":
        return {"bsn": patient.bsn, "birth_date": str(patient.date_of_birth)}
    if pattern.name == "web:identity-desk":
        return {"bsn": patient.bsn, "date_of_birth": str(patient.date_of_birth)}
    if pattern.name == "web:case-new":
        return {"patient_bsn": patient.bsn, "patient_birth_date": str(patient.date_of_birth)}
    return dict(EXTRA_BODIES.get(key, {}))


def send(audit: Audit, who: str, method: str, path: str, data: dict | None, extra: dict | None = None):
    outsider = audit.outsiders[who]
    headers = dict(extra or {})
    machine = path.startswith(("/api/", "/fhir/"))
    if machine and outsider.token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {outsider.token}"
    client = outsider.client
    if method == "get":
        response = getattr(client, method)(path, **headers)
    elif machine and not any(hasattr(v, "read") for v in (data or {}).values()):
        response = getattr(client, method)(
            path, json.dumps(data or {}), content_type="application/json", **headers
        )
    elif method == "post":
        response = client.post(path, data or {}, **headers)
    else:
        from django.test.client import encode_multipart

        content = encode_multipart("BoUnDaRy", data or {})
        response = getattr(client, method)(
            path, content, content_type="multipart/form-data; boundary=BoUnDaRy", **headers
        )
    return response


def _searches(audit: Audit) -> list[tuple[str, dict]]:
    """A search for the first organisation's patient by name, BSN and case reference (an answer may
    repeat what was asked; it may not add another secret to it), and the filters of lists and figures
    set to the first organisation's objects (?organisation=, ?case=, ?patient=, ...)."""
    side = audit.side
    htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "worklist"}
    case = side.case("report_final")
    filters = {
        "organisation": side.organisation_id,
        "organisation_id": side.organisation_id,
        "patient": side.patient.pk,
        "patient_id": side.patient.pk,
        "case_id": case.pk,
        "practitioner": side.giver.pk,
        "user": side.patient.user.username,
    }
    return [
        *((f"?q={secret}", htmx) for secret in (side.patient.name, side.patient.bsn, case.reference)),
        (f"?organisation={side.organisation_id}", {}),
        (f"?case={case.reference}", {}),
        ("?" + "&".join(f"{name}={value}" for name, value in filters.items()), {}),
    ]


def requests_of(audit: Audit, pattern: Pattern) -> list[tuple[str, str, dict]]:
    """(method, path, extra headers) for the pattern; a page without an id is also searched
    (`_searches`), where it opens to the caller at all (see `sweep`)."""
    methods = ("get", "post") if pattern.name.startswith("admin:") else METHODS
    return [(method, path, {}) for path in fills(pattern, audit.side, audit.ids) for method in methods]


def searchable(pattern: Pattern) -> bool:
    return not pattern.params and not pattern.name.startswith("admin:")


def _refusal(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    location = response.get("Location", "")
    return response.status_code in (301, 302, 303) and ("login" in location or "inloggen" in location)


def _names(response, secrets) -> list[str]:
    text = b"" if getattr(response, "streaming", False) else response.content
    shown = text.decode(errors="replace") + "\n" + "\n".join(f"{k}: {v}" for k, v in response.items())
    return [secret for secret in secrets if secret and secret in shown]


def check(audit: Audit, who: str, pattern: Pattern, method: str, path: str, extra: dict) -> str | None:
    side = audit.side
    data = body(audit, pattern) if method in WRITES else None
    before = audit.watch.last  # the fingerprint after the last request

    response = send(audit, who, method, path, data, extra)
    audit.opened = response.status_code == 200

    after = audit.watch.now()
    if audit.outsiders[who].restore(path):
        audit.watch.now()  # the sweep's own new token is no write of the next request
    # An answer may repeat what the request said (a search, a form shown again with its input).
    asked = path + json.dumps(data, default=str)
    problems = [f"names {secret!r}" for secret in _names(response, side.secrets) if secret not in asked]
    # The admin's nameless routes (admin/<model>/<id>/) redirect to the change page, which refuses.
    redirects_within_admin = pattern.name == "admin:" and response.status_code in (301, 302)
    if names_an_object(pattern) and not (_refusal(response) or redirects_within_admin):
        problems.append(f"status {response.status_code} for an object of the other organisation")
    if response.status_code >= 500 and pattern.key not in MAY_BE_UNAVAILABLE:
        problems.append(f"status {response.status_code}")
    allowed = OWN_WRITES.get(pattern.key, set())
    changed = [
        name
        for name in before
        if before[name] != after[name]
        and name != FIRST_EVENTS + ".max:id (first organisation)"
        and (name.rsplit(".", 1)[0] not in allowed or name.endswith("(first organisation)"))
    ]
    problems += [f"wrote {name}: {before[name]} → {after[name]}" for name in changed]
    last_event = before[FIRST_EVENTS + ".max:id (first organisation)"] or 0
    if (
        after[FIRST_EVENTS + ".max:id (first organisation)"]
        != before[FIRST_EVENTS + ".max:id (first organisation)"]
    ):
        logged = AccessEvent.objects.filter(
            Q(patient=side.patient) | Q(case__in=list(side.cases.values())), pk__gt=last_event
        ).values_list("action", "data")
        if pattern.key in IDENTIFICATION:
            logged = logged.exclude(action="search", data="identity")
        problems += [f"logged {action} {data} of the other organisation's patient" for action, data in logged]
    if not problems:
        return None
    text = "" if getattr(response, "streaming", False) else response.content.decode(errors="replace")
    return f"{who} {method.upper()} {path} → {response.status_code} ({'; '.join(problems)}): {' '.join(text[:200].split())}"


SURFACES = ("machines", "pages")  # the API and FHIR; everything else


def surface(pattern: Pattern) -> str:
    return "machines" if pattern.route.startswith(("api/", "fhir/", "^fhir/")) else "pages"


def sweep(audit: Audit, who: str, side_of_product: str):
    """Every request of every pattern of one surface; each answer that gave something away."""
    for pattern in patterns():
        if surface(pattern) != side_of_product:
            continue
        for method, path, extra in requests_of(audit, pattern):
            outcome = check(audit, who, pattern, method, path, extra)
            yield outcome
            if method == "get" and searchable(pattern) and audit.opened:
                for query, headers in _searches(audit):
                    yield check(audit, who, pattern, "get", path + query, headers)


@pytest.mark.parametrize("side_of_product", SURFACES)
@pytest.mark.parametrize("who", ACTORS)
def test_nothing_of_the_first_organisation_reaches_an_outsider(audit, who, side_of_product):
    audit.outsiders[who].restore(fresh=True)
    audit.watch.anew()

    leaks = [found for found in sweep(audit, who, side_of_product) if found]

    assert leaks == [], f"{len(leaks)} answers gave something away:\n" + "\n".join(leaks)


# The sweep is real: the outsiders are signed in, and their own case opens to them ---------------


@pytest.mark.parametrize("who", ["coordinator", "complaints-officer", "giver", "patient", "representative"])
def test_each_outsider_is_signed_in_and_reads_their_own_case(audit, who):
    home = audit.homes[who]
    outsider = audit.outsiders[who]
    outsider.restore(fresh=True)

    page = outsider.client.get(f"/cases/{home.pk}/")
    api = outsider.client.get(f"/api/v1/cases/{home.pk}", HTTP_AUTHORIZATION=f"Bearer {outsider.token}")

    assert (page.status_code, api.status_code) == (200, 200)
    assert home.patient.name in page.content.decode()


def test_the_first_organisations_objects_open_to_its_own_people(audit):
    """The ids put in are real: the first organisation's coordinator reads its case and document with
    them, and its complaints officer the complaint."""
    cast, ids = audit.world.cast, audit.ids
    coordinator, officer = Client(secure=True), Client(secure=True)
    coordinator.force_login(cast.coordinator)
    officer.force_login(cast.complaints_officer)

    case = coordinator.get(f"/cases/{ids['case_id']}/")
    document = coordinator.get(f"/documents/{ids['document_id']}/")
    complaint = officer.get(f"/complaints/{ids['complaint_id']}/")

    assert [case.status_code, document.status_code, complaint.status_code] == [200, 200, 200]
    assert audit.side.patient.name in case.content.decode()


# Guards: a new page joins the sweep ----------------------------------------------------------------


def test_every_url_pattern_is_filled():
    missing = {pattern.key: unfilled(pattern) for pattern in patterns() if unfilled(pattern)}

    assert missing == {}, "add what fills these parameters to tests/security/second_org_sweep.py"


def test_the_sweep_covers_every_surface():
    names = {pattern.key for pattern in patterns()}
    machines = {pattern.key for pattern in patterns() if surface(pattern) == "machines"}

    assert {
        "api:case_read",
        "fhir:instance",
        "fhir:type",
        "appointments:ics",
        "aftercare:outcomes-csv",
        "planning:turnaround-csv",
        "web:report-pdf",
        "letters:letter-docx",
        "web:home",
        "notifications:list",
        "admin:index",
        "account_login",
    } <= names
    assert len(names) >= 200
    assert {"api:case_read", "fhir:instance", "fhir:type", "fhir-outside"} <= machines
    assert "web:case" not in machines
