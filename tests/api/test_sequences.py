"""No sequence of API calls reaches report_final without the six explanation items (R13) and an
established care question (R15)."""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from secondopinion.cases.models import ExplanationItem
from secondopinion.protocols.lifecycle import Status, targets_from
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.api.conftest import ApiClient

ACTORS = ["coordinator", "giver_user", "patient_user", "stranger"]
STEP_ACTOR = {"accepted": "coordinator", "assigned": "coordinator", "closed": "coordinator"}
ALL_ITEMS = frozenset(EXPLANATION_ITEMS)

call = st.fixed_dictionaries(
    {
        # A "progress" call takes a next state from the table as the right actor; a random one
        # sends any state as anyone. Both carry random, often incomplete, step data.
        "progress": st.booleans(),
        "pick": st.integers(min_value=0, max_value=20),
        "actor": st.sampled_from(ACTORS),
        "to": st.sampled_from([s.value for s in Status]),
        "items": st.one_of(st.just(ALL_ITEMS), st.frozensets(st.sampled_from(sorted(ALL_ITEMS)))),
        "care_question": st.booleans(),
        "agreements": st.booleans(),
    }
)


def resolve(step: dict, status: str) -> tuple[str, str]:
    if not step["progress"]:
        return step["actor"], step["to"]
    forward = [t.value for t in targets_from(status) if t.value != "withdrawn"] or ["withdrawn"]
    to = forward[step["pick"] % len(forward)]
    return STEP_ACTOR.get(to, "giver_user" if to != "withdrawn" else "patient_user"), to


def body_for(step: dict, to: str, giver_id: int) -> dict:
    body = {
        "to": to,
        "classification": "second_opinion",
        "giver_id": giver_id,
        "explanation_items": sorted(step["items"]),
        "findings": "Bevindingen.",
        "report": {"deviations": "Geen.", "consequences": "Geen.", "advice": "Doorgaan."},
        "closure_decision": "accept_opinion",
    }
    if step["agreements"]:
        body |= {
            "written_report": True,
            "inform_own_practitioner": False,
            "records_alternative_explained": True,
        }
    if step["care_question"]:
        body["care_question"] = "Vastgestelde zorgvraag."
    return body


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(calls=st.lists(call, min_size=1, max_size=16))
def test_no_call_sequence_reaches_a_final_report_without_explanation_and_care_question(cast, submit, calls):
    case = submit()
    clients = {name: ApiClient(getattr(cast, name)) for name in ACTORS}

    for step in calls:
        actor, to = resolve(step, case.status)
        response = clients[actor].post(f"/cases/{case.pk}/transitions", body_for(step, to, cast.giver.pk))
        assert response.status_code < 500
        case.refresh_from_db()
        if case.status in ("report_final", "closed"):
            assert ExplanationItem.objects.filter(case=case).count() == len(EXPLANATION_ITEMS)
            assert case.care_question_established
    event(f"ended in {case.status}")
