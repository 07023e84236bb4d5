"""The API's request and response shapes. Enumerations come from the domain vocabularies."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import (
    Field,
)

from secondopinion.api.fields import (
    LONG,
    MAX_ID,
    SHORT,
    Day,
    Schema,
    VisibleText,
)
from secondopinion.api.scopes import SCOPES
from secondopinion.consent.models import PURPOSES
from secondopinion.documents.models import Document
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
    REQUESTER_KINDS,
    SUBJECTS,
)

ProtocolCode = StrEnum("ProtocolCode", {code: code for code in PROTOCOLS})  # type: ignore[misc]
Subject = StrEnum("Subject", {key: key for key in SUBJECTS})  # type: ignore[misc]
RequesterKind = StrEnum("RequesterKind", {key: key for key in REQUESTER_KINDS})  # type: ignore[misc]
ExplanationItem = StrEnum("ExplanationItem", {key: key for key in EXPLANATION_ITEMS})  # type: ignore[misc]
Classification = StrEnum("Classification", {key: key for key in CLASSIFICATIONS})  # type: ignore[misc]
RefusalReason = StrEnum("RefusalReason", {key: key for key in REFUSAL_REASONS})  # type: ignore[misc]
ClosureDecision = StrEnum("ClosureDecision", {key: key for key in CLOSURE_DECISIONS})  # type: ignore[misc]

ConsentPurpose = StrEnum("ConsentPurpose", {key: key for key in PURPOSES})  # type: ignore[misc]
ConsentMethod = StrEnum("ConsentMethod", {"in_app": "in_app", "signed_upload": "signed_upload"})

Scope = StrEnum("Scope", {key: key for key in SCOPES})  # type: ignore[misc]
UnderTreatment = StrEnum("UnderTreatment", {"yes": "yes", "no": "no", "unclear": "unclear"})


class ViolationOut(Schema):
    rule_id: str
    seeds: list[str]
    text: str
    detail: str


class Problem(Schema):
    """RFC 9457 problem details, served as application/problem+json."""

    type: str = Field(description="urn:tweedemening:problem:<code>")
    title: str
    status: int
    detail: str
    field: str | None = Field(None, description="The input field at fault, when there is one.")
    fields: list[str] | None = Field(None, description="Every input field at fault (validation).")
    rule_ids: list[str] | None = Field(None, description="The ids of the rules that blocked the request.")
    violations: list[ViolationOut] | None = None


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=254, description="The username or the e-mail address.")
    password: str = Field(min_length=1, max_length=SHORT)
    otp: str | None = Field(
        None,
        max_length=12,
        description="The 6-digit code from the authenticator app (practitioners and staff).",
    )
    name: str = Field("", max_length=100)
    scopes: list[Scope] | None = Field(
        None,
        max_length=len(SCOPES),
        description="What the token may do; by default every scope the user's roles can use.",
    )


class TokenOut(Schema):
    token: str
    prefix: str
    expires_at: datetime
    scopes: list[str]


class Ref(Schema):
    id: int
    name: str


class CaseIn(Schema):
    protocol: ProtocolCode
    organisation_id: int = Field(gt=0, le=MAX_ID)
    treating_practitioner_id: int = Field(gt=0, le=MAX_ID)
    care_question: VisibleText = Field(min_length=1, max_length=LONG)
    subject: Subject
    treatment_started: bool
    patient_id: int | None = Field(None, gt=0, le=MAX_ID)
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


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    at: datetime
    actor: str
    actor_role: str
    rule_ids: list[str]
    note: str


class ReportOut(Schema):
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


class CaseSummary(Schema):
    id: int
    reference: str
    protocol: str
    status: str
    version: int
    patient: Ref
    care_question: str
    created_at: datetime


class AdvisoryOut(ViolationOut):
    """An advisory rule (the seeds say "preferably" or "advised") that is not met: it warns, never blocks."""


class EarlierRequestOut(Schema):
    """R9: an earlier request of the same patient on the same question."""

    id: int
    reference: str
    status: str
    subject: str
    treating_practitioner: Ref
    care_question: str
    refusal_reason: str
    created_at: datetime


class HoldOut(Schema):
    """R3: while the second opinion runs, the prosthesis is not adjusted."""

    rule_id: str
    seeds: list[str]
    text: str
    since: datetime | None = Field(description="When the hold was placed (at acceptance); null before.")
    standing: bool = Field(description="The hold is placed and the case still runs.")
    adjusted_at: datetime | None = Field(description="When the prosthesis was adjusted while the hold stood.")
    followed: bool = Field(description="False once an adjustment is recorded: R3 was not followed.")
    detail: str | None


class ReimbursementOut(Schema):
    """R26: what the patient is told about reimbursement, derived from the case."""

    rule_id: str
    text: str = Field(description="In the request's language.")
    has_referral: bool
    codes: list[str] = Field(description="The tariff codes billed on the case so far.")


class ExpectedCostOut(Schema):
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


class NextStepOut(Schema):
    """The case's next step and the day it is expected by (the organisation's planned days per step)."""

    status: str = Field(description="The state the next step reaches.")
    due: date
    overdue: bool = Field(description="The expected day has passed.")


class CaseOut(CaseSummary):
    organisation: Ref
    treating_practitioner: Ref
    giver: Ref | None
    referrer: Ref | None
    requester_kind: str
    has_referral: bool
    subject: str
    treatment_started: bool
    care_question_established: bool
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
    earlier_requests_total: int = Field(
        0, description="R9: how many earlier requests on the same question this user may see in all."
    )
    advisories: list[AdvisoryOut] = Field(
        description="Advisory rules the step that reached the current state went past without meeting them."
    )
    reimbursement: ReimbursementOut
    expected_cost: ExpectedCostOut
    next_step_due: NextStepOut | None = Field(description="Null once the case has ended.")


class CasePage(Schema):
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
    note: str = Field("", max_length=LONG)
    classification: Classification | None = None
    refusal_reason: RefusalReason | None = None
    refusal_note: str = Field("", max_length=LONG)
    giver_id: int | None = Field(None, gt=0, le=MAX_ID)
    explanation_items: list[ExplanationItem] | None = Field(None, max_length=len(EXPLANATION_ITEMS))
    written_report: bool | None = None
    inform_own_practitioner: bool | None = None
    copy_recipients: str = Field("", max_length=SHORT * 5)
    care_question: str = Field("", max_length=LONG)
    records_alternative_explained: bool | None = None
    reimbursement_explained: bool | None = None
    anamnesis_medical: str = Field("", max_length=LONG)
    anamnesis_dental: str = Field("", max_length=LONG)
    anamnesis_psychosocial: str = Field("", max_length=LONG)
    findings: str = Field("", max_length=LONG)
    report: ReportSections | None = None
    closure_decision: ClosureDecision | None = None
    expected_version: int | None = Field(None, ge=0)


class RuleRef(Schema):
    rule_id: str
    text: str
    detail: str


class TransitionOption(Schema):
    to: str
    step: str
    label: str
    permitted: bool
    needs: list[RuleRef]
    blocked_by: list[RuleRef]
    advisories: list[AdvisoryOut] = Field(description="Advisory rules this step would go past unmet.")


class TransitionsOut(Schema):
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


class AddendumOut(Schema):
    id: int
    text: str
    created_at: datetime


class BilingualText(Schema):
    nl: str
    en: str


class RuleOut(Schema):
    id: str
    seeds: list[str]
    text: BilingualText
    guards: list[str]
    blocking: bool


class BillingCodeOut(Schema):
    code: str
    description: BilingualText
    valid_from: date
    valid_until: date | None


class RecordKindOut(Schema):
    key: str
    label: BilingualText


class DistributionOut(Schema):
    """R23: who receives the report besides the requester."""

    treating_when_referred: bool
    consent_purpose: str
    gp_when_practitioner_initiated: bool


class ProtocolOut(Schema):
    code: str
    name: BilingualText
    discipline: str
    seeds: list[str]
    billing_code: str
    billing_codes: list[BillingCodeOut]
    records: list[RecordKindOut]
    distribution: DistributionOut
    rules: list[RuleOut]


class ConsentIn(Schema):
    purpose: ConsentPurpose
    method: ConsentMethod = ConsentMethod("in_app")
    given_by_name: str = Field("", max_length=SHORT)
    scope: str = Field("", max_length=LONG)


class ConsentOut(Schema):
    id: int
    purpose: str
    method: str
    given_by_name: str
    scope: str
    given_at: datetime
    revoked_at: datetime | None
    signed_form_id: int | None = None


class ConformanceEvidence(Schema):
    action: str
    at: str
    by: str


class ConformanceRow(Schema):
    rule_id: str
    seeds: list[str]
    text: str
    blocking: bool
    verdict: str
    detail: str | None
    evidence: list[ConformanceEvidence]


class NoticeIn(Schema):
    text: VisibleText = Field(min_length=10, max_length=LONG)


class NoticeOut(Schema):
    id: int
    case_id: int
    case_reference: str
    text: str
    author: str
    created_at: datetime


class ConsultationIn(Schema):
    colleague_id: int = Field(gt=0, le=MAX_ID)
    question: VisibleText = Field(min_length=1, max_length=LONG)


class PlanIn(Schema):
    description: VisibleText = Field(min_length=1, max_length=LONG)
    cost_estimate_cents: int | None = Field(None, ge=0, le=100_000_000)


class CreatedOut(Schema):
    id: int


ServiceDate = date


class BillingLineIn(Schema):
    """R25: a procedure billed on the case, with a code valid on the day of service."""

    code: str = Field(min_length=1, max_length=10, description="A tariff code, e.g. C011, X10, X21.")
    quantity: int = Field(1, ge=1, le=50)
    date: ServiceDate = Field(description="The day of service; the code must be valid on it.")


class BillingLineOut(Schema):
    id: int
    code: str
    description: str = Field(description="In the request's language.")
    date: ServiceDate
    quantity: int
    amount_cents: int | None = Field(
        None,
        description="Null: a line records the code, date and quantity billed, not an amount. The amounts are "
        "kept per period (the NZa tariff and the practice's own prices); the case's `expected_cost` gives "
        "the second opinion's amount today.",
    )


class IndependenceIn(Schema):
    statement_confirmed: bool = Field(description="R10: the giver confirms the declaration of independence.")


class IndependenceOut(Schema):
    case_id: int
    giver: str
    declared_by: str
    declared_at: datetime
    statement: str


class AccessEventOut(Schema):
    """One access to the patient's data (NEN 7513); `at` in Europe/Amsterdam time."""

    at: datetime
    case_reference: str | None  # the case the access concerned (TM-2026-00007), none for a list or the log
    organisation: str
    role: str
    role_label: str
    person: str
    data: str
    data_label: str
    action: str
    action_label: str
    basis: str
    basis_label: str
    emergency: bool


