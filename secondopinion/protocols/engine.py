"""The generic rule engine: a protocol is a list of rules; a decision names the rules behind it.

A rule guards one or more *actions*: a target state of the lifecycle ("accepted", "report_final")
or a named action that is not a transition ("submit", "edit_report"). Its check returns None when
the case satisfies it, or a Text that says what is missing; it is given the action too.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from secondopinion.core.text import Text
from secondopinion.protocols.snapshot import CaseSnapshot

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
    # What breaks an ongoing rule even before a step it guards is taken (R3: the prosthesis adjusted while
    # the case waits for its giver). None when only the guarded steps can show a breach.
    breached: Check | None = None
    # An advisory rule's advice in the patient's own words (B1), shown on the patient's and the
    # representative's page instead of the rule's text and the professional's detail; an advisory rule
    # without it is not shown to them.
    for_patient: Text | None = None
    # What a rule that must be met also advises: what the seeds expect but leave to the patient's free
    # choice (R23: the own practitioner informed as agreed, which needs her consent, given or not). Judged
    # only where the rule itself holds; unmet, it warns like an advisory rule and the rule is not passed.
    advice: Check | None = None

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
class BillingCode:
    """R25: a tariff code the protocol bills, with the period it is valid in (C28 became C011)."""

    code: str
    description: Text
    valid_from: dt.date
    valid_until: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


# Who can receive the written report (R23), by the part they play in the case.
REQUESTER = "requester"
TREATING_PRACTITIONER = "treating_practitioner"
GP_OR_SPECIALIST = "gp_or_specialist"
RECIPIENTS: dict[str, Text] = {
    REQUESTER: Text("de aanvrager", "the requester"),
    TREATING_PRACTITIONER: Text("de eigen behandelaar", "the treating practitioner"),
    GP_OR_SPECIALIST: Text("de huisarts of specialist", "the GP or specialist"),
}


@dataclass(frozen=True, slots=True)
class Distribution:
    """R23: who receives the written report. The requester always; the treating practitioner when
    he referred (or asked himself); otherwise only while the patient's consent for `consent_purpose`
    is in force in the ledger at that moment (R18); the GP or specialist when a practitioner asked."""

    treating_when_referred: bool = True
    consent_purpose: str = INFORM_OWN_PRACTITIONER
    gp_when_practitioner_initiated: bool = True

    def recipients(
        self, *, requester_kind: str, referred_by_treating: bool, consents_in_force: frozenset[str]
    ) -> frozenset[str]:
        out = {REQUESTER}
        if requester_kind == "practitioner":
            # The treating practitioner asked himself: he is the requester.
            out.add(TREATING_PRACTITIONER)
            if self.gp_when_practitioner_initiated:
                out.add(GP_OR_SPECIALIST)
        if self.treating_when_referred and referred_by_treating:
            out.add(TREATING_PRACTITIONER)
        if self.consent_purpose and self.consent_purpose in consents_in_force:
            out.add(TREATING_PRACTITIONER)
        return frozenset(out)

    def recipients_of(self, snapshot: CaseSnapshot) -> frozenset[str]:
        return self.recipients(
            requester_kind=snapshot.requester_kind,
            referred_by_treating=snapshot.referred_by_treating,
            consents_in_force=snapshot.consents_in_force,
        )


@dataclass(frozen=True, slots=True)
class Protocol:
    """The rule set of one discipline as declarative data: its rules, the records it needs, its
    billing codes and who receives the report, plus small predicates."""

    code: str
    name: Text
    discipline: str
    seeds: tuple[str, ...]
    rules: tuple[Rule, ...]
    # R16: what the giver may ask of the treating practitioner (with the patient's consent).
    records: dict[str, Text] = field(default_factory=dict)
    # R25: the tariff codes, each with its validity; empty where care is billed elsewhere (DBC).
    billing_codes: tuple[BillingCode, ...] = ()
    distribution: Distribution = field(default_factory=Distribution)
    guidance: dict[str, Text] = field(default_factory=dict)
    # R3: while the opinion runs the work under judgement stays as it is (a denturist's prosthesis).
    holds_work: bool = False
    # What a patient or a representative reads: the discipline in plain words, without the name of
    # the guideline or the professional body ("Tandarts", not "Tandarts (KNMT-praktijkrichtlijn)").
    # None when `name` is plain already.
    plain_name: Text | None = None

    @property
    def patient_name(self) -> Text:
        """The protocol's name as patients and representatives read it; staff pages keep `name`."""
        return self.plain_name or self.name

    @property
    def billing_code(self) -> str:
        """The code billed from now on: the one whose validity has no end ("" when none)."""
        current = [c.code for c in self.billing_codes if c.valid_until is None]
        return current[-1] if current else ""

    def billing_code_on(self, day: dt.date) -> BillingCode | None:
        return next((c for c in self.billing_codes if c.valid_on(day)), None)

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
        advice = rule.advice(snapshot, action) if detail is None and rule.advice is not None else None
        if advice is not None:
            advisories.append(Violation(rule, advice))
        elif detail is None:
            passed.append(rule.id)
        elif rule.blocking:
            violations.append(Violation(rule, detail))
        else:
            advisories.append(Violation(rule, detail))
    return Decision(
        action=action, passed=tuple(passed), violations=tuple(violations), advisories=tuple(advisories)
    )
