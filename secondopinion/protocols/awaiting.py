"""The patient's consents a case waits for at its current stage, read from the rules themselves.

A consent is awaited when giving it would clear a rule that now stands in the case's way:
- a rule that blocks a step from the current state whatever the step's own input (R8: a representative's
  request is accepted only with the patient's consent; R16: records are gathered only with it);
- a rule that blocks what the stage is for (R16, R18: asking for records while they are gathered);
- the advice that the report does not reach the own practitioner as agreed (R23), from the agreement on.
A rule the step's own input can satisfy instead (R17: the alternative explained) asks for no consent, and
a request that ended without an opinion asks for nothing. The rules are judged twice, as the case stands
and as it would stand with the consent in force: what the consent clears is what it is needed for.
"""

from dataclasses import dataclass, replace

from secondopinion.protocols.engine import (
    CONSULT_COLLEAGUE,
    INFORM_OWN_PRACTITIONER,
    REQUEST_RECORDS,
    Protocol,
    Rule,
    Violation,
)
from secondopinion.protocols.lifecycle import Status, step_for, targets_from
from secondopinion.protocols.snapshot import CaseSnapshot

REPRESENTATIVE = "representative"
# The purposes of the consent ledger (consent/models.py PURPOSES), in the order a case needs them.
PURPOSES = (REPRESENTATIVE, REQUEST_RECORDS, INFORM_OWN_PRACTITIONER, CONSULT_COLLEAGUE)

# A request that ended without an opinion: nothing more goes to anyone, so nothing is asked.
_ENDED = frozenset({Status.WITHDRAWN, Status.REFUSED, Status.REDIRECTED})
# What a stage is for, beside its steps: while records are gathered, asking for them (R16).
STAGE_ACTIONS: dict[str, tuple[str, ...]] = {Status.GATHERING_RECORDS: (REQUEST_RECORDS,)}
# Who receives the report (R23) is judged by the rules that guard the final report; their advice
# counts from the agreement on (before it, R23 itself is not met and gives no advice).
REPORT = Status.REPORT_FINAL.value


@dataclass(frozen=True, slots=True)
class Awaited:
    """One consent the case waits for: its purpose, and the rules it would clear (each once)."""

    purpose: str
    needed_for: tuple[Violation, ...]

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(v.rule_id for v in self.needed_for)


def with_consent(s: CaseSnapshot, purpose: str) -> CaseSnapshot:
    """The snapshot as it would be with the patient's consent for `purpose` in force: the facts that
    cases/snapshot.py derives from the ledger, derived the same way."""
    given = s.consents_in_force | {purpose}
    return replace(
        s,
        consents_in_force=given,
        revoked_consents=s.revoked_consents - {purpose},
        records_consent=REQUEST_RECORDS in given,
        colleague_consent=CONSULT_COLLEAGUE in given,
        representative_consent=s.representative_consent or purpose == REPRESENTATIVE,
    )


def _asks_the_patient(s: CaseSnapshot) -> bool:
    """R8 with the WGBO's age rules: a parent of a child under 12 acts on the authority the practice
    checked, the child is not asked; from 12 to 15 the child's consent is asked beside that authority,
    so it is awaited only while the child has not given it. Anyone else needs the patient's consent."""
    if s.representative_age == "child":
        return False
    return not (s.representative_age == "young" and s.representative_patient_consent)


@dataclass(frozen=True, slots=True)
class _Counted:
    """How a rule standing in the way of an action is counted: a step's violations leave out the rules
    its own input satisfies (`exempt`); a stage action counts violations only; the report, advice only."""

    violations: bool
    advisories: bool
    exempt: frozenset[str] = frozenset()


_STAGE = _Counted(violations=True, advisories=False)
_ADVICE = _Counted(violations=False, advisories=True)


def _unmet(protocol: Protocol, s: CaseSnapshot) -> list[tuple[str, Violation, _Counted]]:
    """The rules standing in the case's way at its stage, each with the step or action it guards and
    how it was counted there."""
    status = Status(s.status)
    unmet: list[tuple[str, Violation, _Counted]] = []
    for to in targets_from(status):
        step = step_for(status, to)
        assert step is not None
        counted = _Counted(violations=True, advisories=True, exempt=frozenset(step.input_rules))
        decision = protocol.evaluate(s, to)
        unmet += [(to, v, counted) for v in decision.violations if v.rule_id not in counted.exempt]
        unmet += [(to, v, counted) for v in decision.advisories]
    for action in STAGE_ACTIONS.get(status, ()):
        unmet += [(action, v, _STAGE) for v in protocol.evaluate(s, action).violations]
    unmet += [(REPORT, v, _ADVICE) for v in protocol.evaluate(s, REPORT).advisories]
    return unmet


def _stands(rule: Rule, s: CaseSnapshot, action: str, counted: _Counted) -> bool:
    """Whether `rule` still stands in the way of `action` on `s`, judged as protocols/engine.py
    evaluate judges it and counted as `_unmet` counted it."""
    detail = rule.check(s, action)
    advice = rule.advice(s, action) if detail is None and rule.advice is not None else None
    if advice is not None or (detail is not None and not rule.blocking):
        return counted.advisories
    if detail is not None:
        return counted.violations and rule.id not in counted.exempt
    return False


def awaited_consents(protocol: Protocol, s: CaseSnapshot) -> tuple[Awaited, ...]:
    """Every consent the case waits for from the patient, with the rules each would clear."""
    if Status(s.status) in _ENDED:
        return ()
    before = _unmet(protocol, s)
    if not before:
        return ()
    # A consent can clear only what stands in the way now: with it in force, just those rules are
    # judged again, for the same action and counted the same way (a rule that two evaluations of one
    # action counted stays while either still counts it).
    standing: dict[tuple[str, str], tuple[Violation, list[_Counted]]] = {}
    for action, violation, counted in before:
        standing.setdefault((action, violation.rule_id), (violation, []))[1].append(counted)
    awaited = []
    for purpose in PURPOSES:
        if purpose in s.consents_in_force or (purpose == REPRESENTATIVE and not _asks_the_patient(s)):
            continue
        consented = with_consent(s, purpose)
        cleared: dict[str, Violation] = {}
        for (action, rule_id), (violation, counts) in standing.items():
            if not any(_stands(violation.rule, consented, action, counted) for counted in counts):
                cleared.setdefault(rule_id, violation)
        if cleared:
            awaited.append(Awaited(purpose, tuple(cleared.values())))
    return tuple(awaited)
