"""NEN 7513, completeness of the access log: every route that shows patient data to someone allowed to
see it writes the access-log event(s) that say so, whatever the route is (a page, an HTML partial, a
list, a download, an export, a letter, a calendar feed, a FHIR read or search, a secret link).

Two checks, over the routes the route-coverage test enumerates (tests/access/test_route_coverage.py):

- `test_no_route_shows_patient_data_without_logging_it`: every GET route with or without an id, and
  every FHIR read and search, called by every person of the first organisation (tests/access/
  second_org.py: the patient, her representative, the GP who referred, the treating dentist, the giver,
  the coordinator, the complaints officer) on that organisation's own objects. Whenever an answer
  shows the patient's name, BSN or a case reference (the page's header, which names the reader, left
  out), the same request wrote at least one event by that reader, naming that patient or no single
  patient (a list of several). A new route that shows patient data and logs nothing fails here.
- `test_each_read_writes_exactly_the_expected_event`: for each route that reads patient data, one
  reader, and exactly the event(s) expected: actor, role, action, data kind, patient, case, source,
  on whose behalf. tests/access/test_access_events.py does the same for the case's own pages and steps;
  the writes not there are in `WRITES`, below.
"""

import re

import pytest
from django.db.models import Max
from django.test import Client, override_settings
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.records.models import DataRequest
from tests.access.case_endpoints import CASE_ENDPOINTS
from tests.access.complaints import _complaint
from tests.access.matrix_calls import call_case_endpoint
from tests.access.second_org import first_organisation, second_organisation
from tests.access.sweep_operations import FAST_HASHERS, OPERATIONS
from tests.access.test_route_coverage import (
    EXTRA_API_LISTS,
    EXTRA_WEB_LISTS,
    _fhir,
    _fhir_paths,
)
from tests.access.test_sweep import FIRST, INBOXES, SECOND, WEB_LISTS, Sweep, _ids
from tests.access.world import ROWS

pytestmark = pytest.mark.django_db

READERS = ("patient", "representative", "referrer", "treating", "giver", "coordinator", "complaints-officer")
ROLE = {
    "patient": "patient",
    "representative": "representative",
    "referrer": "referrer",
    "treating": "treating",
    "giver": "giver",
    "coordinator": "coordinator",
    "complaints-officer": "complaints_officer",
}


@pytest.fixture(scope="module")
def sweep(world, django_db_blocker) -> Sweep:
    """The sweep's two organisations (test_sweep.py); the first one's people read its own objects."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        orgs = {FIRST: first_organisation(world), SECOND: second_organisation(world)}
    return Sweep(world, orgs, Client(secure=True))


# The routes, with the first organisation's own ids -------------------------------------------------

GET_OPERATIONS = {op.name: op for op in OPERATIONS if op.method == "get" and "token" not in op.params}
LISTS = (
    *WEB_LISTS,
    *EXTRA_WEB_LISTS,
    *(f"GET {path}" for path in INBOXES),
    *EXTRA_API_LISTS,
    "GET /api/v1/collegial-notices",
)
# The request wizard's file: kept in the storage of the test that made it, which another test's
# storage does not hold (tests/journey reads it as its patient, logged: test_intake_files.py).
NOT_HERE = frozenset({"journey:intake-preview"})


def _url(sweep: Sweep, key: str) -> tuple[str, str]:
    """(surface, url) of a GET route on the first organisation's own objects."""
    side = sweep.orgs[FIRST].side
    if key in GET_OPERATIONS:
        op = GET_OPERATIONS[key]
        args = {name: value for name, value in _ids(side).items() if name in op.params}
        if "case_id" in op.params:
            args["case_id"] = side.case(op.state).pk
        if op.surface == "api":
            return "api", op.route.format(**args)
        return "web", reverse(op.name, kwargs=args)
    if key.startswith("GET "):
        return "api", key.split(" ")[1]
    return "web", reverse(key)


def _get(sweep: Sweep, reader: str, surface: str, url: str):
    actor = sweep.orgs[FIRST].actors[reader]
    if surface == "fhir":
        return _fhir(sweep, actor.token, url)
    if surface == "api":
        return sweep.api_client.get(url, HTTP_AUTHORIZATION=f"Bearer {actor.token}")
    return actor.client.get(url)


