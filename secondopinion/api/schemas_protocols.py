"""The API's protocol shapes: the protocols with their rules, billing codes and records, and conformance."""

from datetime import date

from secondopinion.api.fields import Schema
from secondopinion.api.schemas_base import BilingualText


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
