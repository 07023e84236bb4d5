"""Invitations over the API: a coordinator invites colleagues of their organisation and deactivates
or reactivates them (`staff:read`, `staff:write`); a patient invites a representative and ends it
(`consents:read`, `consents:write`). An invited colleague accepts with the link's token and a password
(POST /staff/invitations/accept, no token needed) and gets the authenticator secret to confirm with a
code (POST /auth/otp/confirm); a representative accepts on the web. An organisation the caller does
not coordinate for, and anything of it, is 404."""

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from django.db import transaction
from django.http import HttpRequest
from ninja import Path, Query, Router
from ninja import Status as Reply
from pydantic import Field

from secondopinion.accounts.second_factor import pending_device, second_factor_required
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.fields import MAX_ID, SHORT, Answer, Schema, VisibleText
from secondopinion.api.routers.auth import EnrolmentOut, enrolment
from secondopinion.api.schemas import Problem
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import security_record
from secondopinion.core.errors import NotFound
from secondopinion.directory.models import Discipline, Representative
from secondopinion.invitations.accepting import staff_invitation_accept
from secondopinion.invitations.models import RepresentativeInvitation, StaffInvitation
from secondopinion.invitations.representation import representative_invitation_revoke, representative_invite
from secondopinion.invitations.selectors import (
    Colleague,
    representative_invitations_of_patient,
    staff_invitations_of_organisation,
    staff_of_organisation,
)
from secondopinion.invitations.services import (
    INVALID_LINK,
    staff_deactivate,
    staff_invitation_revoke,
    staff_invite,
    staff_reactivate,
)

SOURCE = "api"
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 422), Problem)

router = Router(tags=["invitations"])

StaffFunction = Literal["giver", "coordinator", "complaints_officer"]
Relation = Literal["partner", "parent", "child", "family", "guardian", "other"]
assert set(StaffFunction.__args__) == set(StaffInvitation.Function.values)  # type: ignore[attr-defined]
assert set(Relation.__args__) == set(Representative.Relation.values)  # type: ignore[attr-defined]
DisciplineCode = StrEnum("DisciplineCode", {code: code for code in Discipline.values})  # type: ignore[misc]


class StaffInvitationIn(Schema):
    email: str = Field(min_length=3, max_length=254)
    name: VisibleText = Field(min_length=1, max_length=SHORT)
    function: StaffFunction
    organisation_id: int | None = Field(
        None, gt=0, le=MAX_ID, description="Needed only when you coordinate for more than one organisation."
    )
    discipline: DisciplineCode | None = Field(None, description="For a giver: the directory's discipline.")
    specialism: str = Field("", max_length=100, description="For a medical specialist (R10).")
    agb_code: str = Field("", max_length=8, description="For a giver: 8 digits.")
    big_number: str = Field("", max_length=11, description="Optional: 11 digits.")
    language: Literal["nl", "en"] = "nl"


class StaffInvitationOut(Answer):
    id: int
    organisation_id: int
    name: str
    email: str
    function: str
    discipline: str
    specialism: str
    state: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class StaffInvitationCreated(StaffInvitationOut):
    link: str = Field(description="The invitation link, also sent by e-mail; returned once, never stored.")


class StaffInvitationAcceptIn(Schema):
    token: str = Field(
        min_length=1, max_length=100, description="The token at the end of the invitation link."
    )
    username: str = Field(
        "", max_length=150, description="Empty: the invited e-mail address is the username."
    )
    password: str = Field(
        min_length=1, max_length=SHORT, description="Checked by the password rules (length, not common)."
    )
    language: Literal["nl", "en"] = "nl"


class StaffInvitationAccepted(Answer):
    user_id: int
    username: str
    organisation_id: int
    function: str
    practitioner_id: int | None
    enrolment: EnrolmentOut | None = Field(
        description="The authenticator app to set up and confirm with POST /auth/otp/confirm before the "
        "first token; null where no second factor is asked."
    )


class StaffMemberOut(Answer):
    user_id: int
    name: str
    username: str
    functions: list[str]
    practitioner_id: int | None
    active: bool


class RepresentativeInvitationIn(Schema):
    email: str = Field(min_length=3, max_length=254)
    name: VisibleText = Field(min_length=1, max_length=SHORT)
    relation: Relation
    case_id: int | None = Field(None, gt=0, le=MAX_ID, description="One of my cases; empty for all of them.")
    language: Literal["nl", "en"] = "nl"


