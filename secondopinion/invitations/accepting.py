"""Accepting a staff invitation: the invitee's account made from the invitation, with a password and (for practitioners) the directory entry; a used, revoked or expired token finds nothing."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.core.errors import InvalidInput, NotFound
from secondopinion.core.text import Text
from secondopinion.directory.models import (
    Affiliation,
    Practitioner,
    StaffMember,
)
from secondopinion.invitations.models import RepresentativeInvitation, StaffInvitation
from secondopinion.invitations.services import INVALID_LINK, token_hash

# -- accepting --------------------------------------------------------------------------------------


# What the link's page shows beside the invitation, read in the same query: the organisation and who
# invited (a staff invitation), the patient and the one case named (a representative invitation).
SHOWN: dict[type[StaffInvitation | RepresentativeInvitation], tuple[str, ...]] = {
    StaffInvitation: ("organisation", "invited_by__practitioner"),
    RepresentativeInvitation: ("patient", "case"),
}


def invitation_by_token(token: str, *, lock: bool = False) -> StaffInvitation | RepresentativeInvitation:
    """The open invitation behind a link; INVALID_LINK (404) for anything else. Unlocked (the page),
    with what the page shows; locked (accepting), the invitation's row alone."""
    if not token or len(token) > 100:
        raise NotFound(INVALID_LINK)
    digest = token_hash(token)
    for model in (StaffInvitation, RepresentativeInvitation):
        query = model.objects.select_for_update() if lock else model.objects.select_related(*SHOWN[model])
        found = query.filter(token_hash=digest).first()
        if found is not None:
            if not found.is_open:
                raise NotFound(INVALID_LINK)
            return found
    raise NotFound(INVALID_LINK)


def _new_user(*, username: str, email: str, name: str, password: str, language: str) -> User:
    username = (username or "").strip() or email
    if len(username) > 150:
        raise InvalidInput(
            Text("Een gebruikersnaam heeft hoogstens 150 tekens.", "A username has at most 150 characters."),
            field="username",
        )
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(
            Text(
                "Deze gebruikersnaam is al in gebruik. Kies een andere.",
                "This username is taken. Choose another.",
            ),
            field="username",
        )
    first, _, last = name.partition(" ")
    user = User(
        username=username,
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        preferred_language=language if language in ("nl", "en") else "nl",
    )
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise InvalidInput(
            Text(
                "Een gebruikersnaam bestaat uit letters, cijfers en @ . + - _",
                "A username consists of letters, digits and @ . + - _",
            ),
            field="username",
        ) from exc
    try:
        validate_password(password, user)
    except ValidationError as exc:
        detail = " ".join(str(m) for m in exc.messages)
        raise InvalidInput(Text(detail, detail), field="password") from exc
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def staff_invitation_accept(*, token: str, username: str, password: str, language: str = "nl") -> User:
    """The colleague sets a username (or takes the e-mail address) and a password: the user is made,
    with their place in the organisation (a giver: a practitioner affiliated with it, from today; a
    coordinator or complaints officer: a staff member). The second factor is set up next, at the first
    login (the enrolment page)."""
    invitation = invitation_by_token(token, lock=True)
    if not isinstance(invitation, StaffInvitation):
        raise NotFound(INVALID_LINK)
    user = _new_user(
        username=username, email=invitation.email, name=invitation.name, password=password, language=language
    )
    if invitation.function == StaffInvitation.Function.GIVER:
        practitioner = Practitioner(
            user=user,
            name=invitation.name,
            discipline=invitation.discipline,
            specialism=invitation.specialism,
            agb_code=invitation.agb_code,
            big_number=invitation.big_number or None,
            organisation=invitation.organisation,
        )
        try:
            practitioner.full_clean()
            with transaction.atomic():
                practitioner.save()
        except (ValidationError, IntegrityError) as exc:
            raise InvalidInput(
                Text(
                    "De AGB-code of het BIG-nummer van deze uitnodiging staat inmiddels al in de registratie. "
                    "Vraag de coördinator om een nieuwe uitnodiging.",
                    "The AGB code or BIG number of this invitation is in the directory by now. Ask the "
                    "coordinator for a new invitation.",
                ),
                field="agb_code",
            ) from exc
        Affiliation.objects.create(
            practitioner=practitioner, organisation=invitation.organisation, start=timezone.localdate()
        )
    else:
        StaffMember.objects.create(
            user=user, organisation=invitation.organisation, function=invitation.function
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user
