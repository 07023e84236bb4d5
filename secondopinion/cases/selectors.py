"""The one door for every read of a case: scoped to the user, and logged (NEN 7513)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from secondopinion.access.policy import primary_role, roles_for, visible_cases_filter
from secondopinion.access.roles import Role
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.errors import CASE_NOT_FOUND, NotFound
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.snapshot import snapshot_of
from secondopinion.protocols.conformance import Row, conformance
from secondopinion.protocols.conformance import Step as ConformanceStep
from secondopinion.protocols.engine import SUBMIT, Violation
from secondopinion.protocols.lifecycle import Status, Step, step_for, targets_from
from secondopinion.protocols.registry import get_protocol


def cases_visible_to(user: User) -> QuerySet[SecondOpinionCase]:
    """Every case the user holds a role in; nobody else's."""
    return (
        SecondOpinionCase.objects.filter(visible_cases_filter(user))
        .select_related("patient", "treating_practitioner", "giver", "organisation")
        .distinct()
    )


def case_list(*, user: User, source: str, status: str | None = None) -> QuerySet[SecondOpinionCase]:
    """A user's worklist; listing patient names is itself an access, logged as a search."""
    cases = cases_visible_to(user)
    if status:
        cases = cases.filter(status=status)
    access_record(actor=user, action="search", data="case-list", source=source, role="user", basis="role")
    return cases


def case_get(
    *, user: User, case_id: int, source: str, data: str = "case", action: str = "read"
) -> tuple[SecondOpinionCase, frozenset[Role]]:
    """One case for this user, or NotFound (a stranger learns nothing, not even that it exists)."""
    case = cases_visible_to(user).filter(pk=case_id).first()
    roles = roles_for(user, case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFound(CASE_NOT_FOUND)
    role = primary_role(roles) or next(iter(roles))
    access_record(actor=user, action=action, data=data, source=source, role=role, basis=role, case=case)
    return case, roles


def case_timeline(case: SecondOpinionCase) -> QuerySet[StatusChange]:
    return case.status_changes.select_related("actor").order_by("at", "id")


@dataclass(frozen=True)
class StepOption:
    """A next state from here: whether this user may take it, what the step's own input must
    still supply (`needs`), and the rules that block it whatever the input (`violations`)."""

    to: Status
    step: Step
    permitted: bool
    needs: tuple[Violation, ...]
    violations: tuple[Violation, ...]

    @property
    def allowed(self) -> bool:
        return self.permitted and not self.violations

    @property
    def blocking_rule_ids(self) -> list[str]:
        return [v.rule_id for v in self.violations]


def case_step_options(case: SecondOpinionCase, roles: frozenset[Role]) -> list[StepOption]:
    """Every transition from the current state, judged on the case as it stands now."""
    protocol = get_protocol(case.protocol)
    snapshot = snapshot_of(case)
    options = []
    for to in targets_from(case.status):
        step = step_for(case.status, to)
        assert step is not None
        decision = protocol.evaluate(snapshot, to)
        needs = tuple(v for v in decision.violations if v.rule_id in step.input_rules)
        blocks = tuple(v for v in decision.violations if v.rule_id not in step.input_rules)
        options.append(
            StepOption(to=to, step=step, permitted=bool(roles & step.roles), needs=needs, violations=blocks)
        )
    return options


def case_conformance(case: SecondOpinionCase) -> list[Row]:
    """R28: per rule of the case's protocol, followed / not followed / not applicable, with evidence."""
    history = [
        ConformanceStep(
            action=change.to_status if change.from_status else SUBMIT,
            at=timezone.localtime(change.at).strftime("%d-%m-%Y %H:%M"),
            by=f"{change.actor} ({change.actor_role})",
            passed=frozenset(change.rule_ids),
        )
        for change in case_timeline(case)
    ]
    return conformance(get_protocol(case.protocol), snapshot_of(case), history)
