"""The API's case shapes: the case, its transitions, its report and addenda."""

from datetime import date, datetime
from typing import Annotated

from pydantic import Field

from secondopinion.api.fields import LONG, MAX_ID, SHORT, Answer, Day, Schema, VisibleText
from secondopinion.api.schemas_base import (
    AdvisoryOut,
    Classification,
    ClosureDecision,
    ExplanationItem,
    ProtocolCode,
    Ref,
    RefusalReason,
    RequesterKind,
    Subject,
    UnderTreatment,
)
from secondopinion.api.schemas_care import AgreementsOut
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS


class CaseIn(Schema):
    protocol: ProtocolCode
    organisation_id: int = Field(gt=0, le=MAX_ID)
    treating_practitioner_id: int = Field(gt=0, le=MAX_ID)
    care_question: VisibleText = Field(min_length=1, max_length=LONG)
    subject: Subject
    treatment_started: bool
    patient_id: int | None = Field(
        None,
        gt=0,
        le=MAX_ID,
        description="The patient the request is for. A patient asking for herself (requester_kind patient, "
        "with a patient's token) may leave out patient_id and patient_bsn: the request is then hers. "
        "Anyone else names the patient by patient_id or patient_bsn, or is answered 422 (field patient_id).",
    )
    patient_bsn: str = Field(
        "",
        max_length=20,
        description="Instead of patient_id: the patient's BSN (11-check), always with patient_birth_date.",
    )
    patient_birth_date: Day | None = Field(
        None,
        description="With patient_bsn: the patient's date of birth (YYYY-MM-DD); a BSN alone names nobody.",
    )
    requester_kind: RequesterKind = RequesterKind("patient")
    referrer_id: int | None = Field(None, gt=0, le=MAX_ID)
    has_referral: bool = False
    under_treatment: UnderTreatment = UnderTreatment("yes")
    wants_transfer: bool = False
    own_practitioner_informed: bool = False
    patient_consulted: bool = False
    gp_informed: bool = False
    care_plan_available: bool = True


class StatusChangeOut(Answer):
    from_status: str
    to_status: str
    at: datetime
    actor: str
    actor_role: str
    rule_ids: list[str]
    note: str = Field(description="The step's note; everyone who reads the case reads it, the patient too.")
    internal_note: str | None = Field(
        None,
        description="The practice's internal note on the step, for the practice's coordinator, giver and "
        "complaints officer only; null where the step carries none, and always for every other reader "
        "(the patient's side, the treating practitioner, the referrer).",
    )


class ReportOut(Answer):
    state: str
    information_used: str
    findings: str
    deviations: str
    consequences: str
    advice: str
    alternatives: str
    costs: str
    finalised_at: datetime | None
    content_hash: str
    addenda: list[str]


class CaseSummary(Answer):
    id: int
    reference: str
    protocol: str
    status: str
    version: int
    patient: Ref
    care_question: str = Field(
        description="The patient's own question, as submitted; the giver's restatement (R15) is kept "
        "beside it, in `established_care_question`, and never replaces it."
    )
    created_at: datetime


class EarlierRequestOut(Answer):
    """R9: an earlier request of the same patient on the same question."""

    id: int
    reference: str
    status: str
    subject: str
    treating_practitioner: Ref
    care_question: str
    refusal_reason: str
    created_at: datetime


class RepeatedRequestOut(Answer):
    """R9: an earlier request that a refusal as a repeated request names as the one it repeats."""

    id: int
    reference: str
    created_at: datetime


class HoldOut(Answer):
    """R3: while the second opinion runs, the prosthesis is not adjusted."""

    rule_id: str
    seeds: list[str]
    text: str
    since: datetime | None = Field(description="When the hold was placed (at acceptance); null before.")
    standing: bool = Field(description="The hold is placed and the case still runs.")
    adjusted_at: datetime | None = Field(description="When the prosthesis was adjusted while the hold stood.")
    followed: bool = Field(description="False once an adjustment is recorded: R3 was not followed.")
    detail: str | None


class ReimbursementOut(Answer):
    """R26: what the patient is told about reimbursement, derived from the case."""

    rule_id: str
    text: str = Field(description="In the request's language.")
    has_referral: bool
    codes: list[str] = Field(description="The tariff codes billed on the case so far.")


