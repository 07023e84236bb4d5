from dataclasses import replace

import pytest

from secondopinion.protocols import dental_knmt, denturist_ont
from secondopinion.protocols.conformance import VERDICT_LABELS, Step, Verdict, conformance
from tests.protocols.test_protocol_tables import compliant

PROTOCOL = denturist_ont.PROTOCOL


def step(action: str, *passed: str) -> Step:
    return Step(action=action, at="2026-11-22T10:00", by="gever", passed=frozenset(passed))


def verdicts(rows) -> dict[str, Verdict]:
    return {row.rule.id: row.verdict for row in rows}


def test_a_rule_passed_at_its_step_is_followed_and_unreached_rules_are_not_applicable():
    history = [step("submit", "R8", "R26"), step("accepted", "R1", "R5", "R7", "R8", "R12", "R26")]

    result = verdicts(conformance(PROTOCOL, compliant(PROTOCOL), history))

    assert result["R5"] is Verdict.FOLLOWED
    assert result["R27"] is Verdict.NOT_APPLICABLE
    assert result["R13"] is Verdict.NOT_APPLICABLE


def test_an_advisory_rule_skipped_at_its_step_is_advice_not_taken_with_evidence_and_what_was_missing():
    """R12: talking to the own practitioner is "absoluut niet verplicht" (004) — no breach, so not the
    verdict of a rule that must be met, and it says what the advice was."""
    history = [step("accepted", "R1", "R5", "R7", "R8", "R26")]
    uninformed = replace(compliant(PROTOCOL), own_practitioner_informed=False)

    rows = {row.rule.id: row for row in conformance(PROTOCOL, uninformed, history)}

    assert rows["R12"].verdict is Verdict.ADVICE_NOT_TAKEN
    assert rows["R12"].evidence == (history[0],)
    assert "eigen behandelaar" in rows["R12"].detail.nl
    assert "own practitioner" in rows["R12"].detail.en
    assert "zonder dat de regel was voldaan" not in rows["R12"].detail.nl


def test_advice_taken_only_after_its_step_says_it_came_late():
    history = [step("accepted", "R1", "R5", "R7", "R8", "R26")]

    rows = {row.rule.id: row for row in conformance(PROTOCOL, compliant(PROTOCOL), history)}

    assert rows["R12"].verdict is Verdict.ADVICE_NOT_TAKEN
    assert "later wel" in rows["R12"].detail.nl


def test_a_blocking_rule_skipped_at_its_step_stays_not_followed():
    history = [step("report_draft")]  # R20: findings not recorded, and the step was taken all the same

    rows = {row.rule.id: row for row in conformance(PROTOCOL, compliant(PROTOCOL), history)}

    assert rows["R20"].verdict is Verdict.NOT_FOLLOWED
    assert rows["R20"].detail.en == "This step was taken without the rule being met."


def test_the_verdict_labels_tell_advice_from_a_rule_not_followed():
    assert VERDICT_LABELS[Verdict.ADVICE_NOT_TAKEN].nl == "advies, niet opgevolgd"
    assert VERDICT_LABELS[Verdict.ADVICE_NOT_TAKEN].en == "advice, not taken"
    assert VERDICT_LABELS[Verdict.NOT_FOLLOWED].nl == "niet gevolgd"


@pytest.mark.parametrize("protocol", [dental_knmt.PROTOCOL, denturist_ont.PROTOCOL])
def test_on_oral_care_a_missing_referral_is_never_held_against_the_case(protocol):
    """R26 on the dentist and the denturist: the referral condition comes from seeds 003 and 004 (doctors);
    001 names none. Without a referral but with the costs explained, R26 is followed."""
    history = [step("submit", "R8", "R26"), step("accepted", "R1", "R5", "R7", "R8", "R12", "R26")]
    no_referral = replace(compliant(protocol), has_referral=False, reimbursement_explained=True)
    rule = protocol.rule("R26")

    rows = {row.rule.id: row for row in conformance(protocol, no_referral, history)}

    assert rows["R26"].verdict is Verdict.FOLLOWED
    assert rule.check(no_referral, "accepted") is None
    assert rule.seeds == ("001",)
    assert "huisarts" not in rule.text.nl
    assert "geen verschil" in rule.text.nl


@pytest.mark.parametrize("protocol", [dental_knmt.PROTOCOL, denturist_ont.PROTOCOL])
def test_on_oral_care_costs_not_explained_are_advice_not_taken_without_a_referral_to_fetch(protocol):
    history = [step("submit", "R8"), step("accepted", "R1", "R5", "R7", "R8", "R12")]
    unexplained = replace(compliant(protocol), has_referral=False, reimbursement_explained=False)

    row = {row.rule.id: row for row in conformance(protocol, unexplained, history)}["R26"]

    assert row.verdict is Verdict.ADVICE_NOT_TAKEN
    assert "ook niet met een verwijzing" in row.detail.nl


def test_a_prosthesis_adjusted_after_the_hold_makes_r3_not_followed():
    history = [step("assigned", "R3", "R10", "R11")]
    adjusted = replace(compliant(PROTOCOL), prosthesis_adjusted=True)

    rows = {row.rule.id: row for row in conformance(PROTOCOL, adjusted, history)}

    assert rows["R3"].verdict is Verdict.NOT_FOLLOWED
    assert rows["R3"].detail is not None
    assert "aangepast" in rows["R3"].detail.nl


def test_a_prosthesis_adjusted_before_any_step_r3_guards_still_makes_r3_not_followed():
    """The case waits in 'accepted' when the prosthesis is adjusted: R3 then blocks every later step, so no
    guarded step ever happens — the breach must show all the same."""
    history = [step("accepted", "R1", "R5", "R7", "R8", "R12", "R26")]
    adjusted = replace(compliant(PROTOCOL), prosthesis_adjusted=True)

    rows = {row.rule.id: row for row in conformance(PROTOCOL, adjusted, history)}

    assert rows["R3"].verdict is Verdict.NOT_FOLLOWED
    assert rows["R3"].evidence == ()
    assert "aangepast" in rows["R3"].detail.nl


def test_an_untouched_prosthesis_before_any_step_r3_guards_leaves_r3_not_applicable():
    history = [step("accepted", "R1", "R5", "R7", "R8", "R12", "R26")]

    rows = {row.rule.id: row for row in conformance(PROTOCOL, compliant(PROTOCOL), history)}

    assert rows["R3"].verdict is Verdict.NOT_APPLICABLE