def _last() -> int:
    return AccessEvent.objects.aggregate(last=Max("pk"))["last"] or 0


HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)


def _shown(sweep: Sweep, response) -> list[str]:
    """The first organisation's patient data in an answer: her name, BSN, case references."""
    side = sweep.orgs[FIRST].side
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = HEADER.sub("", body.decode(errors="replace"))
    secrets = (side.patient.name, side.patient.bsn, *(case.reference for case in side.cases.values()))
    return [secret for secret in secrets if secret in text]


def _decided_complaint(sweep: Sweep) -> int:
    """A decided complaint about the final case, so that its decision letter exists."""
    from secondopinion.aftercare.complaints import (
        complaint_acknowledge,
        complaint_decide,
        complaint_start_handling,
    )

    officer = sweep.world.users["complaints_officer"]
    complaint_id = _ids(sweep.orgs[FIRST].side)["complaint_id"]
    complaint_acknowledge(actor=officer, complaint_id=complaint_id, source="web")
    complaint_start_handling(actor=officer, complaint_id=complaint_id, source="web")
    complaint_decide(
        actor=officer,
        complaint_id=complaint_id,
        judgment="partly_well_founded",
        decision="De uitleg over de kosten kwam te laat.",
        source="web",
    )
    return complaint_id


def _all_routes(sweep: Sweep) -> list[tuple[str, str, str]]:
    """(key, surface, url) of every GET route and FHIR read and search, on the first organisation's own."""
    routes = [(key, *_url(sweep, key)) for key in (*GET_OPERATIONS, *LISTS) if key not in NOT_HERE]
    side = sweep.orgs[FIRST].side
    routes.append(("web:upload-link", "web", reverse("web:upload-link", kwargs={"token": side.upload_token})))
    routes += [
        (f"fhir {path}", "fhir", path) for method, path, _control in _fhir_paths(side) if method == "get"
    ]
    return routes


def test_no_route_shows_patient_data_without_logging_it(sweep):
    side = sweep.orgs[FIRST].side
    _complaint(side.case("report_final"))  # the officer's need to know (access/policy.py)
    _decided_complaint(sweep)
    unlogged = []
    for key, surface, url in _all_routes(sweep):
        for reader in READERS:
            user = sweep.orgs[FIRST].actors[reader].user
            last = _last()
            response = _get(sweep, reader, surface, url)
            shown = _shown(sweep, response) if response.status_code == 200 else []
            if not shown:
                continue
            events = AccessEvent.objects.filter(pk__gt=last)
            # The upload link is the key: its holder acts as the practitioner it was sent to, no account.
            events = events.filter(actor=None) if key == "web:upload-link" else events.filter(actor=user)
            if not any(e.patient_id in (side.patient.pk, None) for e in events):
                unlogged.append(
                    f"{key} as {reader}: shows {shown}, logged {list(events.values_list('data'))}"
                )

    assert unlogged == []


# Exactly the expected event ------------------------------------------------------------------------

