"""GET /cases/{id}/transitions at several states: what is allowed, what a step still needs, what blocks it."""

import pytest

from secondopinion.audit.models import AccessEvent

pytestmark = pytest.mark.django_db


def options(api_as, case, who: str, language: str = "nl") -> dict:
    response = api_as(who, language).get(f"/cases/{case.pk}/transitions")
    assert response.status_code == 200, response.content
    return response.json()


def summary(listing: list[dict]) -> dict[str, tuple[bool, list[str], list[str]]]:
    return {
        o["to"]: (o["permitted"], [n["rule_id"] for n in o["needs"]], [b["rule_id"] for b in o["blocked_by"]])
        for o in listing
    }


def test_a_submitted_case_offers_the_coordinator_the_three_triage_outcomes_and_withdrawal(api_as, a_case):
    body = options(api_as, a_case, "coordinator")

    assert (body["status"], body["version"]) == ("submitted", a_case.version)
    assert summary(body["allowed"]) == {
        "accepted": (True, ["R5"], []),
        "redirected": (True, ["R5"], []),
        "refused": (True, ["R9"], []),
        # R9: the practice records a withdrawal only with how and when the patient withdrew.
        "withdrawn": (True, ["R9"], []),
    }
    assert body["blocked"] == []


def test_the_patient_may_only_withdraw_a_submitted_case(api_as, a_case):
    body = options(api_as, a_case, "patient_user")

    assert [o["to"] for o in body["allowed"]] == ["withdrawn"]
    assert {o["to"] for o in body["blocked"]} == {"accepted", "redirected", "refused"}
    assert all(o["permitted"] is False and o["blocked_by"] == [] for o in body["blocked"])


def test_after_the_explanation_gathering_records_is_blocked_by_r16_until_the_patient_consents(
    api_as, a_case, advance
):
    case = advance(a_case, "informed")

    body = options(api_as, case, "giver_user", "en")

    assert summary(body["allowed"]) == {"in_examination": (True, [], [])}
    blocked = summary(body["blocked"])
    assert blocked["gathering_records"] == (True, [], ["R16"])
    assert blocked["withdrawn"] == (False, [], [])
    r16 = next(o for o in body["blocked"] if o["to"] == "gathering_records")["blocked_by"][0]
    assert r16["text"].startswith("Data from the own practitioner")
    assert r16["detail"]


def test_a_draft_report_can_be_finalised_once_its_sections_satisfy_r22(api_as, a_case, advance):
    case = advance(a_case, "report_draft")

    body = options(api_as, case, "giver_user")

    assert summary(body["allowed"]) == {"report_final": (True, ["R22"], [])}
    step = body["allowed"][0]
    assert (step["step"], step["label"]) == ("finalise", "Rapport definitief maken")


def test_a_final_report_can_be_closed_by_the_coordinator_with_the_patients_decision(api_as, a_case, advance):
    case = advance(a_case, "report_final")

    body = options(api_as, case, "coordinator")

    assert summary(body["allowed"])["closed"] == (True, ["R27"], [])


def test_a_closed_case_has_no_next_state(api_as, a_case, advance):
    case = advance(a_case, "closed")

    assert options(api_as, case, "coordinator") | {"version": 0} == {
        "status": "closed",
        "version": 0,
        "allowed": [],
        "blocked": [],
    }


def test_reading_the_transitions_writes_one_access_event_and_changes_nothing(api_as, a_case):
    before = AccessEvent.objects.count()

    options(api_as, a_case, "coordinator")

    a_case.refresh_from_db()
    assert a_case.status == "submitted"
    event = AccessEvent.objects.order_by("-id").first()
    assert AccessEvent.objects.count() == before + 1
    assert (event.case_id, event.data, event.action, event.source) == (
        a_case.pk,
        "case:transitions",
        "read",
        "api",
    )


@pytest.mark.parametrize(
    ("language", "told"),
    [
        ("nl", "Van 'gever toegewezen' kan niet naar 'in onderzoek'. Mogelijk vanaf hier: "),
        ("en", "Cannot go from 'giver assigned' to 'in examination'. Possible from here: "),
    ],
)
def test_a_step_out_of_order_says_where_the_case_can_go_instead(api_as, a_case, advance, language, told):
    """Skipping the explanation (R13) is refused, naming the steps that can come next, as the web says."""
    advance(a_case, "assigned")

    response = api_as("giver_user", language).post(
        f"/cases/{a_case.pk}/transitions", {"to": "in_examination"}
    )

    assert response.status_code == 409
    detail = response.json()["detail"]
    assert detail.startswith(told), detail
    assert ("'uitleg gegeven'" if language == "nl" else "'explained'") in detail


def test_a_step_from_an_ended_case_says_no_step_follows(api_as, a_case, advance):
    advance(a_case, "closed")

    response = api_as("coordinator", "en").post(f"/cases/{a_case.pk}/transitions", {"to": "accepted"})

    assert response.status_code == 409
    assert response.json()["detail"].endswith("No step follows from here.")