class ExpectedCostOut(Answer):
    """R25, R26: what the second opinion itself is expected to cost at the case's organisation today, and
    what the insurance usually pays; the same as the case page's "Costs and time"."""

    code: str | None = Field(
        description="The protocol's tariff code today; null where care is billed as a DBC."
    )
    description: str | None = Field(description="The tariff code's name, in the request's language.")
    amount_cents: int | None = Field(
        description="The amount valid today in euro cents: the practice's own price, else the NZa tariff; "
        "null when no amount covers today."
    )
    source: str | None = Field(description="`practice` or `tariff`: where the amount comes from.")
    valid_from: date | None = Field(description="The first day the amount applies.")
    valid_until: date | None = Field(description="The last day the amount applies; null while open-ended.")
    text: str = Field(description="What the patient is told about the cost, in the request's language.")
    insurance: str = Field(description="R26: what the insurance usually pays, in the request's language.")


class NextStepOut(Answer):
    """The case's next step and the day it is expected by (the organisation's planned days per step)."""

    status: str = Field(description="The state the next step reaches.")
    due: date
    overdue: bool = Field(description="The expected day has passed.")


class ConsentAwaitedOut(Answer):
    """A consent the case waits for from the patient at its current stage (R8, R16, R18, R23)."""

    purpose: str = Field(
        description="The consent's purpose: request_records, inform_own_practitioner, consult_colleague or "
        "representative (the keys of POST /cases/{case_id}/consents)."
    )
    rule_ids: list[str] = Field(description="The rules that wait for it: giving it would meet them.")
    may_give: bool = Field(
        description="Whether this reader may give it: true only for the patient herself (POST "
        "/cases/{case_id}/consents, method in_app). Her representative may not; the practice records her "
        "signed form instead."
    )


class CaseOut(CaseSummary):
    organisation: Ref
    treating_practitioner: Ref
    giver: Ref | None
    referrer: Ref | None
    requester_kind: str
    has_referral: bool
    subject: str
    treatment_started: bool
    care_question_established: bool = Field(description="R15: the giver has established the care question.")
    established_care_question: str = Field(
        description="R15: the care question as the giver established it with the patient, beside the "
        "patient's own. Empty until then, and on a case established before the two were kept apart, "
        "whose `care_question` then holds the established question."
    )
    classification: str
    classification_note: str
    suggested_classification: str | None
    suggestion_rule_ids: list[str] | None = Field(
        None, description="R5, R7: the rules behind the suggested classification, while awaiting triage."
    )
    under_treatment: str
    wants_transfer: bool
    prosthesis_hold_since: datetime | None
    refusal_reason: str
    closure_decision: str
    report: ReportOut | None
    timeline: list[StatusChangeOut]
    hold: HoldOut | None = Field(description="R3, for a protocol that holds the work under judgement.")
    earlier_requests: list[EarlierRequestOut] = Field(
        description=(
            "R9: the patient's earlier requests on the same question that this user may see, newest "
            "first, at most 20."
        )
    )
    repeats: list[RepeatedRequestOut] = Field(
        [],
        description=(
            "R9: for a case refused as a repeated request, the earlier requests the practice named as the "
            "ones it repeats, oldest first; empty otherwise, and on a refusal recorded before they were named."
        ),
    )
    earlier_requests_total: int = Field(
        0,
        description=(
            "R9: how many earlier requests on the same question this user may see, counted up to 100: "
            "100 means 100 or more."
        ),
    )
    advisories: list[AdvisoryOut] = Field(
        description="Advisory rules the step that reached the current state went past without meeting them."
    )
    reimbursement: ReimbursementOut
    expected_cost: ExpectedCostOut
    next_step_due: NextStepOut | None = Field(description="Null once the case has ended.")
    agreements: AgreementsOut | None = Field(
        None, description="R14: the agreements made beforehand; null until the informed step records them."
    )
    patient_received_report: bool = Field(
        False,
        description="R14, R23: whether the patient or her representative was sent the final report in the "
        "portal and holds it (not withdrawn).",
    )
    consents_awaited: list[ConsentAwaitedOut] = Field(
        [],
        description="R8, R16, R18, R23: the patient's consents the case waits for at its current stage, in the "
        "order the case needs them, each with the rules it would meet; empty when it waits for none, and "
        "for a request that ended without an opinion.",
    )


