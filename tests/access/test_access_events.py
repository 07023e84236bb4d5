"""NEN 7513: every access to patient data writes exactly one access-log event, with every field
filled: who (actor, actor_name), in which role and on what basis, on behalf of whom (a
representative acts for the patient), which patient, which data, what was done, from where, when
(UTC), and that it was no emergency access."""

import datetime as dt

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from tests.access.case_endpoints import CASE_ENDPOINTS, REPORT
from tests.access.matrix_calls import api_call, call_case_endpoint, web_client
from tests.access.test_matrix import submission
from tests.access.world import ROWS, World

pytestmark = pytest.mark.django_db

# For each endpoint that touches one case: who uses it successfully, and what the event says.
# (row, action, data, role written). The role is the most specific one the row holds.
SUCCESSFUL_ACCESS: dict[str, tuple[str, str, str]] = {
    "web:case": ("patient", "read", "case"),
    "web:report-pdf": ("patient", "export", "report"),
    "web:conformance": ("complaints-officer", "read", "conformance"),
    "web:report-draft": ("giver", "update", "report"),
    "web:addendum": ("giver", "update", "report:addendum"),
    "web:consent-add": ("patient", "update", "consent:consult_colleague"),
    "web:consent-revoke": ("patient", "update", "consent:request_records:revoked"),
    "web:notice-send": ("giver", "send", "collegial-notice"),
    "web:step-accept": ("coordinator", "update", "case:accept"),
    "web:step-refuse": ("coordinator", "update", "case:refuse"),
    "web:step-redirect": ("coordinator", "update", "case:redirect"),
    "web:step-assign": ("coordinator", "update", "case:assign"),
    "web:step-inform": ("giver", "update", "case:inform"),
    "web:step-gather": ("giver", "update", "case:gather"),
    "web:step-examine": ("giver", "update", "case:examine"),
    "web:step-findings": ("giver", "update", "case:findings"),
    "web:step-finalise": ("giver", "update", "case:finalise"),
    "web:step-close": ("coordinator", "update", "case:close"),
    "web:step-withdraw": ("patient", "update", "case:withdraw"),
    "GET /api/v1/cases/{case_id}": ("patient", "read", "case"),
    "GET /api/v1/cases/{case_id}/transitions": ("giver", "read", "case:transitions"),
    "GET /api/v1/cases/{case_id}/report.pdf": ("patient", "export", "report"),
    "GET /api/v1/cases/{case_id}/consents": ("patient", "read", "consents"),
    "GET /api/v1/cases/{case_id}/conformance": ("complaints-officer", "read", "conformance"),
    "GET /api/v1/cases/{case_id}/documents": ("patient", "read", "documents"),
    "POST /api/v1/cases/{case_id}/documents": ("patient", "create", "document:png"),
    "GET /api/v1/documents/{document_id}/content": ("complaints-officer", "export", "document:pdf"),
    "web:document-add": ("coordinator", "create", "document:png"),
    "web:document-download": ("patient", "export", "document:pdf"),
    "POST /api/v1/cases/{case_id}/transitions [accept]": ("coordinator", "update", "case:accept"),
    "POST /api/v1/cases/{case_id}/transitions [close]": ("giver", "update", "case:close"),
    "POST /api/v1/cases/{case_id}/transitions [withdraw]": ("representative", "update", "case:withdraw"),
    "PUT /api/v1/cases/{case_id}/report": ("giver", "update", "report"),
    "POST /api/v1/cases/{case_id}/collegial-notices": ("giver", "send", "collegial-notice"),
    "POST /api/v1/cases/{case_id}/report/addenda": ("giver", "update", "report:addendum"),
    # The patient declares in the app (JSON); staff record from the signed form (…/signed-form, R18).
    "POST /api/v1/cases/{case_id}/consents": ("patient", "update", "consent:consult_colleague"),
    "POST /api/v1/cases/{case_id}/consents/{consent_id}/revoke": (
        "giver",
        "update",
        "consent:request_records:revoked",
    ),
}


def _records_consent(world: World, case) -> None:
    """R16: gathering records needs the patient's consent to request them."""
    from secondopinion.consent.services import consent_record

    consent_record(
        actor=world.cast.patient_user,
        case_id=case.pk,
        purpose="request_records",
        method="in_app",
        source="web",
    )


def _report_written(world: World, case) -> None:
    """R22: the web's finalise step confirms a draft whose required sections are written."""
    from secondopinion.cases.editing import case_save_report_draft

    case_save_report_draft(actor=world.cast.giver_user, case_id=case.pk, sections=REPORT, source="web")


# What a step needs beforehand that the world's case in that state does not have yet.
PREPARE = {"web:step-gather": _records_consent, "web:step-finalise": _report_written}
ROLE_OF_ROW = {name: (row.role.value if row.role else "") for name, row in ROWS.items()}


def events_after(last_id: int) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(pk__gt=last_id).order_by("pk"))


