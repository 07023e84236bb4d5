"""The API's shapes for the access log, documents, sendings and data requests."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import Field

from secondopinion.api.fields import LONG, SHORT, Answer, Day, Schema, VisibleText
from secondopinion.api.schemas_base import ConsentPurpose
from secondopinion.documents.models import Document


class AccessEventOut(Answer):
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


class AccessLogPage(Answer):
    count: int
    items: list[AccessEventOut]


class AccessLogQuery(Schema):
    """The period, as dates (YYYY-MM-DD or DD-MM-YYYY, inclusive, Dutch time), and the page."""

    start: Day | None = Field(None, alias="from", description="The first day: YYYY-MM-DD or DD-MM-YYYY.")
    end: Day | None = Field(None, alias="to", description="The last day: YYYY-MM-DD or DD-MM-YYYY.")
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


DocumentPurpose = StrEnum("DocumentPurpose", {key: key for key in Document.Purpose.values})  # type: ignore[misc]


class DocumentOut(Answer):
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


class SendingOut(Answer):
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


class DataRequestOut(Answer):
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
