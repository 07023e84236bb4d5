"""The examination's records: a colleague's advice (R19) and a treatment plan (R21)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.records.services import colleague_consult, plan_draft

router = Router()


@router.post(
    "/cases/{case_id}/colleague-consultations",
    auth=BearerToken("records:write"),
    response={201: s.CreatedOut, **ERRORS},
    tags=["examination"],
    operation_id="secondopinion_api_urls_consultation_create",
)
def consultation_create(request: HttpRequest, case_id: CaseId, payload: s.ConsultationIn) -> Any:
    """R19: ask a colleague's advice; needs the patient's consent for it (R18)."""
    consultation = colleague_consult(
        actor=actor(request),
        case_id=case_id,
        colleague_id=payload.colleague_id,
        question=payload.question,
        source=SOURCE,
    )
    return Reply(201, {"id": consultation.pk})


@router.post(
    "/cases/{case_id}/treatment-plans",
    auth=BearerToken("records:write"),
    response={201: s.CreatedOut, **ERRORS},
    tags=["examination"],
    operation_id="secondopinion_api_urls_plan_create",
)
def plan_create(request: HttpRequest, case_id: CaseId, payload: s.PlanIn) -> Any:
    """R21: draft a treatment plan with the patient when no care goal or plan exists."""
    plan = plan_draft(
        actor=actor(request),
        case_id=case_id,
        description=payload.description,
        cost_estimate_cents=payload.cost_estimate_cents,
        source=SOURCE,
    )
    return Reply(201, {"id": plan.pk})
