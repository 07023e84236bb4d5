"""Every endpoint as the right role, as another role, and as a stranger; strangers get 404."""

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.distribution.models import Sending
from tests.access.complaints import _complaint

pytestmark = pytest.mark.django_db

READERS = ["patient_user", "coordinator", "giver_user", "complaints_officer", "treating_user"]
OUTSIDERS = ["other_coordinator", "other_patient_user", "stranger", "colleague_user", "gp_user"]

READ_ENDPOINTS = ["", "/transitions", "/report.pdf", "/consents", "/conformance"]


@pytest.fixture
def final_case(a_case, advance):
    return advance(a_case, "report_final")


@pytest.mark.parametrize("endpoint", READ_ENDPOINTS)
@pytest.mark.parametrize("who", READERS)
def test_everyone_with_a_role_reads_the_case(api_as, final_case, who, endpoint):
    if who == "complaints_officer":
        _complaint(final_case)  # need to know: the officer is related while a complaint is handled
    assert api_as(who).get(f"/cases/{final_case.pk}{endpoint}").status_code == 200


@pytest.mark.parametrize("endpoint", READ_ENDPOINTS)
@pytest.mark.parametrize("who", OUTSIDERS)
def test_nobody_else_learns_the_case_exists(api_as, final_case, who, endpoint):
    response = api_as(who).get(f"/cases/{final_case.pk}{endpoint}")

    assert response.status_code == 404
    assert "Petra" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("giver_user", 200),
        ("patient_user", 403),
        ("treating_user", 403),
        ("complaints_officer", 403),
        ("other_coordinator", 404),
        ("stranger", 404),
        ("other_patient_user", 404),
    ],
)
def test_closing_is_for_the_coordinator_or_the_giver(api_as, final_case, who, status):
    if who == "complaints_officer":
        _complaint(final_case)  # need to know: the officer is related while a complaint is handled
    response = api_as(who).post(
        f"/cases/{final_case.pk}/transitions", {"to": "closed", "closure_decision": "accept_opinion"}
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("giver_user", 200),
        ("patient_user", 403),
        ("coordinator", 403),
        ("treating_user", 403),
        ("other_coordinator", 404),
        ("stranger", 404),
    ],
)
def test_only_the_giver_starts_the_examination(api_as, a_case, advance, who, status):
    case = advance(a_case, "informed")

    response = api_as(who).post(f"/cases/{case.pk}/transitions", {"to": "in_examination"})

    assert response.status_code == status
    case.refresh_from_db()
    assert case.status == ("in_examination" if status == 200 else "informed")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("giver_user", 200),
        ("coordinator", 403),
        ("patient_user", 403),
        ("stranger", 404),
        ("other_coordinator", 404),
    ],
)
def test_only_the_giver_edits_the_draft_report(api_as, a_case, advance, who, status):
    case = advance(a_case, "report_draft")

    assert api_as(who).put(f"/cases/{case.pk}/report", {"advice": "Nieuw advies."}).status_code == status


@pytest.mark.parametrize(
    ("who", "status"), [("giver_user", 201), ("patient_user", 403), ("coordinator", 403), ("stranger", 404)]
)
def test_only_the_giver_adds_an_addendum(api_as, final_case, who, status):
    assert (
        api_as(who).post(f"/cases/{final_case.pk}/report/addenda", {"text": "Correctie."}).status_code
        == status
    )


def test_a_draft_report_is_not_shown_to_the_patient(api_as, a_case, advance):
    case = advance(a_case, "report_draft")

    assert api_as("patient_user").get(f"/cases/{case.pk}").json()["report"] is None
    assert api_as("patient_user").get(f"/cases/{case.pk}/report.pdf").status_code == 404
    assert api_as("giver_user").get(f"/cases/{case.pk}").json()["report"]["state"] == "draft"


@pytest.mark.parametrize(
    ("who", "count"), [("patient_user", 1), ("coordinator", 1), ("stranger", 0), ("other_coordinator", 0)]
)
def test_the_list_holds_only_the_users_own_cases(api_as, a_case, who, count):
    assert api_as(who).get("/cases").json()["count"] == count


def test_a_stranger_cannot_submit_for_a_patient(cast, api_as):
    from tests.api.conftest import case_body

    # The one answer for a patient one may not submit for, as for an unknown one (tests/security/).
    assert api_as("stranger").post("/cases", case_body(cast)).status_code == 422


def test_a_patient_cannot_submit_for_another_patient(cast, api_as):
    from tests.api.conftest import case_body

    other = cast.other_patient_user.patient
    assert api_as("patient_user").post("/cases", case_body(cast, patient_id=other.pk)).status_code == 422


EVENT_FIELDS = ("actor", "actor_name", "role", "patient", "case", "data", "action", "source", "basis", "at")


@pytest.mark.parametrize(
    ("method", "path", "body", "actor", "action", "state"),
    [
        ("get", "", None, "patient_user", "read", "report_final"),
        ("get", "/transitions", None, "giver_user", "read", "report_final"),
        ("get", "/report.pdf", None, "patient_user", "export", "report_final"),
        ("get", "/consents", None, "patient_user", "read", "informed"),
        ("get", "/conformance", None, "complaints_officer", "read", "closed"),
        ("put", "/report", {"advice": "Nieuw."}, "giver_user", "update", "report_draft"),
        ("post", "/report/addenda", {"text": "Correctie."}, "giver_user", "update", "report_final"),
        (
            "post",
            "/transitions",
            {"to": "closed", "closure_decision": "accept_opinion"},
            "coordinator",
            "update",
            "report_final",
        ),
    ],
)
def test_each_access_to_patient_data_writes_exactly_one_complete_event(
    api_as, a_case, advance, method, path, body, actor, action, state
):
    case = advance(a_case, state)
    client = api_as(actor)
    if actor == "complaints_officer":
        _complaint(case)  # need to know: the officer is related while a complaint is handled
    before = AccessEvent.objects.count()

    args = (f"/cases/{case.pk}{path}",) + ((body,) if body is not None else ())
    response = getattr(client, method)(*args)

    assert response.status_code in (200, 201)
    events = list(AccessEvent.objects.order_by("-id")[: AccessEvent.objects.count() - before])
    # An addendum is also sent on to the report's recipients (R23/R24): one "send" event per Sending,
    # each its own disclosure (tests/distribution). The access itself is one event.
    sends = [e for e in events if e.action == "send"]
    assert len(sends) == Sending.objects.filter(case=case, addendum__isnull=False).count()
    own = [e for e in events if e.action != "send"]
    assert len(own) == 1
    event = own[0]
    assert event.action == action
    assert event.source == "api"
    for field in EVENT_FIELDS:
        assert getattr(event, field), field


def test_creating_a_case_writes_one_create_event(cast, api_as):
    from tests.api.conftest import case_body

    before = AccessEvent.objects.count()
    api_as("patient_user").post("/cases", case_body(cast))

    event = AccessEvent.objects.get(pk__gt=AccessEvent.objects.order_by("id")[before - 1].pk if before else 0)
    assert (event.action, event.data, event.source, event.role) == ("create", "case", "api", "patient")
