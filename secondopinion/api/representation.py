"""The patient's representatives over the API (R8): who may act for me, and my consent to each.
Mounted on the project's API in api/urls.py; errors are problem+json like every other endpoint."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router, Schema

from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.fields import MAX_ID
from secondopinion.api.schemas import Problem
from secondopinion.directory.models import Representative
from secondopinion.directory.selectors import representations_of_patient
from secondopinion.directory.services import representation_consent_give, representation_consent_revoke

SOURCE = "api"
RepresentativeId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 422), Problem)

router = Router(tags=["representation"])


class RepresentativeOut(Schema):
    id: int
    name: str
    relation: str
    consent_in_force: bool
    consent_given_at: datetime | None
    consent_method: str
    consent_recorded_by: str
    consent_revoked_at: datetime | None


class ConsentDeclarationIn(Schema):
    """The patient's explicit declaration: I know that this person may act for me, and I agree."""

    confirmed: bool = False


def _out(row: Representative) -> dict[str, Any]:
    return {
        "id": row.pk,
        "name": str(row.user),
        "relation": row.relation,
        "consent_in_force": row.consent_in_force,
        "consent_given_at": row.consent_given_at,
        "consent_method": row.consent_method,
        "consent_recorded_by": row.consent_recorded_by_name,
        "consent_revoked_at": row.consent_revoked_at,
    }


@router.get(
    "/patients/me/representatives",
    auth=BearerToken("consents:read"),
    response={200: list[RepresentativeOut], **ERRORS},
)
def representatives_mine(request: HttpRequest) -> Any:
    """The people registered as my representatives, with my consent to each (the read is logged)."""
    _patient, rows = representations_of_patient(user=actor(request), source=SOURCE)
    return [_out(row) for row in rows]


@router.post(
    "/representatives/{representative_id}/consent",
    auth=BearerToken("consents:write"),
    response={200: RepresentativeOut, **ERRORS},
)
def representation_consent(
    request: HttpRequest, representative_id: RepresentativeId, payload: ConsentDeclarationIn
) -> Any:
    """The patient consents to this representative acting for them: `confirmed` must be true (R8, R18)."""
    row = representation_consent_give(
        actor=actor(request), representative_id=representative_id, source=SOURCE, confirmed=payload.confirmed
    )
    return _out(row)


@router.post(
    "/representatives/{representative_id}/consent/revoke",
    auth=BearerToken("consents:write"),
    response={200: RepresentativeOut, **ERRORS},
)
def representation_consent_revoke_endpoint(request: HttpRequest, representative_id: RepresentativeId) -> Any:
    """The patient revokes: from this moment the representative acts for them no more (R18)."""
    row = representation_consent_revoke(
        actor=actor(request), representative_id=representative_id, source=SOURCE
    )
    return _out(row)