def last_event_id() -> int:
    return AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def assert_complete(event: AccessEvent, world: World, row_name: str, *, source: str, patient) -> None:
    row = ROWS[row_name]
    user = world.users[row.user]
    assert event.actor == user
    assert event.actor_name == str(user)
    assert event.role == ROLE_OF_ROW[row_name]
    assert event.basis
    assert event.patient == patient
    assert event.data
    assert event.source == source
    assert event.at.utcoffset() == dt.timedelta(0)
    assert event.emergency is False
    expected_on_behalf_of = patient.name if row_name == "representative" and patient else ""
    assert event.on_behalf_of == expected_on_behalf_of


@pytest.mark.parametrize("key", SUCCESSFUL_ACCESS)
def test_one_access_to_a_case_writes_exactly_one_complete_event(world, key):
    row_name, action, data = SUCCESSFUL_ACCESS[key]
    case = world.case("own", CASE_ENDPOINTS[key].state)
    if key in PREPARE:
        PREPARE[key](world, case)
    before = last_event_id()

    response = call_case_endpoint(world, key, ROWS[row_name], "own")

    assert response.status_code in (200, 201, 302), response.content[:500]
    # Sending the report or an addendum to its recipients (R23) is a disclosure of its own, with an
    # event per recipient (tests/distribution/test_sending.py); the access here is the one request.
    [event] = [e for e in events_after(before) if not (e.action == "send" and e.data.startswith("report"))]
    assert (event.action, event.data, event.case_id) == (action, data, case.pk)
    assert_complete(
        event, world, row_name, source="web" if key.startswith("web:") else "api", patient=case.patient
    )


@pytest.mark.parametrize(
    ("key", "row_name"),
    [
        ("web:case", "representative"),
        ("GET /api/v1/cases/{case_id}", "representative"),
        ("web:step-withdraw", "representative"),
        ("GET /api/v1/cases/{case_id}/report.pdf", "representative"),
    ],
)
def test_a_representative_acting_is_logged_on_behalf_of_the_patient(world, key, row_name):
    case = world.case("own", CASE_ENDPOINTS[key].state)
    before = last_event_id()

    response = call_case_endpoint(world, key, ROWS[row_name], "own")

    assert response.status_code in (200, 302)
    [event] = events_after(before)
    assert event.on_behalf_of == "Petra de Vries"
    assert_complete(
        event, world, row_name, source="web" if key.startswith("web:") else "api", patient=case.patient
    )


@pytest.mark.parametrize("web", [True, False], ids=["web", "api"])
@pytest.mark.parametrize("row_name", ["patient", "representative", "coordinator"])
def test_submitting_a_request_writes_one_create_event(world, row_name, web):
    row = ROWS[row_name]
    before = last_event_id()

    body = submission(world, row, "own", web=web)
    if web:
        response = web_client(world, row).post(reverse("web:case-new"), body)
    else:
        response = api_call(world, row, "post", "/api/v1/cases", body)

    assert response.status_code in (201, 302), response.content[:500]
    [event] = events_after(before)
    assert (event.action, event.data) == ("create", "case")
    assert_complete(event, world, row_name, source="web" if web else "api", patient=world.cast.patient)


# A list is one search; it names the patient when the list concerns one patient (here every case
# the row may see is Petra's), and writes nothing for an empty list, which shows no patient data.
@pytest.mark.parametrize("web", [True, False], ids=["web", "api"])
@pytest.mark.parametrize("row_name", ["patient", "representative", "referrer", "giver", "coordinator"])
def test_listing_cases_writes_one_search_event_naming_the_patient(world, row_name, web):
    row = ROWS[row_name]
    before = last_event_id()

    if web:
        response = web_client(world, row).get(reverse("web:home"))
    else:
        response = api_call(world, row, "get", "/api/v1/cases")

    assert response.status_code == 200
    [event] = events_after(before)
    assert (event.action, event.data, event.case_id) == ("search", "case-list", None)
    assert_complete(event, world, row_name, source="web" if web else "api", patient=world.cast.patient)


def test_a_list_of_several_patients_names_none_of_them(world):
    from secondopinion.cases.services import case_submit
    from tests.conftest import submit_input

    case_submit(
        actor=world.cast.coordinator,
        data=submit_input(world.cast, patient_id=world.cast.other_patient_user.patient.pk),
        source="web",
    )
    before = last_event_id()

    assert web_client(world, ROWS["coordinator"]).get(reverse("web:home")).status_code == 200

    [event] = events_after(before)
    assert (event.role, event.basis, event.patient) == ("coordinator", "coordinator", None)


@pytest.mark.parametrize("row_name", ["stranger", "administrator"])
def test_an_empty_list_shows_no_patient_data_and_logs_nothing(world, row_name):
    before = last_event_id()

    response = api_call(world, ROWS[row_name], "get", "/api/v1/cases")

    assert response.json()["count"] == 0
    assert events_after(before) == []


@pytest.mark.parametrize("key", ["web:case", "GET /api/v1/cases/{case_id}", "web:step-close"])
def test_a_refused_or_hidden_access_writes_no_event(world, key):
    before = last_event_id()

    response = call_case_endpoint(world, key, ROWS["stranger"], "own")

    assert response.status_code == 404
    assert events_after(before) == []
