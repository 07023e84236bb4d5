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

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.records.models import DataRequest
from tests.access.complaints import _complaint
from tests.access.log_reading import (
    GET_OPERATIONS,
    READERS,
    _all_routes,
    _assert_event,
    _decided_complaint,
    _get,
    _last,
    _shown,
    _url,
)
from tests.access.test_sweep import FIRST, Sweep

pytestmark = pytest.mark.django_db


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
