"""The API's shapes for consents, notices, aftercare, billing and the declaration of independence."""

from datetime import date, datetime

from pydantic import Field

from secondopinion.api.fields import LONG, MAX_ID, SHORT, Answer, Schema, VisibleText
from secondopinion.api.schemas_base import (
    ConsentMethod,
    ConsentPurpose,
)


class ConsentIn(Schema):
    purpose: ConsentPurpose
    method: ConsentMethod = ConsentMethod("in_app")
    given_by_name: str = Field("", max_length=SHORT)
    scope: str = Field("", max_length=LONG)


class ConsentOut(Answer):
    id: int
    purpose: str
    method: str
    given_by_name: str
    scope: str
    given_at: datetime
    revoked_at: datetime | None
    signed_form_id: int | None = None


class NoticeIn(Schema):
    text: VisibleText = Field(min_length=10, max_length=LONG)


class NoticeOut(Answer):
    id: int
    # None for the addressee while the patient has not agreed that he is informed (R18, R23).
    case_id: int | None
    case_reference: str | None
    text: str
    author: str
    created_at: datetime


class ConsultationIn(Schema):
    colleague_id: int = Field(gt=0, le=MAX_ID)
    question: VisibleText = Field(min_length=1, max_length=LONG)


class PlanIn(Schema):
    description: VisibleText = Field(min_length=1, max_length=LONG)
    cost_estimate_cents: int | None = Field(None, ge=0, le=100_000_000)


ServiceDate = date


class BillingLineIn(Schema):
    """R25: a procedure billed on the case, with a code valid on the day of service."""

    code: str = Field(min_length=1, max_length=10, description="A tariff code, e.g. C011, X10, X21.")
    quantity: int = Field(1, ge=1, le=50)
    date: ServiceDate = Field(description="The day of service; the code must be valid on it.")


class BillingLineOut(Answer):
    id: int
    code: str
    description: str = Field(description="In the request's language.")
    date: ServiceDate
    quantity: int
    unit_amount_cents: int | None = Field(
        None,
        description="The price of the code on the day of service, in cents: the practice's own price, else "
        "the NZa tariff. Null: no amount is known for that day yet (never 0 for unknown).",
    )
    amount_cents: int | None = Field(
        None,
        description="The line's amount in cents: `unit_amount_cents` times `quantity`. Null: not known yet.",
    )


class IndependenceIn(Schema):
    statement_confirmed: bool = Field(description="R10: the giver confirms the declaration of independence.")


class IndependenceOut(Answer):
    case_id: int
    giver: str
    declared_by: str
    declared_at: datetime
    statement: str


class AgreementsOut(Answer):
    """R14: what was agreed beforehand, at the informed step (seeds 000, 001, 002)."""

    rule_id: str = "R14"
    written_report: bool = Field(
        description="The opinion is put in writing (for `dental-knmt` always). When false, the patient hears "
        "the advice in a conversation and her side is not sent the report, until she (or her representative) "
        "asks for it in writing after all: POST /cases/{id}/report/in-writing."
    )
    inform_own_practitioner: bool
    copy_recipients: str = Field(description="Who else receives a copy, besides those R23 names.")
    written_requested_at: datetime | None = Field(
        description="When the patient's side asked for the report in writing after all; null when not."
    )