# Route → (reader, action, data). The case is the one the route names (its own, or its document's,
# letter's, appointment's, sending's, complaint's); a route of the patient (her access log, her
# representation) names no case.
READS: dict[str, tuple[str, str, str]] = {
    "GET /api/v1/cases/{case_id}": ("giver", "read", "case"),
    "GET /api/v1/cases/{case_id}/transitions": ("referrer", "read", "case:transitions"),
    "GET /api/v1/cases/{case_id}/conformance": ("treating", "read", "conformance"),
    "GET /api/v1/cases/{case_id}/report.pdf": ("referrer", "export", "report"),
    "GET /api/v1/cases/{case_id}/report.docx": ("treating", "export", "report"),
    "GET /api/v1/cases/{case_id}/billing-lines": ("coordinator", "read", "billing"),
    "GET /api/v1/cases/{case_id}/consents": ("giver", "read", "consents"),
    "GET /api/v1/cases/{case_id}/documents": ("complaints-officer", "read", "documents"),
    "GET /api/v1/documents/{document_id}/content": ("treating", "export", "document:pdf"),
    "GET /api/v1/patients/{patient_id}/access-log": ("representative", "read", "access_log"),
    "GET /api/v1/cases/{case_id}/data-requests": ("giver", "read", "records_requests"),
    "GET /api/v1/cases/{case_id}/messages": ("coordinator", "read", "messages"),
    "GET /api/v1/cases/{case_id}/eligible-givers": ("coordinator", "read", "case"),
    "GET /api/v1/cases/{case_id}/outside-copies": ("representative", "read", "report:outside-copy"),
    "aftercare:complaint": ("complaints-officer", "read", "complaint"),
    "letters:letters": ("representative", "read", "patient-letters"),
    "letters:letter-pdf": ("patient", "export", "patient-letter"),
    "letters:letter-docx": ("representative", "export", "patient-letter"),
    "appointments:case": ("giver", "read", "appointments"),
    "appointments:ics": ("patient", "export", "appointment"),
    "web:case": ("complaints-officer", "read", "case"),
    "web:report-pdf": ("coordinator", "export", "report"),
    "web:report-docx": ("giver", "export", "report"),
    "web:conformance": ("referrer", "read", "conformance"),
    "web:inbox-pdf": ("representative", "export", "report"),
    "web:inbox-docx": ("representative", "export", "report"),
    "web:access-log-for": ("representative", "read", "access_log"),
    "web:representation-authority": ("coordinator", "read", "representation"),
    "web:document-download": ("giver", "export", "document:pdf"),
    "journey:unlisted-link": ("coordinator", "read", "case"),
    # Lists: one search (or read) of the reader's own list.
    "web:home": ("representative", "search", "case-list"),
    "GET /api/v1/cases": ("referrer", "search", "case-list"),
    "web:report-inbox": ("treating", "search", "report-inbox"),
    "GET /api/v1/reports/inbox": ("patient", "search", "report-inbox"),
    "web:notices": ("treating", "read", "collegial-notices"),
    "GET /api/v1/collegial-notices": ("treating", "read", "collegial-notices"),
    "aftercare:complaints": ("complaints-officer", "search", "complaint-list"),
    "notifications:list": ("patient", "search", "notification-list"),
    "web:access-log": ("patient", "read", "access_log"),
    "GET /api/v1/patients/me/access-log": ("patient", "read", "access_log"),
    "web:representatives": ("patient", "read", "representation"),
    "GET /api/v1/patients/me/representatives": ("patient", "read", "representation"),
    "GET /api/v1/representatives/invitations": ("patient", "read", "representation:invitation"),
    "web:my-representations": ("representative", "read", "representation"),
    "aftercare:outcomes": ("coordinator", "read", "outcomes"),
    "aftercare:outcomes-csv": ("complaints-officer", "export", "outcomes"),
    "planning:turnaround": ("coordinator", "read", "turnaround"),
    "planning:turnaround-csv": ("coordinator", "export", "turnaround"),
}
# Pages that read two kinds of the patient's data, each logged.
READS_TWICE: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "web:representative-invitations": (
        "patient",
        [("search", "case-list"), ("read", "representation:invitation")],
    ),
}
# Reads of a case the route names by another object: which case.
FINAL = frozenset(
    {
        "GET /api/v1/documents/{document_id}/content",
        "aftercare:complaint",
        "letters:letter-pdf",
        "letters:letter-docx",
        "appointments:ics",
        "web:inbox-pdf",
        "web:inbox-docx",
        "web:document-download",
    }
)
NO_CASE = frozenset(
    {
        "GET /api/v1/patients/{patient_id}/access-log",
        "web:access-log-for",
        "web:representation-authority",
    }
)


def _expected_case(sweep: Sweep, key: str):
    side = sweep.orgs[FIRST].side
    if key in FINAL:
        return side.case("report_final").pk
    if key in GET_OPERATIONS and "case_id" in GET_OPERATIONS[key].params:
        return side.case(GET_OPERATIONS[key].state).pk
    return None


