"""R28: per case, whether each rule of its protocol was followed, not followed, or not applicable.

Pure: it takes the protocol, the case as it stands, and the evidence of what happened (for each
transition and each other action the case went through — consulting a colleague, a collegial
notice, editing the report, requesting records, informing the own practitioner, drafting plans —
the rule ids that passed there), and gives one row per rule.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from secondopinion.core.text import Text
from secondopinion.protocols.engine import Protocol, Rule
from secondopinion.protocols.snapshot import CaseSnapshot


class Verdict(StrEnum):
    FOLLOWED = "followed"
    NOT_FOLLOWED = "not_followed"
    NOT_APPLICABLE = "not_applicable"


VERDICT_LABELS = {
    Verdict.FOLLOWED: Text("gevolgd", "followed"),
    Verdict.NOT_FOLLOWED: Text("niet gevolgd", "not followed"),
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
    """One row per rule: followed where every guarded step it reached passed it and it still holds."""
    rows = []
    for rule in protocol.rules:
        steps = tuple(step for step in history if step.action in rule.guards)  # in the order they happened
        if not steps:
            breach = rule.breached(snapshot, "") if rule.breached is not None else None
            verdict = Verdict.NOT_FOLLOWED if breach is not None else Verdict.NOT_APPLICABLE
            rows.append(Row(rule, verdict, (), breach))
            continue
        skipped = [step for step in steps if rule.id not in step.passed]
        # A rule that held when its step was taken can still be broken later (R3: the prosthesis adjusted).
        now = rule.check(snapshot, steps[-1].action) if rule.ongoing else None
        if skipped or now is not None:
            detail = now or Text(
                "Deze stap is gezet zonder dat de regel was voldaan.",
                "This step was taken without the rule being met.",
            )
            rows.append(Row(rule, Verdict.NOT_FOLLOWED, steps, detail))
        else:
            rows.append(Row(rule, Verdict.FOLLOWED, steps, None))
    return rows
