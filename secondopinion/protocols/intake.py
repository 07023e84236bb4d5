"""R5, R7: what a request is, judged from what the requester told us at intake.

The coordinator decides at triage; this is the suggestion, with the rules behind it, so that a
transfer of care or a new referral is recognised before anyone starts on it.
"""

from dataclasses import dataclass

from secondopinion.protocols.engine import Protocol
from secondopinion.protocols.snapshot import CaseSnapshot


@dataclass(frozen=True, slots=True)
class Suggestion:
    classification: str
    rule_ids: tuple[str, ...]


def suggest_classification(protocol: Protocol, snapshot: CaseSnapshot) -> Suggestion:
    """The first matching situation wins, in the order the seeds discuss them."""
    rule_ids = {rule.id for rule in protocol.rules}
    if snapshot.wants_transfer:
        return Suggestion("transfer_of_care", ("R5", "R7"))
    if "R4" in rule_ids and snapshot.under_treatment == "no":
        return Suggestion("new_referral", ("R4", "R5"))
    if "R4" in rule_ids and snapshot.under_treatment == "unclear":
        return Suggestion("unclear", ("R4", "R5"))
    if "R2" in rule_ids and (snapshot.treatment_started or snapshot.subject == "finished_work"):
        return Suggestion("not_admissible", ("R2",))
    return Suggestion("second_opinion", ("R5",))
