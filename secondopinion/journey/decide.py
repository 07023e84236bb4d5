"""The decision aid's verdict (R5, R6, R7, R2): the engine's intake classification decides what a
request is; the aid adds only what intake does not see, a dissatisfaction with the person (R6)."""

from dataclasses import dataclass

from secondopinion.billing.reimbursement import is_oral_care
from secondopinion.core.text import Text
from secondopinion.journey.content import (
    COMPLAIN,
    INTAKE_OUTCOME,
    OUTCOMES,
    PERSON_COMPLAINT,
    SECOND_OPINION,
    SECOND_OPINION_ORAL,
    TRANSFER,
    TRANSFER_ORAL,
    Outcome,
)
from secondopinion.protocols.engine import Protocol, Rule
from secondopinion.protocols.intake import suggest_classification
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.snapshot import CaseSnapshot


@dataclass(frozen=True, slots=True)
class Situation:
    protocol: str
    wants_transfer: bool
    under_treatment: str  # yes | no | unclear
    treatment_started: bool
    subject: str
    about_the_person: bool = False
    doubts_the_care: bool = True
    requester_kind: str = "patient"


@dataclass(frozen=True, slots=True)
class Verdict:
    key: str
    classification: str
    rule_ids: tuple[str, ...]
    outcome: Outcome
    person_too: bool  # R6: a dissatisfaction with the person besides a question about the care
    protocol: str

    @property
    def rules(self) -> list[tuple[str, Text]]:
        """Each rule id with its text, from the protocol when it has the rule."""
        return rule_texts(self.protocol, self.rule_ids)


def rule_texts(code: str, rule_ids: tuple[str, ...] | list[str]) -> list[tuple[str, Text]]:
    protocol = get_protocol(code)
    return [(rule_id, _rule_text(protocol, rule_id)) for rule_id in rule_ids]


def _rule_text(protocol: Protocol, rule_id: str) -> Text:
    rule: Rule | None = next((r for r in protocol.rules if r.id == rule_id), None)
    if rule is not None:
        return rule.text
    from secondopinion.protocols import consent_rules, shared

    found = getattr(shared, rule_id, None) or getattr(consent_rules, rule_id, None)
    return found.text if isinstance(found, Rule) else Text(rule_id, rule_id)


def intake_of(situation: Situation) -> tuple[str, tuple[str, ...]]:
    """The engine's classification of this situation, with its rule ids."""
    snapshot = CaseSnapshot(
        protocol=situation.protocol,
        status="submitted",
        requester_kind=situation.requester_kind,
        subject=situation.subject,
        treatment_started=situation.treatment_started,
        under_treatment=situation.under_treatment,
        wants_transfer=situation.wants_transfer,
    )
    suggestion = suggest_classification(get_protocol(situation.protocol), snapshot)
    return suggestion.classification, suggestion.rule_ids


def decide(situation: Situation) -> Verdict:
    classification, rule_ids = intake_of(situation)
    key = INTAKE_OUTCOME[classification]
    person_too = situation.about_the_person
    outcome = OUTCOMES[key]
    if key == SECOND_OPINION and situation.about_the_person and not situation.doubts_the_care:
        # R6: only the person is in question, not the care: a complaint, not a second opinion.
        key, classification, rule_ids, person_too = COMPLAIN, "complaint", ("R6",), False
        outcome = PERSON_COMPLAINT
    elif key == SECOND_OPINION and person_too:
        rule_ids = (*rule_ids, "R6")
    if key == SECOND_OPINION and is_oral_care(situation.protocol):
        outcome = SECOND_OPINION_ORAL
    return Verdict(
        key,
        classification,
        rule_ids,
        outcome_for(key, situation.protocol, outcome),
        person_too,
        situation.protocol,
    )


def outcome_for(key: str, protocol: str, outcome: Outcome | None = None) -> Outcome:
    """What an outcome means for this protocol: a transfer at the dentist or the denturist needs no GP."""
    if key == TRANSFER:
        return TRANSFER_ORAL.get(get_protocol(protocol).discipline, OUTCOMES[key])
    return outcome or OUTCOMES[key]
