"""Properties of the rule engine over any snapshot hypothesis can build: pure, no database."""

from hypothesis import given
from hypothesis import strategies as st

from secondopinion.protocols.dental_knmt import PROTOCOL
from secondopinion.protocols.engine import EDIT_REPORT, SUBMIT
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
    REPORT_SECTIONS,
    SUBJECTS,
)

ACTIONS = sorted({s.value for s in Status} | {SUBMIT, EDIT_REPORT})


def _maybe(values) -> st.SearchStrategy[str]:
    """A known value, nothing, or a value no vocabulary has."""
    return st.sampled_from(sorted(values)) | st.just("") | st.text(max_size=12)


snapshots = st.builds(
    CaseSnapshot,
    protocol=st.just(PROTOCOL.code),
    status=st.sampled_from([s.value for s in Status]),
    subject=_maybe(SUBJECTS),
    treatment_started=st.booleans(),
    has_referral=st.booleans(),
    referred_by_treating=st.booleans(),
    classification=_maybe(CLASSIFICATIONS),
    care_question=st.sampled_from(["", "   ", "Moet kies 36 eruit?"]) | st.text(max_size=40),
    care_question_established=st.booleans(),
    explanation_items=st.frozensets(st.sampled_from(sorted(EXPLANATION_ITEMS))),
    agreements_recorded=st.booleans(),
    written_report_agreed=st.booleans(),
    inform_own_practitioner_agreed=st.booleans(),
    giver_assigned=st.booleans(),
    giver_is_treating=st.booleans(),
    giver_same_discipline=st.booleans(),
    giver_same_organisation=st.booleans(),
    findings_recorded=st.booleans(),
    report_sections=st.frozensets(st.sampled_from(sorted(REPORT_SECTIONS))),
    report_final=st.booleans(),
    billing_codes=st.frozensets(st.sampled_from(["C011", "C28", "X10"])),
    refusal_reason=_maybe(REFUSAL_REASONS),
    refusal_note=st.text(max_size=30),
    closure_decision=_maybe(CLOSURE_DECISIONS),
)


@given(snapshots)
def test_a_report_is_never_final_without_all_six_explanations_and_an_established_care_question(snapshot):
    decision = PROTOCOL.evaluate(snapshot, Status.REPORT_FINAL.value)

    if snapshot.explanation_items != frozenset(EXPLANATION_ITEMS):
        assert not decision.allowed
        assert "R13" in decision.blocking_rule_ids
    if not snapshot.care_question_established or not snapshot.care_question.strip():
        assert not decision.allowed
        assert "R15" in decision.blocking_rule_ids


@given(snapshots, st.sampled_from(ACTIONS))
def test_evaluation_is_deterministic(snapshot, action):
    first = PROTOCOL.evaluate(snapshot, action)
    second = PROTOCOL.evaluate(snapshot, action)

    assert first == second
    assert first.blocking_rule_ids == second.blocking_rule_ids
    assert [v.detail for v in first.violations] == [v.detail for v in second.violations]


@given(snapshots, st.sampled_from(ACTIONS))
def test_every_rule_guarding_an_action_passes_blocks_or_warns(snapshot, action):
    decision = PROTOCOL.evaluate(snapshot, action)
    judged = list(decision.passed) + decision.blocking_rule_ids + [a.rule_id for a in decision.advisories]

    assert sorted(judged) == sorted(rule.id for rule in PROTOCOL.rules_for(action))
    assert decision.allowed is (not decision.violations)
