"""R28: per case, whether each rule of its protocol was followed, not followed, or not applicable.

Pure: it takes the protocol, the case as it stands, and the evidence of what happened (for each
transition and each other action the case went through — consulting a colleague, a collegial
notice, editing the report, requesting records, informing the own practitioner, drafting plans —
the rule ids that passed there), and gives one row per rule.

"Not followed" is kept for the rules that must be met (blocking). An advisory rule — the seeds say
"advised", "preferably", "absoluut niet verplicht" (004 on talking to the own practitioner, R12) —
the patient was free not to follow: when its advice was not taken the verdict is "advice, not taken",
with what was missing, so a complaints officer (the ONT's may declare a second opinion that broke the
rules inadmissible, 002) does not read a free choice as a breach.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from secondopinion.core.text import Text
from secondopinion.protocols.engine import Protocol, Rule
from secondopinion.protocols.snapshot import CaseSnapshot


class Verdict(StrEnum):
    FOLLOWED = "followed"
    NOT_FOLLOWED = "not_followed"  # a blocking rule that was not met
    ADVICE_NOT_TAKEN = "advice_not_taken"  # an advisory rule whose advice was not taken: no breach
    NOT_APPLICABLE = "not_applicable"


VERDICT_LABELS = {
    Verdict.FOLLOWED: Text("gevolgd", "followed"),
    Verdict.NOT_FOLLOWED: Text("niet gevolgd", "not followed"),
    Verdict.ADVICE_NOT_TAKEN: Text("advies, niet opgevolgd", "advice, not taken"),
    Verdict.NOT_APPLICABLE: Text("niet van toepassing", "not applicable"),
}


@dataclass(frozen=True, slots=True)
class Step:
    """One thing that happened to the case: the action, when and by whom, and the rules it passed."""

    action: str
    at: str
    by: str
    passed: frozenset[str]


@dataclass(frozen=True, slots=True)
class Row:
    rule: Rule
    verdict: Verdict
    evidence: tuple[Step, ...]
    detail: Text | None


def conformance(protocol: Protocol, snapshot: CaseSnapshot, history: Sequence[Step]) -> list[Row]:
    """One row per rule: followed where every guarded step it reached passed it and it still holds;
    otherwise not followed when the rule blocks, advice not taken when it only advises."""
    rows = []
    for rule in protocol.rules:
        steps = tuple(step for step in history if step.action in rule.guards)  # in the order they happened
        skipped = [step for step in steps if rule.id not in step.passed]
        # A step is taken only where the rules that must be met hold, so what a rule with its own advice
        # (R23: the own practitioner informed only on the patient's consent) missed there is the advice.
        advised = not rule.blocking or (rule.advice is not None and bool(skipped))
        missed = Verdict.ADVICE_NOT_TAKEN if advised else Verdict.NOT_FOLLOWED
        if not steps:
            breach = rule.breached(snapshot, "") if rule.breached is not None else None
            verdict = missed if breach is not None else Verdict.NOT_APPLICABLE
            rows.append(Row(rule, verdict, (), breach))
            continue
        # A rule that held when its step was taken can still be broken later (R3: the prosthesis adjusted).
        now = rule.check(snapshot, steps[-1].action) if rule.ongoing else None
        if skipped or now is not None:
            detail = now or (_missing_advice(rule, snapshot, skipped) if advised else _STEP_WITHOUT_RULE)
            rows.append(Row(rule, missed, steps, detail))
        else:
            rows.append(Row(rule, Verdict.FOLLOWED, steps, None))
    return rows


_STEP_WITHOUT_RULE = Text(
    "Deze stap is gezet zonder dat de regel was voldaan.",
    "This step was taken without the rule being met.",
)


def _missing_advice(rule: Rule, snapshot: CaseSnapshot, skipped: Sequence[Step]) -> Text:
    """What the advice asked that was not done: the rule's own words on the case as it stands, or, when
    it was done after the step after all, that it came late."""
    check = rule.advice if rule.blocking and rule.advice is not None else rule.check
    missing = check(snapshot, skipped[0].action)
    return missing or Text(
        "Dit advies was bij deze stap nog niet opgevolgd; later wel.",
        "This advice had not been taken at this step; it was later.",
    )
