"""The rows the rule tests judge: a dental case that follows every rule, and for each rule and
action it guards, cases it lets through (ALLOWED) and cases it blocks (BLOCKED)."""

from dataclasses import dataclass, field, replace
from typing import Any

from secondopinion.core.text import Text
from secondopinion.protocols import engine
from secondopinion.protocols.dental_knmt import PROTOCOL
from secondopinion.protocols.engine import (
    COLLEGIAL_NOTICE,
    CONSULT_COLLEAGUE,
    DRAFT_PLANS,
    EDIT_REPORT,
    INFORM_OWN_PRACTITIONER,
    REQUEST_RECORDS,
    SUBMIT,
)
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
    REPORT_SECTIONS,
    REQUIRED_REPORT_SECTIONS,
)

ACCEPTED = Status.ACCEPTED.value
REDIRECTED = Status.REDIRECTED.value
REFUSED = Status.REFUSED.value
WITHDRAWN = Status.WITHDRAWN.value
ASSIGNED = Status.ASSIGNED.value
INFORMED = Status.INFORMED.value
IN_EXAMINATION = Status.IN_EXAMINATION.value
REPORT_FINAL = Status.REPORT_FINAL.value
CLOSED = Status.CLOSED.value
BEFORE_EXAMINATION = (INFORMED, IN_EXAMINATION, REPORT_FINAL)
GATHERING_RECORDS = Status.GATHERING_RECORDS.value
REPORT_DRAFT = Status.REPORT_DRAFT.value
CONSENTED_ACTIONS = (REQUEST_RECORDS, INFORM_OWN_PRACTITIONER, CONSULT_COLLEAGUE)
NOT_A_SECOND_OPINION = [c for c in CLASSIFICATIONS if c != "second_opinion"]

# Actions that are not lifecycle states; the engine may declare more than these two.
KNOWN_ACTIONS = {s.value for s in Status} | {SUBMIT, EDIT_REPORT} | set(getattr(engine, "ACTIONS", ()))

# A dental case that follows every rule of the protocol, whatever the action.
FOLLOWS_EVERY_RULE = CaseSnapshot(
    protocol=PROTOCOL.code,
    status=Status.SUBMITTED.value,
    subject="treatment_plan",
    treatment_started=False,
    classification="second_opinion",
    care_question="Moet kies 36 getrokken worden, of kan hij behouden blijven?",
    care_question_established=True,
    explanation_items=frozenset(EXPLANATION_ITEMS),
    agreements_recorded=True,
    written_report_agreed=True,
    giver_assigned=True,
    independence_declared=True,
    findings_recorded=True,
    report_sections=frozenset(REQUIRED_REPORT_SECTIONS),
    billing_codes=frozenset({"C011"}),
    refusal_reason="repeated_request",
    refusal_note="Vierde verzoek over dezelfde vraag dit jaar.",
    earlier_requests=True,  # R9: the patient asked before on the same question
    repeats_named=True,  # R9: the refusal names the earlier request it repeats
    acting_role="patient",  # R9: the patient withdraws herself
    closure_decision="accept_opinion",
    records_consent=True,
    colleague_consent=True,
    own_practitioner_informed=True,
    has_referral=True,
    reimbursement_explained=True,
)


def following_every_rule(action: str) -> CaseSnapshot:
    """A redirect needs a classification other than second opinion (R5); all else is shared."""
    if action == REDIRECTED:
        return replace(FOLLOWS_EVERY_RULE, classification="transfer_of_care")
    if action == DRAFT_PLANS:
        return replace(FOLLOWS_EVERY_RULE, care_plan_available=False)
    return FOLLOWS_EVERY_RULE


@dataclass(frozen=True)
class Row:
    rule: str
    action: str
    label: str
    changes: dict[str, Any] = field(default_factory=dict)
    also_blocked_by: tuple[str, ...] = ()
    detail_names: tuple[Text, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.action}-{self.label}"

    def snapshot(self) -> CaseSnapshot:
        return replace(following_every_rule(self.action), **self.changes)


