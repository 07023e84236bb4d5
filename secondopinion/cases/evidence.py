"""Evidence for the conformance view (R28) of the actions that are not transitions.

A transition leaves a StatusChange with the rules it passed; consulting a colleague, a collegial
notice, editing the report, drafting plans, requesting records and informing the own practitioner
leave an ActionRecord, written by the service that takes the action, in its transaction.
"""

from secondopinion.access.doors import judge
from secondopinion.accounts.models import User
from secondopinion.cases.models import ActionRecord, SecondOpinionCase
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.core.roles import Role
from secondopinion.protocols.engine import (
    INFORM_OWN_PRACTITIONER,
    REQUEST_RECORDS,
    TREATING_PRACTITIONER,
    Decision,
)
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import get_protocol


def action_record(
    *, case: SecondOpinionCase, action: str, decision: Decision, actor: User, role: Role | str
) -> ActionRecord:
    """Record that `action` was taken on the case, with the rule ids its decision passed."""
    return ActionRecord.objects.create(
        case=case, action=action, rule_ids=list(decision.passed), actor=actor, actor_role=str(role)
    )


def record_transition_actions(*, case: SecondOpinionCase, to: str, actor: User, role: Role | str) -> None:
    """The actions a transition carries with it. Gathering records requests them from the treating
    practitioner (R16, R18). A final report reaches the own practitioner on the patient's consent
    when he neither referred nor asked himself (R23), judged on the ledger as it stands (R18)."""
    if to == Status.GATHERING_RECORDS:
        decision = judge(case, REQUEST_RECORDS)
        action_record(case=case, action=REQUEST_RECORDS, decision=decision, actor=actor, role=role)
    elif to == Status.REPORT_FINAL:
        snapshot = snapshot_of(case)
        distribution = get_protocol(case.protocol).distribution
        by_consent = (
            TREATING_PRACTITIONER in distribution.recipients_of(snapshot)
            and not snapshot.referred_by_treating
            and snapshot.requester_kind != "practitioner"
        )
        if by_consent:
            decision = judge(case, INFORM_OWN_PRACTITIONER)
            action_record(
                case=case, action=INFORM_OWN_PRACTITIONER, decision=decision, actor=actor, role=role
            )
