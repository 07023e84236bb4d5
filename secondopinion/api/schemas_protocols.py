"""The API's protocol shapes: the protocols with their rules, billing codes and records, and conformance."""

from datetime import date

from pydantic import Field

from secondopinion.api.fields import Answer
from secondopinion.api.schemas_base import BilingualText


class RuleOut(Answer):
    id: str
    seeds: list[str]
    text: BilingualText
    guards: list[str]
    blocking: bool


class BillingCodeOut(Answer):
    code: str
    description: BilingualText
    valid_from: date
    valid_until: date | None


class RecordKindOut(Answer):
    key: str
    label: BilingualText


class DistributionOut(Answer):
    """R23: who receives the report besides the requester."""

    treating_when_referred: bool
    consent_purpose: str
    gp_when_practitioner_initiated: bool


class ProtocolOut(Answer):
    code: str
    name: BilingualText
    discipline: str
    seeds: list[str]
    billing_code: str
    billing_codes: list[BillingCodeOut]
    records: list[RecordKindOut]
    distribution: DistributionOut
    rules: list[RuleOut]


class ConformanceEvidence(Answer):
    action: str
    at: str
    by: str


class ConformanceRow(Answer):
    rule_id: str
    seeds: list[str]
    text: str
    blocking: bool
    verdict: str = Field(
        description="followed | not_followed (a blocking rule that was not met) | advice_not_taken (an advisory "
        "rule, blocking false, whose advice was not taken: no breach) | not_applicable"
    )
    detail: str | None = Field(
        description="What was missing, in the reader's language; null when there is nothing to say."
    )
    evidence: list[ConformanceEvidence]
