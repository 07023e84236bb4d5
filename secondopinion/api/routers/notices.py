"""Collegial notices (R6): the giver tells the treating practitioner directly, outside the report."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.reports.models import CollegialNotice
from secondopinion.reports.notices import ReceivedNotice, collegial_notice_send, collegial_notices_for

router = Router()


def _notice_json(notice: CollegialNotice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "case_id": notice.case_id,
        "case_reference": notice.case.reference,
        "text": notice.text,
        "author": str(notice.author),
        "created_at": notice.created_at,
    }


def _received_json(notice: ReceivedNotice) -> dict[str, Any]:
    """As the addressee may read it: without the patient's consent (R18, R23) no case id or reference."""
    return {
        "id": notice.id,
        "case_id": notice.case_id,
        "case_reference": notice.case_reference,
        "text": notice.text,
        "author": notice.author,
        "created_at": notice.created_at,
    }


@router.post(
    "/cases/{case_id}/collegial-notices",
    auth=BearerToken("notices:write"),
    response={201: s.NoticeOut, **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_notice_create",
)
def notice_create(request: HttpRequest, case_id: CaseId, payload: s.NoticeIn) -> Any:
    """R6: the giver tells the treating practitioner directly, outside the report."""
    notice = collegial_notice_send(actor=actor(request), case_id=case_id, text=payload.text, source=SOURCE)
    return Reply(201, _notice_json(notice))


@router.get(
    "/collegial-notices",
    auth=BearerToken("notices:read"),
    response={200: list[s.NoticeOut], **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_notice_inbox",
)
def notice_inbox(request: HttpRequest) -> Any:
    """R6: the collegial notices addressed to this practitioner as the treating one."""
    return [_received_json(n) for n in collegial_notices_for(user=actor(request), source=SOURCE)]
