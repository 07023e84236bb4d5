"""The case JSON carries the prosthesis hold (R3) and the patient's earlier requests on the same
question (R9); POST /prosthesis-adjustment records that the hold was broken."""

import pytest

from secondopinion.audit.models import AccessEvent
from tests.api.conftest import case_body
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def denturist_case(api_as, cast) -> dict:
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    body = case_body(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
        care_question="Mijn nieuwe prothese zit los en drukt; is hij goed gemaakt?",
    )
    case = api_as("patient_user").post("/cases", body).json()
    accepted = api_as("coordinator").post(f"/cases/{case['id']}/transitions", {"to": "accepted"})
    assert accepted.status_code == 200, accepted.content
    return accepted.json()


def test_a_denturist_case_carries_a_standing_hold_for_everyone_who_reads_it(api_as, denturist_case):
    for who in ("patient_user", "coordinator"):
        hold = api_as(who, "en").get(f"/cases/{denturist_case['id']}").json()["hold"]

        assert hold["rule_id"] == "R3"
        assert hold["standing"] is True
        assert hold["followed"] is True
        assert hold["since"] is not None
        assert hold["adjusted_at"] is None
        assert hold["text"].startswith("For a denturist a second opinion is often a judgement")


def test_a_dental_case_has_no_hold(api_as, cast):
    case = api_as("patient_user").post("/cases", case_body(cast)).json()

    assert case["hold"] is None


def test_recording_an_adjustment_breaks_the_hold_and_conformance_shows_r3_not_followed(
    api_as, cast, denturist_case
):
    coordinator = api_as("coordinator", "en")
    case_id = denturist_case["id"]
    coordinator.post(f"/cases/{case_id}/transitions", {"to": "assigned", "giver_id": cast.giver.pk})

    response = coordinator.post(f"/cases/{case_id}/prosthesis-adjustment", {})

    assert response.status_code == 200, response.content
    hold = response.json()["hold"]
    assert hold["followed"] is False
    assert hold["adjusted_at"] is not None
    assert hold["detail"].startswith("The prosthesis was adjusted during the second opinion")
    event = AccessEvent.objects.filter(case_id=case_id).latest("id")
    assert (event.action, event.data, event.role) == ("update", "case:prosthesis-adjusted", "coordinator")
    rows = {row["rule_id"]: row for row in coordinator.get(f"/cases/{case_id}/conformance").json()}
    assert rows["R3"]["verdict"] == "not_followed"


def test_an_adjustment_is_recorded_once_and_not_before_the_hold(api_as, denturist_case):
    coordinator = api_as("coordinator")
    url = f"/cases/{denturist_case['id']}/prosthesis-adjustment"

    too_early = coordinator.post(url, {"adjusted_at": "2001-01-01T10:00:00+01:00"})
    first = coordinator.post(url, {})
    again = coordinator.post(url, {})

    assert too_early.status_code == 422
    assert too_early.json()["field"] == "adjusted_at"
    assert first.status_code == 200
    assert again.status_code == 409  # already recorded: the case's state, not the input
    assert again.json()["field"] == "adjusted_at"


@pytest.mark.parametrize(("who", "status"), [("patient_user", 403), ("stranger", 404)])
def test_only_the_keepers_of_the_hold_record_an_adjustment(api_as, denturist_case, who, status):
    response = api_as(who).post(f"/cases/{denturist_case['id']}/prosthesis-adjustment", {})

    assert response.status_code == status
    assert api_as("coordinator").get(f"/cases/{denturist_case['id']}").json()["hold"]["followed"] is True


def test_a_case_without_a_hold_cannot_record_an_adjustment(api_as, cast):
    case = api_as("patient_user").post("/cases", case_body(cast)).json()

    assert api_as("coordinator").post(f"/cases/{case['id']}/prosthesis-adjustment", {}).status_code == 409