def _assert_event(sweep: Sweep, event: AccessEvent, reader: str, surface: str) -> None:
    side = sweep.orgs[FIRST].side
    user = sweep.orgs[FIRST].actors[reader].user
    assert event.actor_id == user.pk
    assert event.actor_name == str(user)
    assert event.role == ROLE[reader]
    assert event.basis
    assert event.source == ("web" if surface == "web" else "api")
    assert event.emergency is False
    assert event.patient_id in (side.patient.pk, None)
    if event.patient_id is not None:
        assert event.on_behalf_of == (side.patient.name if reader == "representative" else "")


@pytest.mark.parametrize("key", [*READS, *READS_TWICE])
def test_each_read_writes_exactly_the_expected_event(sweep, key):
    side = sweep.orgs[FIRST].side
    _complaint(side.case("report_final"))
    if key in READS:
        reader, action, data = READS[key]
        expected = [(action, data)]
    else:
        reader, expected = READS_TWICE[key]
    surface, url = _url(sweep, key)
    last = _last()

    response = _get(sweep, reader, surface, url)

    assert response.status_code == 200, response.content[:300]
    events = list(AccessEvent.objects.filter(pk__gt=last).order_by("pk"))
    assert [(e.action, e.data) for e in events] == expected
    for event in events:
        _assert_event(sweep, event, reader, surface)
    if key in READS and (case_id := _expected_case(sweep, key)) is not None:
        assert [e.case_id for e in events] == [case_id]
        assert events[0].patient_id == side.patient.pk
    if key in NO_CASE:
        assert [(e.case_id, e.patient_id) for e in events] == [(None, side.patient.pk)]


def test_the_decision_letter_is_logged_as_an_export(sweep):
    complaint_id = _decided_complaint(sweep)
    last = _last()

    response = (
        sweep.orgs[FIRST]
        .actors["patient"]
        .client.get(reverse("aftercare:complaint-letter", kwargs={"complaint_id": complaint_id}))
    )

    assert response.status_code == 200
    [event] = AccessEvent.objects.filter(pk__gt=last)
    assert (event.action, event.case_id) == ("export", sweep.orgs[FIRST].side.case("report_final").pk)
    _assert_event(sweep, event, "patient", "web")


def test_the_upload_link_logs_the_treating_practitioners_read(sweep):
    side = sweep.orgs[FIRST].side
    last = _last()

    response = Client(secure=True).get(reverse("web:upload-link", kwargs={"token": side.upload_token}))

    assert response.status_code == 200
    [event] = AccessEvent.objects.filter(pk__gt=last)
    assert (event.action, event.data, event.role) == ("read", "records_request", "treating")
    assert (event.case_id, event.patient_id) == (side.case("in_examination").pk, side.patient.pk)
    # Who read: the practitioner the link was sent to, by name (no account behind the link).
    request = DataRequest.objects.get(pk=side.request_id)
    assert (event.actor_id, event.actor_name) == (None, request.addressed_to.name)


# FHIR: each read and search of patient data, one event ---------------------------------------------

FHIR_READS = {
    "Patient": ("coordinator", "read", "identity"),
    "RelatedPerson": ("giver", "read", "representation"),
    "ServiceRequest": ("referrer", "read", "case"),
    "Task": ("representative", "read", "case"),
    "DocumentReference": ("treating", "read", "documents"),
    "Binary": ("complaints-officer", "export", "report"),
    "Consent": ("patient", "read", "consents"),
    "Communication": ("coordinator", "read", "case"),
    "Provenance": ("giver", "read", "report"),
    "AuditEvent": ("representative", "read", "access_log"),
}
FHIR_SEARCHES = {
    "Patient?identifier": ("giver", "search", "identity"),
    "Patient?_id": ("treating", "search", "identity"),
    "RelatedPerson?patient": ("coordinator", "search", "representation"),
    "ServiceRequest?patient": ("representative", "search", "case-list"),
    "Task?patient": ("complaints-officer", "search", "case-list"),
    "Task?owner": ("coordinator", "search", "case-list"),
    "DocumentReference?patient": ("patient", "search", "documents"),
    "Consent?patient": ("referrer", "search", "consents"),
    "Communication?patient": ("giver", "search", "case-list"),
    "AuditEvent?patient": ("patient", "read", "access_log"),
}