class RepresentativeInvitationOut(Answer):
    id: int
    name: str
    email: str
    relation: str
    case_id: int | None
    state: str
    representative_id: int | None
    representation_in_force: bool
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class RepresentativeInvitationCreated(RepresentativeInvitationOut):
    link: str = Field(description="The invitation link, also sent by e-mail; returned once, never stored.")


def _staff_invitation(row: StaffInvitation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "organisation_id": row.organisation_id,
        "name": row.name,
        "email": row.email,
        "function": row.function,
        "discipline": row.discipline,
        "specialism": row.specialism,
        "state": row.state,
        "created_at": row.created_at,
        "expires_at": row.expires_at,
        "accepted_at": row.accepted_at,
        "revoked_at": row.revoked_at,
    }


def _colleague(row: Colleague) -> dict[str, Any]:
    return {
        "user_id": row.user.pk,
        "name": str(row.user),
        "username": row.user.username,
        "functions": list(row.functions),
        "practitioner_id": row.practitioner.pk if row.practitioner is not None else None,
        "active": row.user.is_active,
    }


def _representative_invitation(row: RepresentativeInvitation) -> dict[str, Any]:
    representation = row.representation
    return {
        "id": row.pk,
        "name": row.name,
        "email": row.email,
        "relation": row.relation,
        "case_id": row.case_id,
        "state": row.state,
        "representative_id": row.representation_id,
        "representation_in_force": bool(representation is not None and representation.consent_in_force),
        "created_at": row.created_at,
        "expires_at": row.expires_at,
        "accepted_at": row.accepted_at,
        "revoked_at": row.revoked_at,
    }


class OrganisationQuery(Schema):
    organisation_id: int | None = Field(None, gt=0, le=MAX_ID)


@router.post(
    "/staff/invitations",
    auth=BearerToken("staff:write"),
    response={201: StaffInvitationCreated, **ERRORS},
)
def staff_invitation_create(request: HttpRequest, payload: StaffInvitationIn) -> Any:
    """Invite a colleague of your organisation by e-mail: a giver (with discipline and AGB code), a
    coordinator or a complaints officer. The link works once and expires after TM_INVITATION_DAYS."""
    created = staff_invite(
        actor=actor(request),
        organisation_id=payload.organisation_id,
        email=str(payload.email),
        name=payload.name,
        function=payload.function,
        discipline=payload.discipline.value if payload.discipline else "",
        specialism=payload.specialism,
        agb_code=payload.agb_code,
        big_number=payload.big_number,
        language=payload.language,
    )
    assert isinstance(created.invitation, StaffInvitation)
    return Reply(201, {**_staff_invitation(created.invitation), "link": created.link})


@router.post(
    "/staff/invitations/accept",
    auth=None,
    response={201: StaffInvitationAccepted, **ERRORS},
)
def staff_invitation_accept_endpoint(request: HttpRequest, payload: StaffInvitationAcceptIn) -> Any:
    """Accept a staff invitation with the token from its link: choose a username (or keep the e-mail
    address) and a password. The account is made with its place in the organisation, and the answer
    holds the authenticator secret to confirm with POST /auth/otp/confirm; then POST /auth/token. A
    link that is unknown, used, expired or revoked gets one 404, recorded as a refused attempt."""
    try:
        with transaction.atomic():
            user = staff_invitation_accept(
                token=payload.token,
                username=payload.username,
                password=payload.password,
                language=payload.language,
            )
            device = pending_device(user) if second_factor_required(user) else None
    except NotFound as exc:
        if exc.detail is INVALID_LINK:
            security_record(request, SecurityEvent.Kind.NOT_FOUND, detail=INVALID_LINK.en)
        raise
    invitation = StaffInvitation.objects.get(accepted_by=user)
    practitioner = getattr(user, "practitioner", None)
    return Reply(
        201,
        {
            "user_id": user.pk,
            "username": user.username,
            "organisation_id": invitation.organisation_id,
            "function": invitation.function,
            "practitioner_id": practitioner.pk if practitioner is not None else None,
            "enrolment": enrolment(device) if device is not None else None,
        },
    )


