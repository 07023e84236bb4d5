"""Writes for a patient's invitations to a representative: the patient invites, revokes, and the
invitee accepts through the link; the accepted invitation is the patient's consent (R8). The link's
token and the answer to a dead link are the same as for staff (services.py)."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.models import (
    Patient,
    Representative,
)
from secondopinion.directory.services import (
    representation_consent_by_invitation,
    representation_consent_revoke,
)
from secondopinion.invitations.accepting import _new_user, invitation_by_token
from secondopinion.invitations.models import RepresentativeInvitation
from secondopinion.invitations.services import (
    INVALID_LINK,
    NO_SUCH_INVITATION,
    NOT_A_PATIENT,
    Created,
    _clean_email,
    _clean_name,
    _new_token,
    invitation_days,
    invitation_path,
)
from secondopinion.notifications.services import absolute_link, notification_queue


def patient_of(actor: User) -> Patient:
    patient = getattr(actor, "patient", None) if actor.is_active else None
    if patient is None:
        raise NotFound(NOT_A_PATIENT)
    return patient


@transaction.atomic
def representative_invite(
    *,
    actor: User,
    email: str,
    name: str,
    relation: str,
    case_id: int | None = None,
    source: str,
    language: str = "nl",
) -> Created:
    """The patient invites someone by e-mail to act for them (R8), for every case or for the one named."""
    patient = patient_of(actor)
    email, name = _clean_email(email), _clean_name(name)
    if relation not in Representative.Relation.values:
        raise InvalidInput(
            Text("Kies wat deze persoon van u is.", "Choose how this person is related to you."),
            field="relation",
        )
    case = None
    if case_id is not None:
        case = SecondOpinionCase.objects.filter(pk=case_id, patient=patient).first()
        if case is None:
            raise InvalidInput(
                Text("Kies een van uw eigen aanvragen, of alle.", "Choose one of your own requests, or all."),
                field="case_id",
            )
    if patient.user_id is not None and (actor.email or "").lower() == email.lower():
        raise InvalidInput(
            Text(
                "Dit is uw eigen e-mailadres. Nodig de persoon uit die u wilt laten optreden.",
                "This is your own e-mail address. Invite the person you want to act for you.",
            ),
            field="email",
        )
    token, digest = _new_token()
    now = timezone.now()
    invitation = RepresentativeInvitation.objects.create(
        patient=patient,
        email=email,
        name=name,
        relation=relation,
        case=case,
        token_hash=digest,
        invited_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(days=invitation_days()),
    )
    notification_queue(
        kind="representative_invitation",
        email=email,
        name=name,
        reference="",
        path=invitation_path(token),
        language=language,
        secret_link=True,
        sender=patient.name,
    )
    access_record(
        actor=actor,
        action="create",
        data="representation:invitation",
        source=source,
        role=Role.PATIENT,
        basis=Role.PATIENT,
        case=case,
        patient=patient,
    )
    return Created(invitation, absolute_link(invitation_path(token)))


@transaction.atomic
def representative_invitation_revoke(
    *, actor: User, invitation_id: int, source: str
) -> RepresentativeInvitation:
    """The patient ends it: an open invitation is withdrawn (its link opens nothing); an accepted one
    ends the representation it made, through the directory's revocation (R18), which also withdraws
    the reports sent to the representative."""
    patient = getattr(actor, "patient", None) if actor.is_active else None
    if patient is None:
        raise NotFound(NO_SUCH_INVITATION)
    invitation = (
        RepresentativeInvitation.objects.select_for_update().filter(pk=invitation_id, patient=patient).first()
    )
    if invitation is None:
        raise NotFound(NO_SUCH_INVITATION)
    if invitation.is_open:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        access_record(
            actor=actor,
            action="update",
            data="representation:invitation",
            source=source,
            role=Role.PATIENT,
            basis=Role.PATIENT,
            case=invitation.case,
            patient=patient,
        )
        return invitation
    representation = invitation.representation
    if invitation.accepted_at is None or representation is None or not representation.consent_given:
        raise TransitionNotAllowed(
            Text(
                "Deze uitnodiging is niet meer open en er is geen vertegenwoordiging van kracht om te beëindigen.",
                "This invitation is no longer open and there is no representation in force to end.",
            ),
            field="invitation",
        )
    representation_consent_revoke(actor=actor, representative_id=representation.pk, source=source)
    return invitation


@transaction.atomic
def representative_invitation_accept(
    *,
    token: str,
    user: User | None = None,
    username: str = "",
    password: str = "",
    source: str,
    language: str = "nl",
) -> tuple[User, Representative]:
    """The invitee accepts, logged in (`user`) or with a new account (`username`, `password`): the
    invitation the patient sent, accepted, is the patient's consent in force (R8), so the representative
    acts for the patient at once — for every case, or for the one the invitation names."""
    invitation = invitation_by_token(token, lock=True)
    if not isinstance(invitation, RepresentativeInvitation):
        raise NotFound(INVALID_LINK)
    if user is None:
        user = _new_user(
            username=username,
            email=invitation.email,
            name=invitation.name,
            password=password,
            language=language,
        )
    elif not user.is_active:
        raise NotFound(INVALID_LINK)
    if invitation.patient.user_id == user.pk:
        raise InvalidInput(
            Text(
                "U kunt niet uw eigen vertegenwoordiger zijn. Log uit, zodat de persoon die u uitnodigde "
                "de uitnodiging kan aannemen.",
                "You cannot be your own representative. Log out so that the person you invited can accept.",
            ),
            field="invitation",
        )
    representation = representation_consent_by_invitation(
        user=user, patient_id=invitation.patient_id, relation=invitation.relation, source=source
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.representation = representation
    invitation.save(update_fields=["accepted_at", "accepted_by", "representation"])
    access_record(
        actor=user,
        action="update",
        data="representation:invitation",
        source=source,
        role=Role.REPRESENTATIVE,
        basis=Role.REPRESENTATIVE,
        case=invitation.case,
        patient=invitation.patient,
        on_behalf_of=invitation.patient.name,
    )
    _tell_the_patient(invitation, user)
    return user, representation


def _tell_the_patient(invitation: RepresentativeInvitation, accepted_by: User) -> None:
    """The patient hears by e-mail who accepted: whoever opens the link can accept it, so an invitation
    sent to a mistyped address is noticed and can be ended at once."""
    patient = invitation.patient
    account = patient.user
    email = patient.email or (account.email if account is not None else "")
    name = accepted_by.get_full_name().strip() or invitation.name
    notification_queue(
        kind="representative_accepted",
        email=email,
        name=patient.name,
        reference="",
        path=reverse("web:representatives"),
        language=account.preferred_language if account is not None else "nl",
        recipient=account,
        sender=f"{name} ({accepted_by.email})" if accepted_by.email else name,
    )
