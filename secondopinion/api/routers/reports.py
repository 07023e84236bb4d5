"""The written report: draft sections, addenda (R24), the PDF and DOCX renderings, and the
inbox of reports made available to the user (R23)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from ninja import Router
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.api.serializers import report_json
from secondopinion.cases import editing
from secondopinion.core.downloads import attachment
from secondopinion.distribution import selectors as distribution_selectors
from secondopinion.distribution.services import report_download

router = Router()


@router.put(
    "/cases/{case_id}/report",
    auth=BearerToken("reports:write"),
    response={200: s.ReportOut, **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_report_update",
)
def report_update(request: HttpRequest, case_id: CaseId, payload: s.ReportSections) -> Any:
    """Save draft sections of the report (R24: never once final)."""
    case = editing.case_save_report_draft(
        actor=actor(request),
        case_id=case_id,
        sections=payload.dict(exclude_none=True),
        source=SOURCE,
    )
    return report_json(case.report)


@router.post(
    "/cases/{case_id}/report/addenda",
    auth=BearerToken("reports:write"),
    response={201: s.AddendumOut, **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_addendum_create",
)
def addendum_create(request: HttpRequest, case_id: CaseId, payload: s.AddendumIn) -> Any:
    """R24: correct a final report with an addendum beside it."""
    addendum = editing.case_add_addendum(
        actor=actor(request), case_id=case_id, text=payload.text, source=SOURCE
    )
    return Reply(201, {"id": addendum.pk, "text": addendum.text, "created_at": addendum.created_at})


@router.get(
    "/cases/{case_id}/report.pdf",
    auth=BearerToken("reports:read"),
    response={200: None, **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_report_pdf",
)
def report_pdf(request: HttpRequest, case_id: CaseId) -> HttpResponse:
    """The written report as PDF, for those who may read it."""
    return _export(request, case_id, "pdf")


@router.get(
    "/cases/{case_id}/report.docx",
    auth=BearerToken("reports:read"),
    response={200: None, **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_report_docx",
)
def report_docx(request: HttpRequest, case_id: CaseId) -> HttpResponse:
    """The written report as DOCX (the sample report's format), for those who may read it."""
    return _export(request, case_id, "docx")


@router.get(
    "/reports/inbox",
    auth=BearerToken("reports:read"),
    response={200: list[s.SendingOut], **ERRORS},
    tags=["report"],
    operation_id="secondopinion_api_urls_report_inbox",
)
def report_inbox(request: HttpRequest) -> Any:
    """R23: the reports made available to this user and not withdrawn (R18), newest first."""
    return [
        {
            "id": sending.pk,
            "case_id": sending.case_id,
            "case_reference": sending.case.reference,
            "patient": sending.case.patient.name,
            "addendum_id": sending.addendum_id,
            "recipient_kind": sending.recipient_kind,
            "rule_id": sending.rule_id,
            "basis": sending.basis,
            "sent_at": sending.sent_at,
            "content_hash": sending.content_hash,
        }
        for sending in distribution_selectors.report_inbox(user=actor(request), source=SOURCE)
    ]


def _export(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    export = report_download(
        user=actor(request), case_id=case_id, kind=kind, language=get_language(), source=SOURCE
    )
    return attachment(export)
