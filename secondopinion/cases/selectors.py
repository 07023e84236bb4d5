"""The one door for every read of a case: scoped to the user, and logged (NEN 7513)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import get_language

from secondopinion.access.permissions import primary_role
from secondopinion.access.policy import acting_for, list_basis, roles_for, visible_cases_filter
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import ActionRecord, SecondOpinionCase, StatusChange
from secondopinion.cases.snapshot import case_snapshot, taking_step, with_rule_facts
from secondopinion.cases.timeline import timeline_column, timeline_from
from secondopinion.core.dates import long_moment
from secondopinion.core.errors import CASE_NOT_FOUND, NotFound
from secondopinion.core.prepared import Prepared
from secondopinion.core.roles import ROLE_LABELS, Role
from secondopinion.directory.models import Patient
from secondopinion.distribution.models import OutsideCopy, Sending
from secondopinion.protocols.conformance import Row, conformance
from secondopinion.protocols.conformance import Step as ConformanceStep
from secondopinion.protocols.engine import SUBMIT, Rule, Violation
from secondopinion.protocols.lifecycle import FINAL_STATES, Status, Step, step_for, targets_from
from secondopinion.protocols.registry import get_protocol
from secondopinion.records.models import DataRequest
from secondopinion.reports.models import Addendum


def cases_visible_to(user: User) -> QuerySet[SecondOpinionCase]:
    """Every case the user holds a role in; nobody else's."""
    # Every branch of the filter is a condition on the case row itself (no join): no duplicates.
    return SecondOpinionCase.objects.filter(visible_cases_filter(user)).select_related(
        "patient", "treating_practitioner", "giver", "organisation"
    )


def case_list(*, user: User, source: str, status: str | None = None) -> QuerySet[SecondOpinionCase]:
    """A user's worklist; listing patient names is itself an access, logged as one search: on the
    basis of the user's most specific role in the list, naming the patient when the list concerns
    one (and, for a representative, on whose behalf)."""
    cases = cases_visible_to(user)
    if status:
        cases = cases.filter(status=status)
    roles, patient_id = list_basis(user, cases)
    role = primary_role(roles)
    if role is None:
        return cases  # an empty list shows no patient data: there is no access to log
    # The patient is named when the list concerns one patient (a patient's or representative's own list).
    own = getattr(user, "patient", None)
    patient = (
        own
        if own is not None and own.pk == patient_id
        else Patient.objects.get(pk=patient_id)
        if patient_id is not None
        else None
    )
    access_record(
        actor=user,
        action="search",
        data="case-list",
        source=source,
        role=role,
        basis=role,
        patient=patient,
        on_behalf_of=patient.name if patient is not None and role == Role.REPRESENTATIVE else "",
    )
    return cases