def test_the_case_lists_only_earlier_requests_on_the_same_question(api_as, cast):
    patient = api_as("patient_user")
    other_dentist = PractitionerFactory(discipline="dentist", organisation=cast.other_practice)
    first = patient.post("/cases", case_body(cast)).json()
    same_subject_elsewhere = patient.post(
        "/cases", case_body(cast, treating_practitioner_id=other_dentist.pk)
    ).json()
    other_question = patient.post(
        "/cases", case_body(cast, treating_practitioner_id=other_dentist.pk, subject="diagnosis")
    ).json()
    again = patient.post("/cases", case_body(cast, care_question="Nogmaals: is de brug nodig?")).json()

    earlier = api_as("coordinator").get(f"/cases/{again['id']}").json()["earlier_requests"]

    assert [e["id"] for e in earlier] == [same_subject_elsewhere["id"], first["id"]]
    assert other_question["id"] not in [e["id"] for e in earlier]
    assert earlier[1]["reference"] == first["reference"]
    assert earlier[1]["treating_practitioner"]["id"] == cast.treating.pk
    assert api_as("coordinator").get(f"/cases/{first['id']}").json()["earlier_requests"] == []


def test_earlier_requests_are_scoped_to_what_the_reader_may_see(api_as, cast):
    patient = api_as("patient_user")
    elsewhere = patient.post("/cases", case_body(cast, organisation_id=cast.other_practice.pk)).json()
    here = patient.post("/cases", case_body(cast)).json()

    seen_by_coordinator = api_as("coordinator").get(f"/cases/{here['id']}").json()["earlier_requests"]
    seen_by_patient = patient.get(f"/cases/{here['id']}").json()["earlier_requests"]

    assert seen_by_coordinator == []
    assert [e["id"] for e in seen_by_patient] == [elsewhere["id"]]


def test_earlier_requests_show_the_newest_twenty_and_count_them_all(api_as, cast):
    """A patient who asked again and again: the answer names the newest 20 and says how many there
    were, so it stays the same size (and the same number of queries) however many there are."""
    patient = api_as("patient_user")
    ids = [patient.post("/cases", case_body(cast)).json()["id"] for _ in range(23)]

    case = patient.get(f"/cases/{ids[-1]}").json()
    first = patient.get(f"/cases/{ids[0]}").json()

    assert case["earlier_requests_total"] == 22
    assert [earlier["id"] for earlier in case["earlier_requests"]] == ids[-2:-22:-1]
    assert (first["earlier_requests"], first["earlier_requests_total"]) == ([], 0)


@pytest.mark.parametrize(("earlier", "queries"), [(0, 1), (3, 1), (19, 1), (20, 2), (25, 2)])
def test_earlier_requests_cost_one_query_and_a_count_only_when_there_may_be_more(
    api_as, cast, earlier, queries
):
    """R9's list reads the shown columns of the newest twenty in one query; only a full page asks how
    many there are in all. What is shown (reference, practitioner, status) needs no further query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from secondopinion.access.identity import user_with_identity
    from secondopinion.api.serializers import earlier_json
    from secondopinion.cases.earlier import earlier_requests, earlier_total
    from secondopinion.cases.models import SecondOpinionCase

    patient = api_as("patient_user")
    ids = [patient.post("/cases", case_body(cast)).json()["id"] for _ in range(earlier + 1)]
    case = SecondOpinionCase.objects.get(pk=ids[-1])
    reader = user_with_identity(cast.patient_user.pk)  # as a request's user is read (access/backends.py)

    with CaptureQueriesContext(connection) as captured:
        shown = earlier_requests(user=reader, case=case)
        total = earlier_total(shown)
        answers = [earlier_json(other) for other in shown]

    assert len(captured.captured_queries) == queries
    assert total == earlier
    assert [a["id"] for a in answers] == ids[-2 : -2 - min(earlier, 20) : -1]
    assert all(a["treating_practitioner"]["name"] == cast.treating.name for a in answers)
