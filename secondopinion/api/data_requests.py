"""The API of data requests (R16, R18) and of a consent recorded from its signed form (R18)."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import File as FileParam
from ninja import Form, Path, Router, UploadedFile
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.cases import selectors
from secondopinion.consent.services import consent_record
from secondopinion.records.data_requests import (
    data_request_create,
    data_request_decline,
    data_request_fulfil,
    data_requests_of,
)
from secondopinion.records.models import DataRequest

SOURCE = "api"
CaseId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
RequestId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 413, 422), s.Problem)

router = Router()


def _request_json(request: DataRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "case_id": request.case_id,
        "addressed_to": request.addressed_to.name,
        "requested_by": str(request.requested_by),
        "kinds": list(request.kinds),
        "note": request.note,
        "state": request.state,
        "decline_reason": request.decline_reason,
        "consent_id": request.consent_id,
        "expires_at": request.expires_at,
        "reminders_sent": request.reminders_sent,
        "last_reminded_at": request.last_reminded_at,
        "document_ids": [document.pk for document in request.documents.all()],
        "created_at": request.created_at,
        "closed_at": request.closed_at,
    }


@router.get(
    "/cases/{case_id}/data-requests",
    auth=BearerToken("data-requests:read"),
    response={200: list[s.DataRequestOut], **ERRORS},
    tags=["data requests"],
)
def data_request_list(request: HttpRequest, case_id: CaseId) -> Any:
    """The case's requests for records, newest first, with their state, expiry and reminders."""
    case, _roles = selectors.case_get(
        user=actor(request), case_id=case_id, source=SOURCE, data="records_requests"
    )
    return [_request_json(r) for r in data_requests_of(case)]


@router.post(
    "/cases/{case_id}/data-requests",
    auth=BearerToken("data-requests:write"),
    response={201: s.DataRequestCreatedOut, **ERRORS},
    tags=["data requests"],
)
def data_request_add(request: HttpRequest, case_id: CaseId, payload: s.DataRequestIn) -> Any:
    """R16: ask the treating practitioner for records; only under the patient's consent in force
    (else 422 with R16/R18). The upload link is e-mailed, and returned here once."""
    created = data_request_create(
        actor=actor(request),
        case_id=case_id,
        kinds=payload.kinds,
        note=payload.note,
        email=payload.email,
        source=SOURCE,
    )
    return Reply(201, {**_request_json(created.request), "upload_link": created.link})


@router.post(
    "/data-requests/{request_id}/fulfil",
    auth=BearerToken("data-requests:write"),
    response={200: s.DataRequestOut, **ERRORS},
    tags=["data requests"],
)
def data_request_fulfil_endpoint(
    request: HttpRequest, request_id: RequestId, file: FileParam[list[UploadedFile]]
) -> Any:
    """The treating practitioner supplies the records (multipart, one or more `file`), while the
    request is open and the patient's consent is in force (R18)."""
    fulfilled = data_request_fulfil(actor=actor(request), request_id=request_id, uploads=file, source=SOURCE)
    return _request_json(fulfilled)


@router.post(
    "/data-requests/{request_id}/decline",
    auth=BearerToken("data-requests:write"),
    response={200: s.DataRequestOut, **ERRORS},
    tags=["data requests"],
)
def data_request_decline_endpoint(request: HttpRequest, request_id: RequestId, payload: s.DeclineIn) -> Any:
    """The treating practitioner declines the request, with a reason."""
    declined = data_request_decline(
        actor=actor(request), request_id=request_id, reason=payload.reason, source=SOURCE
    )
    return _request_json(declined)


@router.post(
    "/cases/{case_id}/consents/signed-form",
    auth=BearerToken("consents:write"),
    response={201: s.ConsentOut, **ERRORS},
    tags=["consent"],
)
def consent_signed_create(
    request: HttpRequest, case_id: CaseId, payload: Form[s.SignedConsentIn], file: FileParam[UploadedFile]
) -> Any:
    """R18: record a consent on the patient's behalf from the signed form (multipart: `purpose`,
    `given_by_name`, `scope`, `file`); the form is stored as a document of the case."""
    consent = consent_record(
        actor=actor(request),
        case_id=case_id,
        purpose=payload.purpose.value,
        method="signed_upload",
        given_by_name=payload.given_by_name,
        scope=payload.scope,
        signed_form=file,
        source=SOURCE,
    )
    fields = ("id", "purpose", "method", "given_by_name", "scope", "given_at", "revoked_at", "signed_form_id")
    return Reply(201, {name: getattr(consent, name) for name in fields})