def case_get(
    *, user: User, case_id: int, source: str, data: str = "case", action: str = "read"
) -> tuple[SecondOpinionCase, frozenset[Role]]:
    """One case for this user, or NotFound (a stranger learns nothing, not even that it exists).

    The case is read by its id and `roles_for` alone decides (the list filter, visible_cases_filter,
    is the same decision as a query, tests/cases/test_access.py): a case that does not exist and one
    the user holds no role in give the same NotFound, and neither writes an event."""
    # The case with the rows its answer shows and the facts its rules judge, in one query,
    # compiled once per process (core/prepared.py).
    case: SecondOpinionCase | None = _CASE_WITH_FACTS.first(case_id=case_id)  # type: ignore[assignment]
    roles = roles_for(user, case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFound(CASE_NOT_FOUND)
    # The timeline came with the case (cases/timeline.py): kept for the state the case was read in.
    case.__dict__["_tm_timeline_read"] = (_state_of(case), case.__dict__.pop("tm_timeline"))
    role = primary_role(roles) or next(iter(roles))
    access_record(
        actor=user,
        action=action,
        data=data,
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return case, roles


def _case_with_facts(case_id: int) -> QuerySet[SecondOpinionCase]:
    return (
        with_rule_facts(SecondOpinionCase.objects.all())
        .select_related(
            "patient",
            "organisation",
            "requester",
            "report__finalised_by",
            "treating_practitioner__organisation",
            "evaluation",
            "outcome",
            "independence_declaration__giver",
            "independence_declaration__declared_by",
            "agreements__recorded_by",
            "agreements__written_requested_by",
        )
        .annotate(**_answer_facts(), tm_timeline=timeline_column())
        .filter(pk=case_id)
        .order_by()[:1]
    )


_CASE_WITH_FACTS = Prepared(_case_with_facts, "case_id")


def _answer_facts() -> dict[str, Exists]:
    """Whether the case has rows the answer would otherwise read just to find none: addenda to its
    report, data requests, copies sent outside the portal (R14). (Earlier requests on the same
    question, R9, before the user's scope is applied, are among the rule facts: `tm_earlier`,
    cases/snapshot.py with_rule_facts.)"""
    return {
        "tm_addenda": Exists(Addendum.objects.filter(report__case=OuterRef("pk"))),
        "tm_data_requests": Exists(DataRequest.objects.filter(case=OuterRef("pk"))),
        "tm_outside_copies": Exists(OutsideCopy.objects.filter(case=OuterRef("pk"))),
        # R14, R23: whether the patient's side holds the final report (distribution/written.py).
        "tm_patient_received": Exists(
            Sending.objects.filter(Sending.held_by_patient_side(), case=OuterRef("pk"))
        ),
    }


_TIMELINE = Prepared(
    lambda case_id: StatusChange.objects.filter(case_id=case_id).select_related("actor").order_by("at", "id"),
    "case_id",
)


def _state_of(case: SecondOpinionCase) -> tuple[int, str, int]:
    return (case.pk, case.status, case.version)


def case_timeline(case: SecondOpinionCase) -> list[StatusChange]:
    """The case's transitions, oldest first; read once per case instance and state, then reused: from
    the case's own read (case_get) while the case is in the state it was read in, else by a query."""
    key = _state_of(case)
    cached = case.__dict__.get("_tm_timeline")
    if cached is not None and cached[0] == key:
        return cached[1]
    read = case.__dict__.pop("_tm_timeline_read", None)
    timeline: list[StatusChange]
    if read is not None and read[0] == key:
        timeline = timeline_from(case, read[1], case._state.db or "default")
    else:
        timeline = _TIMELINE.all(case_id=case.pk)  # type: ignore[assignment]
        for change in timeline:
            change._state.fields_cache["case"] = case
    case.__dict__["_tm_timeline"] = (key, timeline)
    return timeline


@dataclass(frozen=True)
class StepOption:
    """A next state from here: whether this user may take it, what the step's own input must
    still supply (`needs`), and the rules that block it whatever the input (`violations`)."""

    to: Status
    step: Step
    permitted: bool
    needs: tuple[Violation, ...]
    violations: tuple[Violation, ...]
    # Advisory rules (R11, R12, R26…) this step would go past without meeting them: they warn.
    advisories: tuple[Violation, ...] = ()

    @property
    def allowed(self) -> bool:
        return self.permitted and not self.violations

    @property
    def blocking_rule_ids(self) -> list[str]:
        return [v.rule_id for v in self.violations]


def case_step_options(case: SecondOpinionCase, roles: frozenset[Role]) -> list[StepOption]:
    """Every transition from the current state, judged on the case as it stands now."""
    protocol = get_protocol(case.protocol)
    snapshot = case_snapshot(case)
    options = []
    for to in targets_from(case.status):
        step = step_for(case.status, to)
        assert step is not None
        # Judged as this user would take it (R9: the practice records a withdrawal only with a note);
        # for a user who may not take it, as the first of the step's roles would.
        taker = primary_role(roles & step.roles) or primary_role(step.roles)
        decision = protocol.evaluate(taking_step(snapshot, taker), to)
        needs = tuple(v for v in decision.violations if v.rule_id in step.input_rules)
        blocks = tuple(v for v in decision.violations if v.rule_id not in step.input_rules)
        options.append(
            StepOption(
                to=to,
                step=step,
                permitted=bool(roles & step.roles),
                needs=needs,
                violations=blocks,
                advisories=decision.advisories,
            )
        )
    return options


def case_step_advisories(case: SecondOpinionCase) -> tuple[Violation, ...]:
    """The advisory rules the step that brought the case to its current state went past unmet.

    Derived from the timeline like the conformance view: the step recorded the rules it passed, so
    an advisory rule guarding that step and not among them warned there; its detail is judged on
    the case as it stands. A rule's own advice (R23: the own practitioner is informed as agreed only
    on the patient's consent) is judged on the case as it stands alone: shown while the consent is
    missing, also when it was revoked after the step, and no longer once it is given."""
    timeline = case_timeline(case)
    if not timeline:
        return ()
    change = timeline[-1]
    action = change.to_status if change.from_status else SUBMIT
    unmet = [
        (rule, rule.advice if rule.blocking else rule.check)
        for rule in get_protocol(case.protocol).rules_for(action)
        if (not rule.blocking and rule.id not in change.rule_ids) or rule.advice is not None
    ]
    if not unmet:
        return ()
    snapshot = case_snapshot(case)
    judged = ((rule, check(snapshot, action)) for rule, check in unmet if check is not None)
    return tuple(Violation(rule, detail) for rule, detail in judged if detail is not None)


def _role_words(role: str) -> str:
    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:
        return role


def case_conformance(case: SecondOpinionCase) -> list[Row]:
    """R28: per rule of the case's protocol, followed / not followed / not applicable, with evidence:
    the transitions of the timeline and the other actions (ActionRecord), in the order they happened."""
    taken: list[tuple[datetime, int, str, StatusChange | ActionRecord]] = [
        (change.at, change.pk, change.to_status if change.from_status else SUBMIT, change)
        for change in case_timeline(case)
    ]
    taken += [
        (record.at, record.pk, record.action, record)
        for record in ActionRecord.objects.filter(case=case).select_related("actor")
    ]
    history = [
        ConformanceStep(
            action=action,
            at=long_moment(at, get_language() or "nl"),
            by=f"{row.actor} ({_role_words(row.actor_role)})",
            passed=frozenset(row.rule_ids),
        )
        for at, _pk, action, row in sorted(taken, key=lambda t: (t[0], t[2] != SUBMIT, t[1]))
    ]
    return conformance(get_protocol(case.protocol), case_snapshot(case), history)


@dataclass(frozen=True)
class Hold:
    """R3: the hold on the work under judgement (a denturist's prosthesis), as every view shows it."""

    rule: Rule
    since: datetime | None
    adjusted_at: datetime | None
    # The hold was placed (at acceptance) and the case still runs.
    standing: bool
    # Not yet placed: the request waits for triage, and the patient is told already (seed 002: "Laat dus
    # in het stadium van de second opinion géén aanpassingen aan uw prothese aanbrengen").
    advised: bool = False

    @property
    def followed(self) -> bool:
        return self.adjusted_at is None


def case_hold(case: SecondOpinionCase) -> Hold | None:
    """The case's hold, or None for a protocol that holds no work; no query of its own."""
    protocol = get_protocol(case.protocol)
    if not protocol.holds_work:
        return None
    since = case.prosthesis_hold_since
    return Hold(
        rule=protocol.rule("R3"),
        since=since,
        adjusted_at=case.prosthesis_adjusted_at,
        standing=since is not None and case.status not in FINAL_STATES,
        advised=since is None and case.status == Status.SUBMITTED,
    )
