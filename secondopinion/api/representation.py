"""The patient's representatives over the API (R8): who may act for me, and my consent to each.
Mounted on the project's API in api/urls.py; errors are problem+json like every other endpoint."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router

from secondopinion.access import representation as rule
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.fields import MAX_ID, Answer, Schema
from secondopinion.api.schemas import Problem
from secondopinion.directory.authority import authority_revoke, authority_verify
from secondopinion.directory.models import Representative
from secondopinion.directory.selectors import representations_of_patient
from secondopinion.directory.services import representation_consent_give, representation_consent_revoke

SOURCE = "api"
RepresentativeId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 422), Problem)

router = Router(tags=["representation"])


class RepresentativeOut(Answer):
    id: int
    name: str
    relation: str
    consent_in_force: bool
    consent_given_at: datetime | None
    consent_method: str
    consent_recorded_by: str
    consent_revoked_at: datetime | None
    # R8 and the WGBO (access/representation.py): what the representation in force rests on
    # ("patient_consent", "parental_authority" or "both"; null when not in force), and the practice's
    # check of a parent's or guardian's authority.
    basis: str | None
    authority_verified: bool
    authority_verified_at: datetime | None
    authority_verified_by: str
    authority_evidence: str
    authority_evidence_note: str
    authority_revoked_at: datetime | None


class AuthorityCheckIn(Schema):
    """The coordinator's record of having checked a parent's authority or a guardianship."""

    evidence: str = ""
    note: str = ""
    confirmed: bool = False


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
        "basis": rule.basis(row),
        "authority_verified": rule.authority_verified(row),
        "authority_verified_at": row.authority_verified_at,
        "authority_verified_by": row.authority_verified_by_name,
        "authority_evidence": row.authority_evidence,
        "authority_evidence_note": row.authority_evidence_note,
        "authority_revoked_at": row.authority_revoked_at,
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


@router.post(
    "/representatives/{representative_id}/authority",
    auth=BearerToken("consents:write"),
    response={200: RepresentativeOut, **ERRORS},
)
def representation_authority(
    request: HttpRequest, representative_id: RepresentativeId, payload: AuthorityCheckIn
) -> Any:
    """The coordinator records having checked the parental authority or guardianship of a parent or
    guardian of a child under 16 (R8, WGBO): `evidence` one of gezagsregister, birth_certificate,
    court_decision, other (then `note` says which document), `confirmed` true. Only a coordinator of an
    organisation where the patient has a case; anyone else finds no such representative (404)."""
    row = authority_verify(
        actor=actor(request),
        representative_id=representative_id,
        evidence=payload.evidence,
        note=payload.note,
        confirmed=payload.confirmed,
        source=SOURCE,
    )
    return _out(row)


@router.post(
    "/representatives/{representative_id}/authority/revoke",
    auth=BearerToken("consents:write"),
    response={200: RepresentativeOut, **ERRORS},
)
def representation_authority_revoke(request: HttpRequest, representative_id: RepresentativeId) -> Any:
    """The coordinator withdraws the check of the authority; from now on the parent acts only where the
    rule allows without it."""
    row = authority_revoke(actor=actor(request), representative_id=representative_id, source=SOURCE)
    return _out(row)
