"""The API's shared shapes: the enumerations from the domain vocabularies, problems, tokens, references."""

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from secondopinion.api.fields import SHORT, Answer, Schema
from secondopinion.api.scopes import SCOPES
from secondopinion.consent.models import PURPOSES
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


class ViolationOut(Answer):
    rule_id: str
    seeds: list[str]
    text: str
    detail: str


class Problem(Answer):
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


class TokenOut(Answer):
    token: str
    prefix: str
    expires_at: datetime
    scopes: list[str]


class Ref(Answer):
    id: int
    name: str


class AdvisoryOut(ViolationOut):
    """An advisory rule (the seeds say "preferably" or "advised") that is not met: it warns, never blocks."""


class BilingualText(Answer):
    nl: str
    en: str


class CreatedOut(Answer):
    id: int