def _fhir_path(sweep: Sweep, key: str) -> str:
    for method, path, _control in _fhir_paths(sweep.orgs[FIRST].side):
        if method == "get" and (path.startswith(f"{key}/") or path.startswith(f"{key}=")):
            return path
    raise LookupError(key)


@pytest.mark.parametrize("key", [*FHIR_READS, *FHIR_SEARCHES])
def test_each_fhir_read_and_search_writes_one_event(sweep, key):
    side = sweep.orgs[FIRST].side
    _complaint(side.case("report_final"))
    reader, action, data = {**FHIR_READS, **FHIR_SEARCHES}[key]
    path = _fhir_path(sweep, key)
    last = _last()

    response = _get(sweep, reader, "fhir", path)

    assert response.status_code == 200, response.content[:300]
    if "?" in key:
        assert response.json()["total"] >= 1
    [event] = AccessEvent.objects.filter(pk__gt=last)
    assert (event.action, event.data) == (action, data)
    _assert_event(sweep, event, reader, "api")
    assert event.patient_id == side.patient.pk


def test_every_fhir_type_with_patient_data_is_read_and_searched_here():
    from tests.access.test_route_coverage import FHIR_IDS

    assert set(FHIR_IDS) - {"Subscription"} == set(FHIR_READS)  # a Subscription is the caller's own


# Writes that tests/access/test_access_events.py has not: one event each -----------------------------

WRITES: dict[str, tuple[str, str, str]] = {
    "POST /api/v1/cases/{case_id}/billing-lines": ("giver", "create", "billing-line"),
    "web:billing-add": ("coordinator", "create", "billing-line"),
    "POST /api/v1/cases/{case_id}/messages": ("representative", "create", "message"),
    "aftercare:message-send": ("coordinator", "create", "message"),
    "POST /api/v1/cases/{case_id}/outside-copies": ("coordinator", "create", "report:outside-copy"),
    "web:outside-copy-add": ("coordinator", "create", "report:outside-copy"),
    "aftercare:complaint-file": ("representative", "create", "complaint"),
    "aftercare:complaint-acknowledge": ("complaints-officer", "update", "complaint"),
    "aftercare:outcome-record": ("giver", "create", "outcome"),
    "appointments:slot-offer": ("coordinator", "create", "appointment:slot"),
    "appointments:slot-withdraw": ("giver", "update", "appointment:slot"),
    "appointments:move": ("representative", "update", "appointment"),
    "appointments:cancel": ("patient", "update", "appointment"),
    "appointments:outcome": ("giver", "update", "appointment"),
    "POST /api/v1/cases/{case_id}/transitions [assign]": ("coordinator", "update", "case:assign"),
    "POST /api/v1/cases/{case_id}/transitions [inform]": ("giver", "update", "case:inform"),
    "POST /api/v1/cases/{case_id}/transitions [refuse]": ("coordinator", "update", "case:refuse"),
}


@pytest.mark.parametrize("key", WRITES)
def test_each_write_writes_its_event(world, key):
    reader, action, data = WRITES[key]
    case = world.case("own", CASE_ENDPOINTS[key].state)
    last = _last()

    response = call_case_endpoint(world, key, ROWS[reader], "own")

    assert response.status_code in (200, 201, 302), response.content[:300]
    user = world.users[ROWS[reader].user]
    events = list(AccessEvent.objects.filter(pk__gt=last, actor=user).exclude(action="read"))
    assert [(e.action, e.data, e.role, e.case_id) for e in events] == [(action, data, ROLE[reader], case.pk)]
    assert events[0].patient_id == case.patient_id
    expected_on_behalf = case.patient.name if reader == "representative" else ""
    assert events[0].on_behalf_of == expected_on_behalf


