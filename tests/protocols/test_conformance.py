from dataclasses import replace

from secondopinion.protocols import denturist_ont
from secondopinion.protocols.conformance import Step, Verdict, conformance
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


def test_an_advisory_rule_skipped_at_its_step_is_not_followed_with_evidence():
    history = [step("accepted", "R1", "R5", "R7", "R8", "R26")]

    rows = {row.rule.id: row for row in conformance(PROTOCOL, compliant(PROTOCOL), history)}

    assert rows["R12"].verdict is Verdict.NOT_FOLLOWED
    assert rows["R12"].evidence == (history[0],)


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
