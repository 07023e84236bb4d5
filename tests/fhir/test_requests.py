"""ServiceRequest and Task: the request and its workflow, read and searched with _lastUpdated and
_include of the Task's focus, logged as the API logs reading a case, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_transition

pytestmark = pytest.mark.django_db
REASON = {"system": "http://terminology.hl7.org/CodeSystem/v2-0336", "code": "S", "display": "Second Opinion"}


def test_the_service_request_carries_reason_s_the_care_question_and_the_treating_practitioner(
    cast, fhir_as, a_case
):
    response = fhir_as("coordinator").get(f"/ServiceRequest/{a_case.pk}")

    body = response.json()
    assert response.status_code == 200
    assert body["reasonCode"] == [{"coding": [REASON]}]
    assert body["note"] == [{"text": a_case.care_question}]
    assert body["subject"] == {"reference": f"Patient/{cast.patient.pk}"}
    assert body["performer"] == [{"reference": f"Organization/{cast.giving_practice.pk}"}]
    assert body["extension"][0]["valueReference"] == {"reference": f"Practitioner/{cast.treating.pk}"}
    assert body["status"] == "active"
    event = AccessEvent.objects.order_by("-pk").first()
    assert (event.action, event.data, event.case_id, event.source) == ("read", "case", a_case.pk, "api")


def test_the_task_follows_the_lifecycle_with_our_state_as_business_status(cast, fhir_as, a_case, advance):
    client = fhir_as("coordinator")
    seen, case = [], a_case
    for target in ("submitted", "accepted", "in_examination", "closed"):
        case = advance(case, target)
        task = client.get(f"/Task/{case.pk}").json()
        seen.append((task["status"], task["businessStatus"]["coding"][0]["code"]))

    assert seen == [
        ("requested", "submitted"),
        ("accepted", "accepted"),
        ("in-progress", "in_examination"),
        ("completed", "closed"),
    ]


def test_a_refusal_is_a_rejected_task_with_the_rule_ids_as_status_reason(cast, fhir_as, a_case):
    case_transition(
        actor=cast.coordinator,
        case_id=a_case.pk,
        to="refused",
        data=StepInput(refusal_reason="threat_or_violence", refusal_note="Bedreigend gedrag aan de balie."),
        source="web",
    )

    task = fhir_as("coordinator").get(f"/Task/{a_case.pk}").json()

    assert task["status"] == "rejected"
    codes = [c["code"] for c in task["statusReason"]["coding"]]
    assert "R9" in codes


def test_tasks_are_searched_by_owner_status_and_last_updated_with_their_focus_included(
    cast, fhir_as, submit, advance
):
    first = submit()
    second = advance(submit(), "accepted")
    client = fhir_as("coordinator")
    since = (timezone.now() - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S%z")

    response = client.get(
        "/Task",
        {
            "owner": f"Organization/{cast.giving_practice.pk}",
            "status": "accepted",
            "_lastUpdated": f"ge{since[:-2]}:{since[-2:]}",
            "_include": "Task:focus",
        },
    )

    body = response.json()
    assert response.status_code == 200, body
    matches = [e["resource"]["id"] for e in body["entry"] if e["search"]["mode"] == "match"]
    included = [e["resource"] for e in body["entry"] if e["search"]["mode"] == "include"]
    assert matches == [str(second.pk)]
    assert [(r["resourceType"], r["id"]) for r in included] == [("ServiceRequest", str(second.pk))]
    assert str(first.pk) not in matches
    later = client.get("/Task", {"_lastUpdated": f"gt{(timezone.now() + timedelta(minutes=1)).isoformat()}"})
    assert later.json()["total"] == 0


def test_a_bad_date_names_the_parameter(fhir_as, a_case):
    response = fhir_as("coordinator").get("/Task?_lastUpdated=gister")

    assert response.status_code == 400
    assert response.json()["issue"][0]["expression"] == ["_lastUpdated"]


def test_service_requests_are_searched_by_patient_and_status(cast, fhir_as, submit):
    case = submit()
    client = fhir_as("patient_user")

    active = client.get(f"/ServiceRequest?patient=Patient/{cast.patient.pk}&status=active").json()
    completed = client.get(f"/ServiceRequest?patient={cast.patient.pk}&status=completed").json()

    assert [e["resource"]["id"] for e in active["entry"]] == [str(case.pk)]
    assert completed["total"] == 0
    event = AccessEvent.objects.order_by("-pk").first()
    assert (event.action, event.data, event.patient_id) == ("search", "case-list", cast.patient.pk)


def test_a_task_search_of_fifty_reads_as_many_queries_as_one_of_two(
    cast, fhir_as, submit, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = fhir_as("coordinator")
    for _ in range(2):
        submit()
    client.get("/Task?_count=50")  # the token's first use is recorded once

    with CaptureQueriesContext(connection) as two:
        small = client.get("/Task?_count=50&_include=Task:focus").json()
    for _ in range(48):
        submit()
    with django_assert_num_queries(len(two)):
        large = client.get("/Task?_count=50&_include=Task:focus").json()

    assert small["total"] == 2
    assert large["total"] == 50
    assert len(large["entry"]) == 100  # fifty tasks and their fifty requests


def test_a_stranger_finds_no_task(cast, fhir_as, a_case):
    for who in ("stranger", "other_coordinator", "other_patient_user"):
        body = fhir_as(who).get("/Task").json()
        assert body["total"] == 0
