"""R9: the Task of a request refused as a repeated request references the earlier requests it
repeats: one extension `repeats` per request on Task.statusReason, valueReference to its
ServiceRequest, beside the text that names them. Only the earlier requests the reader may see are
referenced, so each reference resolves; a page of Tasks costs the same however many are named."""

import pytest
from fhir.resources.R4B.task import Task

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.fhir.resources.requests import REPEATS_EXTENSION
from tests.conftest import representation_in_force, submit_input
from tests.performance.counting import measured

pytestmark = pytest.mark.django_db

REPEATED = {"refusal_reason": "repeated_request", "refusal_note": "Patiënt vraagt dit keer op keer."}


def refused(cast, case: SecondOpinionCase, repeats: list[SecondOpinionCase]) -> SecondOpinionCase:
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="refused",
        data=StepInput(**REPEATED, repeats_case_ids=[c.pk for c in repeats]),
        source="web",
    )


def repeated(task: dict) -> list[str]:
    """The references of the statusReason's `repeats` extensions, read through fhir.resources."""
    reason = Task.model_validate(task).statusReason
    assert reason is not None
    return [e.valueReference.reference for e in reason.extension or [] if e.url == REPEATS_EXTENSION]


def test_the_task_references_each_service_request_it_repeats(cast, fhir_as, submit):
    first, second = submit(), submit()
    again = refused(cast, submit(), [second, first])
    client = fhir_as("coordinator")

    task = client.get(f"/Task/{again.pk}").json()

    assert task["status"] == "rejected"
    assert repeated(task) == [f"ServiceRequest/{first.pk}", f"ServiceRequest/{second.pk}"]
    assert task["statusReason"]["text"].endswith(
        f"; repeats ServiceRequest/{first.pk}, ServiceRequest/{second.pk}"
    )
    assert "R9" in [c["code"] for c in task["statusReason"]["coding"]]
    for reference in repeated(task):  # each resolves for its reader
        assert client.get(f"/{reference}").status_code == 200


def test_the_task_search_references_them_too(cast, fhir_as, submit):
    first = submit()
    again = refused(cast, submit(), [first])

    listed = fhir_as("patient_user").get("/Task", {"status": "rejected"}).json()

    assert [e["resource"]["id"] for e in listed["entry"]] == [str(again.pk)]
    assert repeated(listed["entry"][0]["resource"]) == [f"ServiceRequest/{first.pk}"]


@pytest.mark.parametrize(
    "ending",
    [
        {"to": "refused", "refusal_reason": "threat_or_violence", "refusal_note": "Bedreigend aan de balie."},
        {"to": "withdrawn", "note": "Telefonisch ingetrokken op 3 maart 2026."},
    ],
)
def test_another_ending_references_nothing(cast, fhir_as, submit, ending):
    submit()
    again = submit()
    to = ending.pop("to")
    case_transition(actor=cast.coordinator, case_id=again.pk, to=to, data=StepInput(**ending), source="web")

    task = fhir_as("coordinator").get(f"/Task/{again.pk}").json()

    reason = task.get("statusReason") or {}
    assert "extension" not in reason
    assert "repeats" not in reason.get("text", "")


def test_an_earlier_request_the_reader_may_not_see_is_not_referenced(cast, fhir_as):
    """The representative asked this time; the patient asked herself before: the representative reads
    the refusal, but not the patient's own earlier request, so its Task names no reference to it."""
    representation_in_force(cast)
    own = case_submit(actor=cast.patient_user, data=submit_input(cast), source="web")
    data = submit_input(cast, requester_kind="representative")
    again = refused(cast, case_submit(actor=cast.representative, data=data, source="web"), [own])
    representative = fhir_as("representative")

    task = representative.get(f"/Task/{again.pk}").json()

    assert representative.get(f"/ServiceRequest/{own.pk}").status_code == 404
    assert task["status"] == "rejected"
    assert repeated(task) == []
    assert "ServiceRequest" not in task["statusReason"]["text"]
    assert repeated(fhir_as("patient_user").get(f"/Task/{again.pk}").json()) == [f"ServiceRequest/{own.pk}"]


def test_one_or_three_named_cost_the_same_queries(cast, fhir_as, submit):
    earlier = [submit() for _ in range(3)]
    one = refused(cast, submit(), earlier[:1])
    three = refused(cast, submit(), earlier)
    client = fhir_as("coordinator")
    client.get("/Task")  # the token's first use is recorded once

    def count(path: str) -> int:
        client.get(path)  # warm
        queries, response, sql = measured(lambda: client.get(path))
        assert response.status_code == 200, sql
        return queries

    assert count(f"/Task/{one.pk}") == count(f"/Task/{three.pk}")
    page_one = count("/Task?status=rejected")
    refused(cast, submit(), earlier)  # another refusal, naming three more
    assert count("/Task?status=rejected") == page_one
