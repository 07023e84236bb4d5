"""The transition table is exactly the lifecycle of docs/domain.md."""

import pytest

from secondopinion.cases.models import CaseStatus
from secondopinion.protocols.dental_knmt import PROTOCOL
from secondopinion.protocols.lifecycle import (
    ACTIVE_STATES,
    FINAL_STATES,
    STATUS_LABELS,
    TRANSITIONS,
    Status,
    step_for,
    targets_from,
)

S = Status
# The lifecycle diagram of docs/domain.md, transcribed by hand: the table must match it exactly.
DIAGRAM = {
    (S.SUBMITTED, S.ACCEPTED),
    (S.SUBMITTED, S.REDIRECTED),
    (S.SUBMITTED, S.REFUSED),
    (S.ACCEPTED, S.ASSIGNED),
    (S.ASSIGNED, S.INFORMED),
    (S.INFORMED, S.GATHERING_RECORDS),
    (S.INFORMED, S.IN_EXAMINATION),
    (S.GATHERING_RECORDS, S.IN_EXAMINATION),
    (S.IN_EXAMINATION, S.REPORT_DRAFT),
    (S.REPORT_DRAFT, S.REPORT_FINAL),
    (S.REPORT_FINAL, S.CLOSED),
}
NON_FINAL = [
    S.SUBMITTED,
    S.ACCEPTED,
    S.ASSIGNED,
    S.INFORMED,
    S.GATHERING_RECORDS,
    S.IN_EXAMINATION,
    S.REPORT_DRAFT,
    S.REPORT_FINAL,
]
WITHDRAWALS = {(state, S.WITHDRAWN) for state in NON_FINAL}


def test_the_table_holds_exactly_the_transitions_of_the_lifecycle_diagram():
    assert set(TRANSITIONS) == DIAGRAM | WITHDRAWALS


def test_the_final_states_are_closed_redirected_refused_and_withdrawn():
    assert {S.CLOSED, S.REDIRECTED, S.REFUSED, S.WITHDRAWN} == FINAL_STATES
    assert set(NON_FINAL) == ACTIVE_STATES


@pytest.mark.parametrize("state", sorted(FINAL_STATES), ids=str)
def test_a_final_state_has_no_way_out(state):
    assert targets_from(state) == []
    assert all(step_for(state, target) is None for target in Status)


@pytest.mark.parametrize("state", NON_FINAL, ids=str)
def test_the_patient_may_withdraw_from_every_non_final_state(state):
    step = step_for(state, S.WITHDRAWN)

    assert step is not None
    assert step.name == "withdraw"
    assert "patient" in step.roles


@pytest.mark.parametrize(("current", "target"), sorted(TRANSITIONS), ids=lambda s: str(s))
def test_every_step_names_its_roles_and_a_label_in_both_languages(current, target):
    step = TRANSITIONS[(current, target)]

    assert step.roles
    assert step.name
    assert step.label.nl.strip()
    assert step.label.en.strip()


@pytest.mark.parametrize(("current", "target"), sorted(TRANSITIONS), ids=lambda s: str(s))
def test_a_step_input_satisfies_only_rules_that_guard_its_target(current, target):
    guarding = {rule.id for rule in PROTOCOL.rules_for(target)}

    assert TRANSITIONS[(current, target)].input_rules <= guarding


def test_triage_and_assignment_are_for_the_coordinator_and_the_opinion_for_the_giver():
    roles = {
        (current.value, target.value): set(step.roles) for (current, target), step in TRANSITIONS.items()
    }

    assert roles["submitted", "accepted"] == {"coordinator"}
    assert roles["submitted", "redirected"] == {"coordinator"}
    assert roles["submitted", "refused"] == {"coordinator"}
    assert roles["accepted", "assigned"] == {"coordinator"}
    for pair in [
        ("assigned", "informed"),
        ("informed", "gathering_records"),
        ("informed", "in_examination"),
        ("gathering_records", "in_examination"),
        ("in_examination", "report_draft"),
        ("report_draft", "report_final"),
    ]:
        assert roles[pair] == {"giver"}, pair
    assert roles["report_final", "closed"] == {"coordinator", "giver"}


def test_step_for_answers_none_for_an_unknown_state():
    assert step_for("submitted", "approved") is None
    assert step_for("approved", "submitted") is None


def test_the_database_knows_the_same_states_with_a_label_each():
    assert set(CaseStatus.values) == {s.value for s in Status}
    assert set(STATUS_LABELS) == set(Status)