@router.get(
    "/staff/invitations",
    auth=BearerToken("staff:read"),
    response={200: list[StaffInvitationOut], **ERRORS},
)
def staff_invitation_list(request: HttpRequest, query: Query[OrganisationQuery]) -> Any:
    """The invitations of your organisation, newest first, with their state."""
    _organisation, rows = staff_invitations_of_organisation(
        actor=actor(request), organisation_id=query.organisation_id
    )
    return [_staff_invitation(row) for row in rows]


@router.post(
    "/staff/invitations/{invitation_id}/revoke",
    auth=BearerToken("staff:write"),
    response={200: StaffInvitationOut, **ERRORS},
)
def staff_invitation_revoke_endpoint(request: HttpRequest, invitation_id: Id) -> Any:
    """Withdraw an open invitation: its link opens nothing from now on."""
    return _staff_invitation(staff_invitation_revoke(actor=actor(request), invitation_id=invitation_id))


@router.get("/staff", auth=BearerToken("staff:read"), response={200: list[StaffMemberOut], **ERRORS})
def staff_list(request: HttpRequest, query: Query[OrganisationQuery]) -> Any:
    """Everyone who works at your organisation, active or deactivated."""
    _organisation, rows = staff_of_organisation(actor=actor(request), organisation_id=query.organisation_id)
    return [_colleague(row) for row in rows]


@router.post(
    "/staff/{user_id}/deactivate", auth=BearerToken("staff:write"), response={200: StaffMemberOut, **ERRORS}
)
def staff_deactivate_endpoint(request: HttpRequest, user_id: Id) -> Any:
    """The colleague can no longer log in; their tokens stop working; a giver is no longer offered."""
    return _one_colleague(request, staff_deactivate(actor=actor(request), user_id=user_id).pk)


@router.post(
    "/staff/{user_id}/reactivate", auth=BearerToken("staff:write"), response={200: StaffMemberOut, **ERRORS}
)
def staff_reactivate_endpoint(request: HttpRequest, user_id: Id) -> Any:
    """The colleague can log in again (with a new token)."""
    return _one_colleague(request, staff_reactivate(actor=actor(request), user_id=user_id).pk)


def _one_colleague(request: HttpRequest, user_id: int) -> dict[str, Any]:
    from secondopinion.access.policy import coordinator_organisations

    for organisation_id in sorted(coordinator_organisations(actor(request))):
        _organisation, rows = staff_of_organisation(actor=actor(request), organisation_id=organisation_id)
        for row in rows:
            if row.user.pk == user_id:
                return _colleague(row)
    raise AssertionError("the service found the colleague")


@router.post(
    "/representatives/invitations",
    auth=BearerToken("consents:write"),
    response={201: RepresentativeInvitationCreated, **ERRORS},
)
def representative_invitation_create(request: HttpRequest, payload: RepresentativeInvitationIn) -> Any:
    """Invite someone by e-mail to act for you (R8), for all your cases or one: their acceptance is
    your consent, in force at once."""
    created = representative_invite(
        actor=actor(request),
        email=str(payload.email),
        name=payload.name,
        relation=payload.relation,
        case_id=payload.case_id,
        source=SOURCE,
        language=payload.language,
    )
    assert isinstance(created.invitation, RepresentativeInvitation)
    return Reply(201, {**_representative_invitation(created.invitation), "link": created.link})


@router.get(
    "/representatives/invitations",
    auth=BearerToken("consents:read"),
    response={200: list[RepresentativeInvitationOut], **ERRORS},
)
def representative_invitation_list(request: HttpRequest) -> Any:
    """The invitations you sent, newest first (the read is logged)."""
    rows = representative_invitations_of_patient(actor=actor(request), source=SOURCE)
    return [_representative_invitation(row) for row in rows]


@router.post(
    "/representatives/invitations/{representative_invitation_id}/revoke",
    auth=BearerToken("consents:write"),
    response={200: RepresentativeInvitationOut, **ERRORS},
)
def representative_invitation_revoke_endpoint(request: HttpRequest, representative_invitation_id: Id) -> Any:
    """End it: an open invitation is withdrawn; an accepted one ends the representation (R18)."""
    row = representative_invitation_revoke(
        actor=actor(request), invitation_id=representative_invitation_id, source=SOURCE
    )
    row.refresh_from_db()
    return _representative_invitation(row)