class AccessLogPage(Schema):
    count: int
    items: list[AccessEventOut]


class AccessLogQuery(Schema):
    """The period, as dates (YYYY-MM-DD or DD-MM-YYYY, inclusive, Dutch time), and the page."""

    start: Day | None = Field(None, alias="from", description="The first day: YYYY-MM-DD or DD-MM-YYYY.")
    end: Day | None = Field(None, alias="to", description="The last day: YYYY-MM-DD or DD-MM-YYYY.")
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


DocumentPurpose = StrEnum("DocumentPurpose", {key: key for key in Document.Purpose.values})  # type: ignore[misc]


class DocumentOut(Schema):
    """A document on a case; `kind` is what its content is, `sha256` the hash of its bytes."""

    id: int
    case_id: int
    purpose: str
    kind: str
    content_type: str
    size: int
    sha256: str
    name: str
    metadata: dict[str, Any]
    uploaded_by: str
    uploaded_via: str
    created_at: datetime


class SendingOut(Schema):
    """R23: a report (or an addendum, R24) made available to this user in the portal."""

    id: int
    case_id: int
    case_reference: str
    patient: str
    addendum_id: int | None
    recipient_kind: str
    rule_id: str
    basis: str = Field(description="role:<part>, or consent:<purpose> (the consent in force when sent, R18)")
    sent_at: datetime
    content_hash: str


class DataRequestIn(Schema):
    """R16: which of the protocol's records to ask the treating practitioner for (see GET /protocols)."""

    kinds: list[str] = Field(min_length=1, max_length=50)
    note: str = Field("", max_length=LONG)
    email: str = Field(
        "", max_length=254, description="Where the upload link goes; default: the practitioner's account."
    )


class DataRequestOut(Schema):
    id: int
    case_id: int
    addressed_to: str
    requested_by: str
    kinds: list[str]
    note: str
    state: str
    decline_reason: str
    consent_id: int
    expires_at: datetime
    reminders_sent: int
    last_reminded_at: datetime | None
    document_ids: list[int]
    created_at: datetime
    closed_at: datetime | None


class DataRequestCreatedOut(DataRequestOut):
    upload_link: str = Field(description="The secure upload link, returned once; it is also e-mailed.")


class DeclineIn(Schema):
    reason: VisibleText = Field(min_length=1, max_length=2000)


class SignedConsentIn(Schema):
    """R18: a consent recorded on the patient's behalf, from the signed form sent along as `file`."""

    purpose: ConsentPurpose
    given_by_name: VisibleText = Field(min_length=1, max_length=SHORT)
    scope: str = Field("", max_length=LONG)
