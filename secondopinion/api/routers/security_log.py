"""The security log over the API: refused attempts on patient data (audit/security.py), for the
complaints officer and superusers. It uses the access-log scope; a token of a practitioner or staff
member was issued after the second factor, so the second factor is confirmed."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS
from secondopinion.api.fields import Answer
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security_review import event_json, security_events_for_review
from secondopinion.core.errors import InvalidInput
from secondopinion.core.text import Text

router = Router(tags=["security log"])


class SecurityLogQuery(Schema):
    """The period (YYYY-MM-DD, inclusive, Dutch time), a username, a kind, and the page."""

    start: date | None = Field(None, alias="from")
    end: date | None = Field(None, alias="to")
    user: str = Field("", max_length=150)
    kind: SecurityEvent.Kind | None = None
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class SecurityEventOut(Answer):
    id: int
    at: datetime
    kind: str
    kind_label: str
    user_id: int | None
    username: str
    method: str
    path: str
    target_kind: str
    target_id: int | None
    detail: str
    ip: str | None
    user_agent: str
    face: str


class SecurityLogPage(Answer):
    count: int
    items: list[SecurityEventOut]


@router.get(
    "/security-log",
    auth=BearerToken("access-log:read"),
    response={200: SecurityLogPage, **ERRORS},
    operation_id="secondopinion_api_urls_security_log",
)
def security_log(request: HttpRequest, query: Query[SecurityLogQuery]) -> Any:
    """Refused attempts (not found, not permitted, throttled, identification failed) and readings of
    this log, newest first. Reading it is itself recorded."""
    if query.start is not None and query.end is not None and query.start > query.end:
        raise InvalidInput(
            Text("De begindatum ligt na de einddatum.", "The start date is after the end date."), field="from"
        )
    events = security_events_for_review(
        request=request,
        user=actor(request),
        verified=True,
        start=query.start,
        end=query.end,
        username=query.user,
        kind=query.kind.value if query.kind else "",
    )
    page = events[query.offset : query.offset + query.limit]
    return {"count": events.count(), "items": [event_json(event) for event in page]}