class CasePage(Answer):
    count: int
    items: list[CaseSummary]


class ReportSections(Schema):
    information_used: str | None = Field(None, max_length=LONG)
    findings: str | None = Field(None, max_length=LONG)
    deviations: str | None = Field(None, max_length=LONG)
    consequences: str | None = Field(None, max_length=LONG)
    advice: str | None = Field(None, max_length=LONG)
    alternatives: str | None = Field(None, max_length=LONG)
    costs: str | None = Field(None, max_length=LONG)


class TransitionIn(Schema):
    to: Status
    note: str = Field(
        "", max_length=LONG, description="Read by everyone who reads the case, the patient too."
    )
    internal_note: str = Field(
        "",
        max_length=LONG,
        description="The practice's own remark on the step, never shown to the patient's side; only the "
        "coordinator or the giver writes one.",
    )
    classification: Classification | None = None
    refusal_reason: RefusalReason | None = None
    refusal_note: str = Field("", max_length=LONG)
    repeats_case_ids: list[Annotated[int, Field(gt=0, le=MAX_ID)]] | None = Field(
        None,
        max_length=100,
        description="With `refusal_reason` `repeated_request` (R9), required: the ids of the patient's "
        "earlier requests on the same question this one repeats, each one of the case's "
        "`earlier_requests` candidates (also beyond the 20 shown) that you may see.",
    )
    giver_id: int | None = Field(None, gt=0, le=MAX_ID)
    explanation_items: list[ExplanationItem] | None = Field(None, max_length=len(EXPLANATION_ITEMS))
    written_report: bool | None = None
    inform_own_practitioner: bool | None = None
    copy_recipients: str = Field("", max_length=SHORT * 5)
    care_question: str = Field(
        "",
        max_length=LONG,
        description="The step `informed` (R15): the care question as the giver establishes it with the "
        "patient; stored as `established_care_question`, beside the patient's own question.",
    )
    records_alternative_explained: bool | None = None
    reimbursement_explained: bool | None = None
    anamnesis_medical: str = Field("", max_length=LONG)
    anamnesis_dental: str = Field("", max_length=LONG)
    anamnesis_psychosocial: str = Field("", max_length=LONG)
    findings: str = Field("", max_length=LONG)
    report: ReportSections | None = None
    closure_decision: ClosureDecision | None = None
    expected_version: int | None = Field(None, ge=0)


class RuleRef(Answer):
    rule_id: str
    text: str
    detail: str


class NeedOut(RuleRef):
    """What the step's own input must still supply (`TransitionIn`), by the rule that asks it."""

    fields: list[str] = Field(
        [],
        description="The `TransitionIn` fields that supply this need, where the API names them; empty: "
        "`detail` says what is needed.",
    )
    when: dict[str, str] | None = Field(
        None,
        description="Only needed with these `TransitionIn` values: the refusal's `repeats_case_ids` (R9) "
        'only with `{"refusal_reason": "repeated_request"}`.',
    )


class TransitionOption(Answer):
    to: str
    step: str
    label: str
    permitted: bool
    needs: list[NeedOut] = Field(
        description="What the step's input must still supply. A refusal (R9) needs `refusal_reason` and "
        "`refusal_note`; when the patient made an earlier request on the same question, also "
        "`repeats_case_ids` with the reason `repeated_request` (its `when`)."
    )
    blocked_by: list[RuleRef]
    advisories: list[AdvisoryOut] = Field(description="Advisory rules this step would go past unmet.")


class TransitionsOut(Answer):
    status: str
    version: int
    allowed: list[TransitionOption]
    blocked: list[TransitionOption]


class ProsthesisAdjustmentIn(Schema):
    adjusted_at: datetime | None = Field(
        None, description="When the prosthesis was adjusted; now when left out. Not before the hold."
    )


class AddendumIn(Schema):
    text: VisibleText = Field(min_length=1, max_length=LONG)


class AddendumOut(Answer):
    id: int
    text: str
    created_at: datetime
