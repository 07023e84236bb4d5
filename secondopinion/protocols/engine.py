"""The generic rule engine: a protocol is a list of rules; a decision names the rules behind it.

A rule guards one or more *actions*: a target state of the lifecycle ("accepted", "report_final")
or a named action that is not a transition ("submit", "edit_report"). Its check returns None when
the case satisfies it, or a Text that says what is missing; it is given the action too.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.text import Text

# Actions that are not lifecycle states.
SUBMIT = "submit"
EDIT_REPORT = "edit_report"
COLLEGIAL_NOTICE = "collegial_notice"
CONSULT_COLLEAGUE = "consult_colleague"
DRAFT_PLANS = "draft_plans"
REQUEST_RECORDS = "request_records"
INFORM_OWN_PRACTITIONER = "inform_own_practitioner"
ACTIONS = frozenset(
    {
        SUBMIT,
        EDIT_REPORT,
        COLLEGIAL_NOTICE,
        CONSULT_COLLEAGUE,
        DRAFT_PLANS,
        REQUEST_RECORDS,
        INFORM_OWN_PRACTITIONER,
    }
)

Check = Callable[[CaseSnapshot, str], Text | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of the domain contract, with the seed(s) it comes from."""

    id: str
    seeds: tuple[str, ...]
    text: Text
    guards: frozenset[str]
    check: Check
    # An advisory rule (the seeds say "preferably", "advised") never blocks: it warns, and the
    # conformance view shows whether it was followed.
    blocking: bool = True
    # An ongoing rule must keep holding after its step (R3: the prosthesis stays untouched), so the
    # conformance view judges it again on the case as it stands.
    ongoing: bool = False

    def applies_to(self, action: str) -> bool:
        return action in self.guards


@dataclass(frozen=True, slots=True)
class Violation:
    rule: Rule
    detail: Text

    @property
    def rule_id(self) -> str:
        return self.rule.id


@dataclass(frozen=True, slots=True)
class Decision:
    action: str
    passed: tuple[str, ...] = ()
    violations: tuple[Violation, ...] = ()
    advisories: tuple[Violation, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.violations

    @property
    def blocking_rule_ids(self) -> list[str]:
        return [v.rule_id for v in self.violations]


@dataclass(frozen=True, slots=True)
class Protocol:
    """The rule set of one discipline: declarative data plus small predicates."""

    code: str
    name: Text
    discipline: str
    seeds: tuple[str, ...]
    rules: tuple[Rule, ...]
    billing_code: str
    guidance: dict[str, Text] = field(default_factory=dict)
    # R3: while the opinion runs the work under judgement stays as it is (a denturist's prosthesis).
    holds_work: bool = False

    def __post_init__(self) -> None:
        # Rules read in the contract's order (R2 before R13), in decisions and in the catalogue.
        object.__setattr__(self, "rules", tuple(sorted(self.rules, key=lambda rule: int(rule.id[1:]))))

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"{self.code} has no rule {rule_id}")

    def rules_for(self, action: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.applies_to(action)]

    def evaluate(self, snapshot: CaseSnapshot, action: str) -> Decision:
        return evaluate(self.rules_for(action), snapshot, action)


def evaluate(rules: Iterable[Rule], snapshot: CaseSnapshot, action: str) -> Decision:
    passed: list[str] = []
    violations: list[Violation] = []
    advisories: list[Violation] = []
    for rule in rules:
        detail = rule.check(snapshot, action)
        if detail is None:
            passed.append(rule.id)
        elif rule.blocking:
            violations.append(Violation(rule, detail))
        else:
            advisories.append(Violation(rule, detail))
    return Decision(
        action=action, passed=tuple(passed), violations=tuple(violations), advisories=tuple(advisories)
    )
