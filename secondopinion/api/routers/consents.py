"""Purpose-bound consents of a case (R18): list, record, revoke. A consent from a signed form
is in api/data_requests.py."""

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router
from ninja import Status as Reply

from secondopinion.api import schemas as s
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.cases import selectors
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record, consent_revoke

router = Router()


def _consent_json(consent: Consent) -> dict[str, Any]:
    fields = ("id", "purpose", "method", "given_by_name", "scope", "given_at", "revoked_at")
    return {name: getattr(consent, name) for name in fields}


@router.get(
    "/cases/{case_id}/consents",
    auth=BearerToken("consents:read"),
    response={200: list[s.ConsentOut], **ERRORS},
    tags=["consent"],
    operation_id="secondopinion_api_urls_consent_list",
)
def consent_list(request: HttpRequest, case_id: CaseId) -> Any:
    """The case's consents, in force and revoked (R18)."""
    case, _roles = selectors.case_get(user=actor(request), case_id=case_id, source=SOURCE, data="consents")
    return [_consent_json(c) for c in case.consents.all()]


@router.post(
    "/cases/{case_id}/consents",
    auth=BearerToken("consents:write"),
    response={201: s.ConsentOut, **ERRORS},
    tags=["consent"],
    operation_id="secondopinion_api_urls_consent_create",
)
def consent_create(request: HttpRequest, case_id: CaseId, payload: s.ConsentIn) -> Any:
    """Record a purpose-bound consent: the patient in the app, or staff from a signed form."""
    consent = consent_record(
        actor=actor(request),
        case_id=case_id,
        purpose=payload.purpose.value,
        method=payload.method.value,
        given_by_name=payload.given_by_name,
        scope=payload.scope,
        source=SOURCE,
    )
    return Reply(201, _consent_json(consent))


@router.post(
    "/cases/{case_id}/consents/{consent_id}/revoke",
    auth=BearerToken("consents:write"),
    response={200: s.ConsentOut, **ERRORS},
    tags=["consent"],
    operation_id="secondopinion_api_urls_consent_revoke_endpoint",
)
def consent_revoke_endpoint(
    request: HttpRequest, case_id: CaseId, consent_id: Annotated[int, Path(ge=1, le=s.MAX_ID)]
) -> Any:
    """Revoke a consent: it stops what it allowed from now on."""
    consent = consent_revoke(actor=actor(request), case_id=case_id, consent_id=consent_id, source=SOURCE)
    return _consent_json(consent)
