"""GET /cases/{id}/transitions names what a refusal still needs by its fields (R9): the reason and
its explanation, and, when the patient asked before on the same question, `repeats_case_ids` with
the reason `repeated_request` only, so an integrator knows to send the earlier requests it repeats."""

import pytest

from tests.api.conftest import ApiClient
from tests.performance.counting import measured

pytestmark = pytest.mark.django_db

REPEATED = {"refusal_reason": "repeated_request", "refusal_note": "Patiënt vraagt dit keer op keer."}


def refusal(api_as, case, who: str = "coordinator", language: str = "nl") -> dict:
    response = api_as(who, language).get(f"/cases/{case.pk}/transitions")
    assert response.status_code == 200, response.content
    body = response.json()
    return next(o for o in body["allowed"] + body["blocked"] if o["to"] == "refused")


def test_a_repeat_names_repeats_case_ids_with_r9_only_with_the_reason_repeated_request(api_as, submit):
    first = submit()
    again = submit()

    needs = refusal(api_as, again, language="en")["needs"]

    assert [(n["rule_id"], n["fields"], n["when"]) for n in needs] == [
        ("R9", ["refusal_reason", "refusal_note"], None),
        ("R9", ["repeats_case_ids"], {"refusal_reason": "repeated_request"}),
    ]
    assert "repeats_case_ids" in needs[1]["detail"]
    assert "earlier_requests" in needs[1]["detail"]
    assert needs[1]["text"] == needs[0]["text"]  # R9's own text
    assert first.pk  # the earlier request on the same question that makes the need


def test_the_need_is_said_in_dutch_by_default(api_as, submit):
    submit()
    again = submit()

    detail = refusal(api_as, again)["needs"][1]["detail"]

    assert detail.startswith("Met de reden repeated_request")
    assert "repeats_case_ids" in detail


def test_a_first_request_needs_no_repeats_case_ids(api_as, submit):
    first = submit()

    needs = refusal(api_as, first)["needs"]

    assert [(n["rule_id"], n["fields"], n["when"]) for n in needs] == [
        ("R9", ["refusal_reason", "refusal_note"], None)
    ]


def test_a_request_on_another_question_needs_no_repeats_case_ids(api_as, cast, submit):
    from tests.factories import PractitionerFactory

    other = PractitionerFactory(discipline="dentist", organisation=cast.treating_practice)
    submit(treating_practitioner_id=other.pk, subject="diagnosis")  # another practitioner and subject
    again = submit()

    needs = refusal(api_as, again)["needs"]

    assert all("repeats_case_ids" not in n["fields"] for n in needs)


def test_the_refusal_with_the_named_fields_is_taken(api_as, submit):
    first = submit()
    again = submit()
    coordinator = api_as("coordinator")
    needs = refusal(api_as, again)["needs"]
    body = {"to": "refused", **REPEATED}
    blocked = coordinator.post(f"/cases/{again.pk}/transitions", body)
    named = {field: [first.pk] for need in needs for field in need["fields"] if field == "repeats_case_ids"}

    taken = coordinator.post(f"/cases/{again.pk}/transitions", {**body, **named})

    assert (blocked.status_code, blocked.json()["rule_ids"]) == (422, ["R9"])
    assert taken.status_code == 200, taken.content
    assert [r["id"] for r in taken.json()["repeats"]] == [first.pk]


def test_who_may_not_refuse_is_not_told_of_earlier_requests(api_as, submit):
    submit()
    again = submit()

    option = refusal(api_as, again, who="patient_user")

    assert option["permitted"] is False
    assert all("repeats_case_ids" not in n["fields"] for n in option["needs"])


def test_other_steps_name_no_fields(api_as, submit):
    submit()
    again = submit()

    body = api_as("coordinator").get(f"/cases/{again.pk}/transitions").json()

    others = [o for o in body["allowed"] + body["blocked"] if o["to"] != "refused"]
    assert [o["to"] for o in others] == ["accepted", "redirected", "withdrawn"]
    assert all(n["fields"] == [] and n["when"] is None for o in others for n in o["needs"])


def test_the_openapi_document_describes_the_fields_of_a_need():
    from django.test import Client

    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]

    need = schemas["NeedOut"]["properties"]
    assert {"rule_id", "text", "detail", "fields", "when"} <= set(need)
    assert "repeats_case_ids" in need["when"]["description"]
    assert schemas["TransitionOption"]["properties"]["needs"]["items"] == {
        "$ref": "#/components/schemas/NeedOut"
    }


def test_the_transitions_of_a_repeat_cost_the_queries_of_a_first_request(cast, submit):
    first = submit()
    for _ in range(3):
        submit()
    again = submit()
    client = ApiClient(cast.coordinator)
    for case in (first, again):
        client.get(f"/cases/{case.pk}/transitions")  # warm: prepared statements, the token

    alone, answer, _ = measured(lambda: client.get(f"/cases/{first.pk}/transitions"))
    repeated, answer_again, sql = measured(lambda: client.get(f"/cases/{again.pk}/transitions"))

    assert answer.status_code == answer_again.status_code == 200
    assert "repeats_case_ids" in answer_again.content.decode()
    assert repeated == alone, sql
