"""R14: copies of the final report sent outside the portal to a recipient the agreements made
beforehand named (GET and POST /api/v1/cases/{id}/outside-copies): the API beside the case page's
panel (web/outside_copy_panel.py). The copy itself travels by post, secure e-mail or in the patient's
hand; this records that it went, to whom, how and on which day. The same service, access checks and
checks of the input as the web form (distribution/copies.py); every error is problem+json, an invalid
field named in `field`."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja import Status as Reply
from pydantic import Field

from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.api.fields import Answer, Schema
from secondopinion.distribution.copies import outside_copy_list, outside_copy_record
from secondopinion.distribution.models import OutsideCopy

router = Router(tags=["report"])

OutsideCopyChannel = StrEnum("OutsideCopyChannel", {value: value for value in OutsideCopy.Channel.values})  # type: ignore[misc]


class OutsideCopyIn(Schema):
    """R14: a copy of the final report that went to an agreed recipient outside the portal."""

    recipient_name: str = Field(
        description="Who the copy went to, e.g. 'Dr. M. Bakker, huisarts' (at most 200 characters once "
        "runs of spaces are folded)."
    )
    channel: OutsideCopyChannel = Field(
        description="How it went: post, secure_email (secure e-mail), or handed_to_patient."
    )
    sent_on: date = Field(
        description="The day it was sent (YYYY-MM-DD): not before the day the report became final, and "
        "not after today."
    )


class OutsideCopyOut(Answer):
    id: int
    recipient_name: str
    channel: OutsideCopyChannel
    channel_label: str = Field(
        description="How it went, in words, in the request's language (Accept-Language)."
    )
    sent_on: date
    recorded_by: str = Field(description="Who recorded it (the coordinator).")
    recorded_at: datetime


def _out(copy: OutsideCopy) -> dict[str, Any]:
    return {
        "id": copy.pk,
        "recipient_name": copy.recipient_name,
        "channel": copy.channel,
        "channel_label": str(OutsideCopy.Channel(copy.channel).label),
        "sent_on": copy.sent_on,
        "recorded_by": str(copy.recorded_by),
        "recorded_at": copy.recorded_at,
    }


@router.get(
    "/cases/{case_id}/outside-copies",
    auth=BearerToken("reports:read"),
    response={200: list[OutsideCopyOut], **ERRORS},
    operation_id="secondopinion_api_urls_outside_copy_list",
)
def outside_copy_list_view(request: HttpRequest, case_id: CaseId) -> Any:
    """R14: the copies of the final report recorded as sent outside the portal, oldest first. Read by
    the patient, the representative, the giver and the coordinator (as on the case page); 403 for
    another related role, 404 for anyone unrelated to the case. The read is access-logged."""
    return [_out(copy) for copy in outside_copy_list(user=actor(request), case_id=case_id, source=SOURCE)]


@router.post(
    "/cases/{case_id}/outside-copies",
    auth=BearerToken("cases:write"),
    response={201: OutsideCopyOut, **ERRORS},
    operation_id="secondopinion_api_urls_outside_copy_create",
)
def outside_copy_create(request: HttpRequest, case_id: CaseId, payload: OutsideCopyIn) -> Any:
    """R14: the coordinator of the handling organisation records that a copy of the final report went
    to a recipient agreed beforehand, outside the portal. 409 before the report is final; 422 names the
    field at fault (`recipient_name` empty or too long, `channel` unknown, `sent_on` in the future or
    before the report became final) and nothing is stored; 403 for another related role, 404 for
    anyone unrelated to the case. The recording is access-logged."""
    copy = outside_copy_record(
        actor=actor(request),
        case_id=case_id,
        recipient_name=payload.recipient_name,
        channel=str(payload.channel),
        sent_on=payload.sent_on,
        source=SOURCE,
    )
    return Reply(201, _out(copy))
