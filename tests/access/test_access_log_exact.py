"""NEN 7513, the exact access-log events of the reads and writes the case pages do not cover
(tests/access/test_access_events.py does those): each FHIR read and search, each write in `WRITES`,
the answers given through an upload link, the admin site's pages that show a patient, and the pages
behind the second factor. The routes and readers: tests/access/log_reading.py."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.records.models import DataRequest
from tests.access.case_endpoints import CASE_ENDPOINTS
from tests.access.complaints import _complaint
from tests.access.log_reading import (
    ROLE,
    _assert_event,
    _get,
    _last,
    _shown,
)
from tests.access.matrix_calls import call_case_endpoint
from tests.access.route_inventory import fhir_paths
from tests.access.test_sweep import FIRST, Sweep, _ids
from tests.access.world import ROWS

pytestmark = pytest.mark.django_db


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
    for method, path, _control in fhir_paths(sweep.orgs[FIRST].side):
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
    from tests.access.route_inventory import FHIR_IDS

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
