"""Writes for invitations: the only door. A coordinator invites, revokes, deactivates and reactivates
colleagues of their own organisation; a patient invites a representative and ends it; the invitee
accepts through the link (`/uitnodiging/<token>/`).

The link's token is 32 random bytes, sent once by e-mail (an outbox row, delivered after commit, the
link erased from the outbox once sent) and stored only as its SHA-256. A link that is unknown, used,
expired or revoked gets one answer (INVALID_LINK), so it says nothing about which it was.
"""

import datetime as dt
import hashlib
import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from secondopinion.access.policy import coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from secondopinion.core.text import Text
from secondopinion.directory.models import (
    Discipline,
    Organisation,
    Practitioner,
    StaffMember,
)
from secondopinion.directory.validators import validate_agb, validate_big
from secondopinion.invitations.models import RepresentativeInvitation, StaffInvitation
from secondopinion.notifications.services import absolute_link, notification_queue

INVALID_LINK = Text(
    "Deze uitnodiging is niet (meer) geldig. Vraag degene die u uitnodigde om een nieuwe uitnodiging.",
    "This invitation is not (or no longer) valid. Ask the person who invited you for a new invitation.",
)
NO_SUCH_ORGANISATION = Text("Deze organisatie bestaat niet.", "This organisation does not exist.")
NO_SUCH_INVITATION = Text("Deze uitnodiging bestaat niet.", "This invitation does not exist.")
NO_SUCH_COLLEAGUE = Text("Deze medewerker bestaat niet.", "This colleague does not exist.")
NOT_A_PATIENT = Text(
    "Alleen een patiënt nodigt een vertegenwoordiger uit.", "Only a patient invites a representative."
)


def invitation_days() -> int:
    """How long an invitation link is valid (TM_INVITATION_DAYS, 7 days by default)."""
    configured = getattr(settings, "TM_INVITATION_DAYS", None)
    return int(configured if configured is not None else os.environ.get("TM_INVITATION_DAYS", "7"))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def invitation_path(token: str) -> str:
    return reverse("web:invitation-accept", kwargs={"token": token})


@dataclass(frozen=True)
class Created:
    """A new invitation and its link, with the plain token: returned once, never stored."""

    invitation: StaffInvitation | RepresentativeInvitation
    link: str


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            Text("Vul een geldig e-mailadres in.", "Enter a valid e-mail address."), field="email"
        ) from None
    return email


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(Text("Vul de naam in.", "Enter the name."), field="name")
    if len(name) > 200:
        raise InvalidInput(
            Text("Een naam heeft hoogstens 200 tekens.", "A name has at most 200 characters."), field="name"
        )
    return name


# -- staff ------------------------------------------------------------------------------------------


def coordinated_organisation(actor: User, organisation_id: int | None) -> Organisation:
    """The organisation the actor coordinates for: the one named, or their only one. Any other
    organisation — and any organisation for someone who coordinates nowhere — does not exist.

    An administrator (superuser) who adds an organisation to the directory invites its first
    coordinator: for them every organisation they name exists."""
    organisations = coordinator_organisations(actor) if actor.is_active else set()
    if actor.is_active and actor.is_superuser and organisation_id is not None:
        found = Organisation.objects.filter(pk=organisation_id).first()
        if found is None:
            raise NotFound(NO_SUCH_ORGANISATION)
        return found
    if organisation_id is None:
        if len(organisations) > 1:
            raise InvalidInput(
                Text(
                    "U coördineert voor meer dan één organisatie: kies de organisatie.",
                    "You coordinate for more than one organisation: choose the organisation.",
                ),
                field="organisation_id",
            )
        organisation_id = next(iter(organisations), None)
    if organisation_id is None or organisation_id not in organisations:
        raise NotFound(NO_SUCH_ORGANISATION)
    return Organisation.objects.get(pk=organisation_id)


def _giver_fields(
    discipline: str, specialism: str, agb_code: str, big_number: str
) -> tuple[str, str, str, str]:
    if discipline not in Discipline.values:
        raise InvalidInput(
            Text("Kies het vakgebied van de second opinion-gever.", "Choose the giver's discipline."),
            field="discipline",
        )
    specialism = " ".join((specialism or "").split())
    if discipline == Discipline.MEDICAL_SPECIALIST and not specialism:
        raise InvalidInput(
            Text(
                "Vul het specialisme in: zonder specialisme kan de onafhankelijkheid niet worden "
                "getoetst (R10).",
                "Enter the specialism: without it independence cannot be checked (R10).",
            ),
            field="specialism",
        )
    agb_code, big_number = (agb_code or "").strip(), (big_number or "").strip()
    try:
        validate_agb(agb_code)
    except ValidationError:
        raise InvalidInput(
            Text(
                "Vul de AGB-code van de gever in: precies 8 cijfers.",
                "Enter the giver's AGB code: exactly 8 digits.",
            ),
            field="agb_code",
        ) from None
    if Practitioner.objects.filter(agb_code=agb_code).exists():
        raise InvalidInput(
            Text("Deze AGB-code staat al in de registratie.", "This AGB code is already in the directory."),
            field="agb_code",
        )
    if big_number:
        try:
            validate_big(big_number)
        except ValidationError:
            raise InvalidInput(
                Text("Een BIG-nummer heeft precies 11 cijfers.", "A BIG number has exactly 11 digits."),
                field="big_number",
            ) from None
        if Practitioner.objects.filter(big_number=big_number).exists():
            raise InvalidInput(
                Text(
                    "Dit BIG-nummer staat al in de registratie.",
                    "This BIG number is already in the directory.",
                ),
                field="big_number",
            )
    return discipline, specialism[:100], agb_code, big_number


