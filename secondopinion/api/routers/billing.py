"""Billing lines of a case (R25)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.api.serializers import billing_line_json
from secondopinion.billing.amounts import priced_lines
from secondopinion.billing.selectors import billing_lines_for
from secondopinion.billing.services import billing_add_line

router = Router()


@router.get(
    "/cases/{case_id}/billing-lines",
    auth=BearerToken("billing:read"),
    response={200: list[s.BillingLineOut], **ERRORS},
    tags=["billing"],
    operation_id="secondopinion_api_urls_billing_line_list",
)
def billing_line_list(request: HttpRequest, case_id: CaseId) -> Any:
    """R25: the procedures billed on the case, each with its amount: the practice's own price or else
    the NZa tariff of its day of service, times its quantity (null: not known yet)."""
    case, lines = billing_lines_for(user=actor(request), case_id=case_id, source=SOURCE)
    bill = priced_lines(lines, case.organisation_id)
    return [billing_line_json(priced, get_language()) for priced in bill.lines]


@router.post(
    "/cases/{case_id}/billing-lines",
    auth=BearerToken("billing:write"),
    response={201: s.BillingLineOut, **ERRORS},
    tags=["billing"],
    operation_id="secondopinion_api_urls_billing_line_create",
)
def billing_line_create(request: HttpRequest, case_id: CaseId, payload: s.BillingLineIn) -> Any:
    """R25: the giver or the coordinator bills a procedure with a code valid on its date."""
    line = billing_add_line(
        actor=actor(request),
        case_id=case_id,
        code=payload.code,
        quantity=payload.quantity,
        date=payload.date,
        source=SOURCE,
    )
    (priced,) = priced_lines([line], line.case.organisation_id).lines
    return Reply(201, billing_line_json(priced, get_language()))