def _without(items: frozenset[str], item: str) -> frozenset[str]:
    return items - {item}


ALLOWED: list[Row] = [
    Row("R2", SUBMIT, "plan-not-started"),
    Row("R2", SUBMIT, "diagnosis-not-started", {"subject": "diagnosis"}),
    Row("R2", ACCEPTED, "plan-not-started"),
    Row("R5", ACCEPTED, "classified-second-opinion"),
    *(Row("R5", REDIRECTED, f"classified-{c}", {"classification": c}) for c in NOT_A_SECOND_OPINION),
    *(Row("R9", REFUSED, f"reason-{r}", {"refusal_reason": r}) for r in REFUSAL_REASONS),
    Row("R9", REFUSED, "note-of-exactly-ten-characters", {"refusal_note": "0123456789"}),
    Row("R9", WITHDRAWN, "by-the-patient", {"acting_role": "patient"}),
    Row("R9", WITHDRAWN, "by-the-representative", {"acting_role": "representative"}),
    Row(
        "R9",
        WITHDRAWN,
        "recorded-by-the-coordinator-with-how",
        {"acting_role": "coordinator", "step_note": "Telefonisch op 3 maart."},
    ),
    Row("R10", ASSIGNED, "independent-giver"),
    Row("R10", ASSIGNED, "not-yet-declared-at-assignment", {"independence_declared": False}),
    *(Row("R10", a, "independence-declared") for a in BEFORE_EXAMINATION),
    *(Row("R13", a, "all-six-explained") for a in BEFORE_EXAMINATION),
    *(Row("R14", a, "written-report-agreed") for a in BEFORE_EXAMINATION),
    Row("R14", INFORMED, "own-practitioner-informed-too", {"inform_own_practitioner_agreed": True}),
    *(Row("R15", a, "care-question-established") for a in BEFORE_EXAMINATION),
    Row("R22", REPORT_FINAL, "required-sections"),
    Row("R22", REPORT_FINAL, "every-section", {"report_sections": frozenset(REPORT_SECTIONS)}),
    Row("R23", REPORT_FINAL, "agreements-recorded"),
    Row("R24", EDIT_REPORT, "report-still-draft"),
    Row("R24", REPORT_FINAL, "report-still-draft"),
    Row("R25", CLOSED, "billed-C011", {"billing_codes": frozenset({"C011"})}),
    Row("R25", CLOSED, "billed-older-C28", {"billing_codes": frozenset({"C28"})}),
    Row("R25", CLOSED, "billed-C011-and-X-rays", {"billing_codes": frozenset({"C011", "X10"})}),
    *(Row("R27", CLOSED, f"decision-{d}", {"closure_decision": d}) for d in CLOSURE_DECISIONS),
    Row("R1", ACCEPTED, "advice-asked"),
    Row("R6", COLLEGIAL_NOTICE, "by-the-assigned-giver"),
    Row("R6", REPORT_FINAL, "notice-kept-out-of-the-report"),
    Row("R7", ACCEPTED, "one-time-opinion"),
    Row("R8", SUBMIT, "the-patient-asks"),
    Row(
        "R8",
        ACCEPTED,
        "representative-with-consent",
        {"requester_kind": "representative", "representative_consent": True},
    ),
    Row(
        "R8",
        SUBMIT,
        "practitioner-after-consulting",
        {"requester_kind": "practitioner", "patient_consulted": True, "gp_informed": True},
    ),
    Row("R12", ACCEPTED, "own-practitioner-informed"),
    Row(
        "R12",
        ACCEPTED,
        "referred-by-the-treating-one",
        {"own_practitioner_informed": False, "referred_by_treating": True},
    ),
    Row("R16", GATHERING_RECORDS, "records-consent"),
    Row("R16", REQUEST_RECORDS, "records-consent"),
    Row("R17", INFORMED, "records-consent"),
    Row(
        "R17",
        INFORMED,
        "alternative-explained",
        {"records_consent": False, "records_alternative_explained": True},
    ),
    *(Row("R18", action, "consent-in-force") for action in CONSENTED_ACTIONS),
    Row("R19", CONSULT_COLLEAGUE, "colleague-consent"),
    Row("R20", REPORT_DRAFT, "findings-recorded"),
    Row("R21", DRAFT_PLANS, "no-care-plan"),
    Row("R21", REPORT_FINAL, "care-plan-exists"),
    Row("R21", REPORT_FINAL, "plan-drafted", {"care_plan_available": False, "alternative_plans": 1}),
    Row("R26", SUBMIT, "reimbursement-explained", {"has_referral": False, "reimbursement_explained": True}),
    Row("R26", ACCEPTED, "reimbursement-explained", {"has_referral": False, "reimbursement_explained": True}),
    Row("R28", CLOSED, "complaint-scheme-known"),
]