@transaction.atomic
def staff_invite(
    *,
    actor: User,
    email: str,
    name: str,
    function: str,
    organisation_id: int | None = None,
    discipline: str = "",
    specialism: str = "",
    agb_code: str = "",
    big_number: str = "",
    language: str = "nl",
) -> Created:
    """A coordinator invites a colleague of their own organisation by e-mail."""
    organisation = coordinated_organisation(actor, organisation_id)
    email, name = _clean_email(email), _clean_name(name)
    if function not in StaffInvitation.Function.values:
        raise InvalidInput(
            Text(
                "Kies de functie: second opinion-gever, coördinator of klachtenfunctionaris.",
                "Choose the function: second-opinion giver, coordinator or complaints officer.",
            ),
            field="function",
        )
    if function == StaffInvitation.Function.GIVER:
        discipline, specialism, agb_code, big_number = _giver_fields(
            discipline, specialism, agb_code, big_number
        )
    else:
        discipline = specialism = agb_code = big_number = ""
    open_already = StaffInvitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if open_already.exists():
        raise InvalidInput(
            Text(
                "Er staat al een uitnodiging open voor dit e-mailadres. Trek die eerst in.",
                "An invitation to this e-mail address is already open. Revoke it first.",
            ),
            field="email",
        )
    token, digest = _new_token()
    now = timezone.now()
    invitation = StaffInvitation.objects.create(
        organisation=organisation,
        email=email,
        name=name,
        function=function,
        discipline=discipline,
        specialism=specialism,
        agb_code=agb_code,
        big_number=big_number,
        token_hash=digest,
        invited_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(days=invitation_days()),
    )
    notification_queue(
        kind="staff_invitation_admin" if invitation.by_administrator else "staff_invitation",
        email=email,
        name=name,
        reference=organisation.name,
        path=invitation_path(token),
        language=language,
        secret_link=True,
        sender=invitation.inviter_name,
    )
    return Created(invitation, absolute_link(invitation_path(token)))


def _staff_invitation_for(actor: User, invitation_id: int) -> StaffInvitation:
    organisations = coordinator_organisations(actor) if actor.is_active else set()
    invitation = (
        StaffInvitation.objects.select_for_update()
        .filter(pk=invitation_id, organisation_id__in=organisations)
        .first()
    )
    if invitation is None:
        raise NotFound(NO_SUCH_INVITATION)
    return invitation


@transaction.atomic
def staff_invitation_revoke(*, actor: User, invitation_id: int) -> StaffInvitation:
    """The coordinator withdraws an open invitation: its link opens nothing from now on."""
    invitation = _staff_invitation_for(actor, invitation_id)
    if not invitation.is_open:
        raise TransitionNotAllowed(
            Text(
                "Alleen een openstaande uitnodiging kan worden ingetrokken.",
                "Only an open invitation can be revoked.",
            ),
            field="invitation",
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def colleague_user_ids(organisation_ids: set[int]) -> set[int]:
    """The users who work at these organisations: staff members, and practitioners who are in the
    organisation or hold an affiliation with it."""
    staff = StaffMember.objects.filter(organisation_id__in=organisation_ids).values_list("user_id", flat=True)
    practitioners = Practitioner.objects.filter(
        Q(organisation_id__in=organisation_ids) | Q(affiliations__organisation_id__in=organisation_ids),
        user__isnull=False,
    ).values_list("user_id", flat=True)
    return set(staff) | {pk for pk in practitioners if pk is not None}


def _colleague_for(actor: User, user_id: int) -> User:
    organisations = coordinator_organisations(actor) if actor.is_active else set()
    if not organisations or user_id not in colleague_user_ids(organisations):
        raise NotFound(NO_SUCH_COLLEAGUE)
    return User.objects.select_for_update().get(pk=user_id)


def _set_active(actor: User, user_id: int, active: bool) -> User:
    colleague = _colleague_for(actor, user_id)
    if colleague.pk == actor.pk:
        raise InvalidInput(
            Text("U kunt uzelf niet deactiveren.", "You cannot deactivate yourself."), field="user_id"
        )
    if colleague.is_superuser and not actor.is_superuser:
        raise NotFound(NO_SUCH_COLLEAGUE)
    if colleague.is_active != active:
        colleague.is_active = active
        colleague.save(update_fields=["is_active"])
    return colleague


@transaction.atomic
def staff_deactivate(*, actor: User, user_id: int) -> User:
    """The colleague can no longer log in, their API tokens and sessions stop working (both require an
    active user), and a deactivated giver is no longer offered or assignable (directory/independence.py,
    cases/steps.py). Nothing is deleted: their cases and access-log entries keep their name."""
    return _set_active(actor, user_id, False)


@transaction.atomic
def staff_reactivate(*, actor: User, user_id: int) -> User:
    return _set_active(actor, user_id, True)


# -- representatives --------------------------------------------------------------------------------
