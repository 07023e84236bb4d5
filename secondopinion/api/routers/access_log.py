"""The access log (NEN 7513): who accessed a patient's data, for the patient or a representative (R8)."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE
from secondopinion.audit.selectors import LOG_NOT_FOUND, AccessRow, access_events_for_patient, access_rows
from secondopinion.core.errors import NotFound

router = Router()


def _access_row_json(row: AccessRow) -> dict[str, Any]:
    event = row.event
    return {
        "at": row.at,
        "case_reference": row.case_reference or None,
        "organisation": row.organisation,
        "role": event.role,
        "role_label": str(row.role),
        "person": row.person,
        # The stored names, as the patient may see them (R6: not what stays between colleagues).
        "data": row.data_name,
        "data_label": str(row.data),
        "action": event.action,
        "action_label": str(row.action),
        "basis": row.basis_name,
        "basis_label": str(row.basis),
        "emergency": row.emergency,
    }


def _access_log(request: HttpRequest, patient_id: int, period: s.AccessLogQuery) -> dict[str, Any]:
    events = access_events_for_patient(
        user=actor(request), patient_id=patient_id, start=period.start, end=period.end, source=SOURCE
    )
    page = events[period.offset : period.offset + period.limit]
    return {"count": events.count(), "items": [_access_row_json(row) for row in access_rows(page)]}


@router.get(
    "/patients/me/access-log",
    auth=BearerToken("access-log:read"),
    response={200: s.AccessLogPage, **ERRORS},
    tags=["access log"],
    operation_id="secondopinion_api_urls_access_log_mine",
)
def access_log_mine(request: HttpRequest, period: Query[s.AccessLogQuery]) -> Any:
    """NEN 7513: who accessed my data, newest first, filterable by period (`from`, `to`)."""
    patient = getattr(actor(request), "patient", None)
    if patient is None:
        raise NotFound(LOG_NOT_FOUND)
    return _access_log(request, patient.pk, period)


@router.get(
    "/patients/{patient_id}/access-log",
    auth=BearerToken("access-log:read"),
    response={200: s.AccessLogPage, **ERRORS},
    tags=["access log"],
    operation_id="secondopinion_api_urls_access_log_for",
)
def access_log_for(
    request: HttpRequest, patient_id: Annotated[int, Path(ge=1, le=s.MAX_ID)], period: Query[s.AccessLogQuery]
) -> Any:
    """The same, for the patient or a representative whose consent is in force (R8)."""
    return _access_log(request, patient_id, period)