BLOCKED: list[Row] = [
    *(
        row
        for action in (SUBMIT, ACCEPTED)
        for row in (
            Row("R2", action, "treatment-started", {"treatment_started": True}),
            Row("R2", action, "finished-work", {"subject": "finished_work"}),
            Row("R2", action, "both", {"treatment_started": True, "subject": "finished_work"}),
        )
    ),
    *(
        Row(
            "R5",
            ACCEPTED,
            f"classified-{c}",
            {"classification": c},
            also_blocked_by=("R7",) if c == "transfer_of_care" else (),
        )
        for c in NOT_A_SECOND_OPINION
    ),
    Row("R5", ACCEPTED, "unclassified", {"classification": ""}),
    Row("R5", REDIRECTED, "classified-second-opinion", {"classification": "second_opinion"}),
    Row("R5", REDIRECTED, "unclassified", {"classification": ""}),
    Row("R9", REFUSED, "no-reason", {"refusal_reason": ""}),
    Row("R9", REFUSED, "reason-not-on-the-list", {"refusal_reason": "rude_patient"}),
    Row("R9", REFUSED, "note-too-short", {"refusal_note": "Te vaak"}),
    Row("R9", REFUSED, "note-short-once-trimmed", {"refusal_note": "   kort      "}),
    Row("R9", REFUSED, "repeated-without-an-earlier-request", {"earlier_requests": False}),
    Row("R9", WITHDRAWN, "by-the-coordinator-without-a-note", {"acting_role": "coordinator"}),
    Row(
        "R9",
        WITHDRAWN,
        "by-the-coordinator-note-too-short",
        {"acting_role": "coordinator", "step_note": "tel."},
    ),
    Row("R9", WITHDRAWN, "nobody-known-without-a-note", {"acting_role": ""}),
    Row("R10", ASSIGNED, "no-giver", {"giver_assigned": False}),
    Row("R10", ASSIGNED, "giver-is-treating", {"giver_is_treating": True}),
    Row("R10", ASSIGNED, "same-organisation", {"giver_same_organisation": True}),
    Row("R10", ASSIGNED, "other-discipline", {"giver_same_discipline": False}),
    *(
        Row("R10", a, "independence-not-declared", {"independence_declared": False})
        for a in BEFORE_EXAMINATION
    ),
    *(
        Row(
            "R13",
            action,
            "nothing-explained",
            {"explanation_items": frozenset()},
            detail_names=tuple(EXPLANATION_ITEMS.values()),
        )
        for action in BEFORE_EXAMINATION
    ),
    *(
        Row(
            "R13",
            INFORMED,
            f"five-of-six-without-{item}",
            {"explanation_items": _without(frozenset(EXPLANATION_ITEMS), item)},
            detail_names=(label,),
        )
        for item, label in EXPLANATION_ITEMS.items()
    ),
    *(
        row
        for action in BEFORE_EXAMINATION
        for row in (
            Row(
                "R14",
                action,
                "no-agreements",
                {"agreements_recorded": False, "written_report_agreed": False},
                also_blocked_by=("R23",) if action == REPORT_FINAL else (),
            ),
            Row("R14", action, "not-in-writing", {"written_report_agreed": False}),
            Row("R15", action, "no-care-question", {"care_question": ""}),
            Row("R15", action, "blank-care-question", {"care_question": "   "}),
            Row("R15", action, "not-established", {"care_question_established": False}),
        )
    ),
    *(
        Row(
            "R22",
            REPORT_FINAL,
            f"without-{section}",
            {"report_sections": _without(frozenset(REQUIRED_REPORT_SECTIONS), section)},
            detail_names=(REPORT_SECTIONS[section],),
        )
        for section in REQUIRED_REPORT_SECTIONS
    ),
    Row(
        "R22",
        REPORT_FINAL,
        "optional-sections-only",
        {"report_sections": frozenset({"information_used", "alternatives", "costs"})},
        detail_names=tuple(REPORT_SECTIONS[s] for s in REQUIRED_REPORT_SECTIONS),
    ),
    Row(
        "R23",
        REPORT_FINAL,
        "no-agreements",
        {"agreements_recorded": False},
        also_blocked_by=("R14",),
    ),
    Row("R24", EDIT_REPORT, "report-final", {"report_final": True}),
    Row("R24", REPORT_FINAL, "report-already-final", {"report_final": True}),
    Row("R25", CLOSED, "not-billed", {"billing_codes": frozenset()}),
    Row("R25", CLOSED, "billed-another-code-only", {"billing_codes": frozenset({"X10"})}),
    Row("R27", CLOSED, "no-decision", {"closure_decision": ""}),
    Row("R27", CLOSED, "decision-not-on-the-list", {"closure_decision": "thinks_about_it"}),
    Row("R1", ACCEPTED, "wants-the-giver-to-treat", {"wants_transfer": True}, also_blocked_by=("R7",)),
    Row("R6", COLLEGIAL_NOTICE, "no-giver", {"giver_assigned": False}),
    Row("R6", REPORT_FINAL, "notice-quoted-in-report", {"collegial_notice_in_report": True}),
    Row("R7", ACCEPTED, "wants-transfer", {"wants_transfer": True}, also_blocked_by=("R1",)),
    Row("R8", SUBMIT, "representative-without-consent", {"requester_kind": "representative"}),
    Row("R8", ACCEPTED, "representative-without-consent", {"requester_kind": "representative"}),
    Row(
        "R8",
        SUBMIT,
        "practitioner-without-informing-gp",
        {"requester_kind": "practitioner", "patient_consulted": True},
    ),
    Row("R12", ACCEPTED, "own-practitioner-not-informed", {"own_practitioner_informed": False}),
    Row("R16", GATHERING_RECORDS, "no-consent", {"records_consent": False}),
    Row(
        "R16",
        REQUEST_RECORDS,
        "consent-revoked",
        {"records_consent": False, "revoked_consents": frozenset({"request_records"})},
        also_blocked_by=("R18",),
    ),
    Row("R17", INFORMED, "no-consent-nothing-explained", {"records_consent": False}),
    *(
        Row(
            "R18",
            action,
            "consent-revoked",
            {"revoked_consents": frozenset({action})},
            also_blocked_by={CONSULT_COLLEAGUE: ("R19",), REQUEST_RECORDS: ("R16",)}.get(action, ()),
        )
        for action in CONSENTED_ACTIONS
    ),
    Row("R19", CONSULT_COLLEAGUE, "no-colleague-consent", {"colleague_consent": False}),
    Row("R20", REPORT_DRAFT, "no-findings", {"findings_recorded": False}),
    Row("R21", DRAFT_PLANS, "care-plan-exists", {"care_plan_available": True}),
    Row("R21", REPORT_FINAL, "no-plan-drafted", {"care_plan_available": False, "alternative_plans": 0}),
    Row("R26", SUBMIT, "no-referral", {"has_referral": False, "reimbursement_explained": False}),
    Row("R26", ACCEPTED, "no-referral", {"has_referral": False, "reimbursement_explained": False}),
    # Oral care: a referral is not what the insurance asks, so it does not settle the advice.
    Row("R26", SUBMIT, "referred-not-explained", {"has_referral": True, "reimbursement_explained": False}),
    Row("R28", CLOSED, "complaint-scheme-unknown", {"complaint_scheme_known": False}),
]