@pytest.mark.parametrize("answer", ["decline", "fulfil"])
def test_an_answer_through_the_upload_link_names_its_practitioner(sweep, answer):
    from tests.access.second_org import upload

    side = sweep.orgs[FIRST].side
    request = DataRequest.objects.get(pk=side.request_id)
    body = (
        {"action": "decline", "reason": "Niet bij ons bekend."} if answer == "decline" else {"file": upload()}
    )
    last = _last()

    response = Client(secure=True).post(reverse("web:upload-link", kwargs={"token": side.upload_token}), body)

    assert response.status_code == 200, response.content[:300]
    written = AccessEvent.objects.filter(pk__gt=last).exclude(action="send")
    expected = "records_request:declined" if answer == "decline" else "document:png"
    [event] = [e for e in written if e.data == expected]
    assert (event.actor_id, event.actor_name, event.role) == (None, request.addressed_to.name, "treating")
    assert (event.case_id, event.patient_id) == (request.case_id, side.patient.pk)
    assert not [e for e in written if e.actor_id is None and e.actor_name == "system"]


# The admin site: the superuser maintaining the directory sees a representation's patient and the
# details on hold (a name, a date of birth, a BSN); each page that shows them is a logged read --------


def _hold(sweep: Sweep):
    from secondopinion.accounts.models import PatientProfileHold
    from tests.factories import UserFactory

    patient = sweep.orgs[FIRST].side.patient
    return PatientProfileHold.objects.create(
        user=UserFactory(username="dubbel"),
        name="P. de Vries",
        date_of_birth=patient.date_of_birth,
        bsn=patient.bsn,
    )


@pytest.mark.parametrize(
    ("page", "action"),
    [
        ("admin:directory_representative_changelist", "search"),
        ("admin:directory_representative_change", "read"),
        ("admin:directory_representative_history", "read"),
        ("admin:accounts_patientprofilehold_changelist", "search"),
        ("admin:accounts_patientprofilehold_change", "read"),
        ("admin:accounts_patientprofilehold_delete", "read"),
    ],
)
def test_an_admin_page_that_shows_a_patient_logs_the_read(sweep, page, action):
    side = sweep.orgs[FIRST].side
    administrator = sweep.orgs[FIRST].actors["administrator"]
    hold = _hold(sweep)
    object_id = hold.pk if "patientprofilehold" in page else _ids(side)["representative_id"]
    kwargs = {"object_id": object_id} if not page.endswith("changelist") else {}
    data = "identity" if "patientprofilehold" in page else "representation"
    last = _last()

    response = administrator.client.get(reverse(page, kwargs=kwargs))

    assert response.status_code == 200
    events = list(AccessEvent.objects.filter(pk__gt=last, patient=side.patient))
    assert [(e.action, e.data, e.role, e.actor_id) for e in events] == [
        (action, data, "administrator", administrator.user.pk)
    ]
    assert events[0].basis
    assert events[0].source == "web"


def test_an_admin_list_of_nobodys_data_logs_nothing(sweep):
    from secondopinion.directory.models import Representative

    Representative.objects.all().delete()
    last = _last()

    response = (
        sweep.orgs[FIRST]
        .actors["administrator"]
        .client.get(reverse("admin:directory_representative_changelist"))
    )

    assert response.status_code == 200
    assert not AccessEvent.objects.filter(pk__gt=last).exists()


# Pages behind the second factor (the access review, the security log): the sweep above meets them with
# a password session, refused; here the complaints officer has confirmed her authenticator.


@pytest.mark.parametrize("page", ["web:access-review", "web:security-log"])
def test_a_page_behind_the_second_factor_logs_what_it_shows(sweep, page):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    side = sweep.orgs[FIRST].side
    _complaint(side.case("report_final"))
    officer = sweep.world.users["complaints_officer"]
    device = TOTPDevice.objects.create(user=officer, name="authenticator", confirmed=True)
    client = Client(secure=True)
    client.force_login(officer)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    last = _last()

    response = client.get(reverse(page))

    assert response.status_code == 200
    shown = _shown(sweep, response)
    events = list(AccessEvent.objects.filter(pk__gt=last, actor=officer))
    if page == "web:access-review":
        assert shown, "the review shows who looked at the cases complained about"
    if shown:
        assert [(e.action, e.role) for e in events] == [("search", "complaints_officer")]
        assert events[0].basis
