"""What every write service does first: lock the case, find the actor's role, judge the rules (and
what a read of one part of a case does first: find the actor's role).

A stranger gets NotFound (nothing about the case leaks); a role that may not act gets
NotPermitted; a rule that blocks gets RuleBlocked with its ids. Callers run inside a transaction.
"""

from secondopinion.access.permissions import Action, acting_role, refusal
from secondopinion.access.policy import roles_for
from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.core.errors import CASE_NOT_FOUND, NotFound, NotPermitted, RuleBlocked
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.protocols.engine import Decision
from secondopinion.protocols.registry import get_protocol


def locked_case(case_id: int) -> SecondOpinionCase:
    """The case row, locked until the transaction ends (two writers cannot interleave)."""
    case = (
        SecondOpinionCase.objects.select_for_update(of=("self",))
        .select_related("patient", "treating_practitioner", "giver", "referrer")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(CASE_NOT_FOUND)
    return case


def case_for(actor: User, case_id: int, action: Action) -> tuple[SecondOpinionCase, Role]:
    """The locked case and the role in which the actor may take `action` (access/permissions.py),
    or NotFound (no relation to the case) / NotPermitted (related, but not for this)."""
    case = locked_case(case_id)
    return case, _acting_role(actor, case, action)


def read_case_for(actor: User, case_id: int, action: Action) -> tuple[SecondOpinionCase, Role]:
    """The same decision for a read of one part of a case: the case with its patient, unlocked."""
    case = SecondOpinionCase.objects.select_related("patient").filter(pk=case_id).first()
    if case is None:
        raise NotFound(CASE_NOT_FOUND)
    return case, _acting_role(actor, case, action)


def _acting_role(actor: User, case: SecondOpinionCase, action: Action) -> Role:
    roles = roles_for(actor, case)
    if not roles:
        raise NotFound(CASE_NOT_FOUND)
    role = acting_role(action, roles)
    if role is None:
        raise NotPermitted(refusal(action))
    return role


def blocked(decision: Decision) -> RuleBlocked:
    ids = ", ".join(decision.blocking_rule_ids)
    return RuleBlocked(Text(f"Geblokkeerd door {ids}.", f"Blocked by {ids}."), violations=decision.violations)


def judge(case: SecondOpinionCase, action: str) -> Decision:
    """The protocol's verdict on `action` for the case as it stands; RuleBlocked when a rule blocks."""
    decision = get_protocol(case.protocol).evaluate(snapshot_of(case), action)
    if not decision.allowed:
        raise blocked(decision)
    return decision
