"""Owing someone an e-mail, and telling each person what is new in the product. Called by other
services inside their own transaction."""

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondopinion.access.permissions import PATIENT_SIDE, Action, permitted
from secondopinion.access.policy import case_staff_q, roles_for
from secondopinion.access.representation import in_force_q as representation_in_force_q
from secondopinion.core.errors import InvalidInput, NotFound
from secondopinion.core.text import Text
from secondopinion.notifications.messages import NOTICES
from secondopinion.notifications.models import Alert, Notification, Preference
from secondopinion.notifications.tasks import deliver_notification

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase

NO_ADDRESS = "not sent: no e-mail address"
LANGUAGES = ("nl", "en")
ALERT_NOT_FOUND = Text(
    "Deze melding bestaat niet of is niet voor u.", "This notification does not exist or is not for you."
)


def absolute_link(path: str) -> str:
    """A link into the product for an e-mail: the site's public address (TM_SITE_URL) and a path."""
    return urljoin(settings.TM_SITE_URL.rstrip("/") + "/", path.lstrip("/"))


def notification_queue(
    *,
    kind: str,
    email: str,
    name: str,
    reference: str,
    path: str,
    language: str | None = None,
    recipient=None,
    secret_link: bool = False,
    sender: str = "",
) -> Notification | None:
    """Write the notification row now and deliver it after commit. Without an address there is nobody to
    tell by e-mail: the news waits in the product, and None says so. A `secret_link` (one that grants
    access by itself) is erased from the outbox once the mail is sent. `sender`: the display name of
    the person the message names as its sender (an invitation's inviter). `language`: when not given,
    the recipient's account's own (a giver told of records received), else Dutch."""
    if kind not in NOTICES:
        raise ValueError(f"unknown notification kind {kind!r}")
    if not email:
        return None
    if language is None:
        language = recipient.preferred_language if recipient is not None else "nl"
    notification = Notification.objects.create(
        kind=kind,
        recipient=recipient,
        email=email,
        name=name[:200],
        language=language if language in ("nl", "en") else "nl",
        reference=reference,
        link=absolute_link(path),
        secret_link=secret_link,
        sender=sender[:200],
    )
    transaction.on_commit(lambda: deliver_notification.enqueue(notification.pk))
    return notification


# -- What is new: the in-product list and its e-mails ---------------------------------------------

# Who the e-mail is for, at which address, by which name; `user` None for a patient without an account.
Recipient = tuple["User | None", str, str]


def _case_people(case: "SecondOpinionCase") -> list["User"]:
    """Everyone who holds a role towards `case`, as access/policy.py decides it (roles_for): the
    patient, representatives, giver, referrer, treating practitioner where R23 lets the report reach
    him, the handling organisation's coordinators, and the complaints officers of an organisation that
    received a complaint about the case. The staff follow from their staff rows (case_staff_q, the
    condition roles_for applies); the few others are asked one by one, so a revoked representation or an
    undisclosed treating practitioner gets nothing."""
    from secondopinion.directory.models import Representative, StaffMember

    staff = {
        member.user.pk: member.user
        for member in StaffMember.objects.filter(case_staff_q(case), user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    }
    candidates: dict[int, User] = {}
    for practitioner in (case.giver, case.referrer, case.treating_practitioner):
        if practitioner is not None and practitioner.user is not None:
            candidates[practitioner.user.pk] = practitioner.user
    patient_user = case.patient.user
    if patient_user is not None:
        candidates[patient_user.pk] = patient_user
    for representative in Representative.objects.filter(
        representation_in_force_q(), patient_id=case.patient_id
    ).select_related("user"):
        candidates[representative.user_id] = representative.user
    related = {pk: user for pk, user in candidates.items() if pk not in staff and roles_for(user, case)}
    return [*related.values(), *staff.values()]


def _address(user: "User", case: "SecondOpinionCase") -> str:
    """The patient's address on the patient record first (where the practice keeps it), else the account's."""
    if case.patient.user_id == user.pk and case.patient.email:
        return case.patient.email
    return user.email


def _tell(
    *,
    case: "SecondOpinionCase",
    actor: "User",
    people: list["User"],
    kind: str,
    status: str = "",
) -> list[Alert]:
    """An entry in each person's list but the actor's, and the e-mail each one's preference asks for;
    a patient without an account (the practice registered them) gets the e-mail only."""
    people = [user for user in people if user.pk != actor.pk and user.is_active]
    alerts = Alert.objects.bulk_create(
        [Alert(recipient=user, case=case, kind=kind, status=status) for user in people]
    )
    wants = {
        p.user_id: p.email_status if kind == Alert.Kind.STATUS else p.email_messages
        for p in Preference.objects.filter(user__in=people)
    }
    recipients: list[Recipient] = [
        (user, _address(user, case), str(user)) for user in people if wants.get(user.pk, True)
    ]
    patient = case.patient
    if patient.user_id is None and patient.email:
        recipients.append((None, patient.email, patient.name))
    _mail(case, "status_changed" if kind == Alert.Kind.STATUS else "new_message", recipients)
    return alerts


def _mail(case: "SecondOpinionCase", kind: str, recipients: list[Recipient]) -> None:
    """Queue one e-mail per address; an account without an address gets a row that says so."""
    path = reverse("web:case", kwargs={"case_id": case.pk})
    seen: set[str] = set()
    for user, email, name in recipients:
        language = user.preferred_language if user is not None else "nl"
        if not email:
            Notification.objects.create(
                kind=kind,
                recipient=user,
                email="",
                name=name[:200],
                language=language if language in ("nl", "en") else "nl",
                reference=case.reference,
                link=absolute_link(path),
                state=Notification.State.NO_ADDRESS,
                error=NO_ADDRESS,
            )
            continue
        if email in seen:
            continue
        seen.add(email)
        notification_queue(
            kind=kind,
            email=email,
            name=name,
            reference=case.reference,
            path=path,
            language=language,
            recipient=user,
        )


def case_status_notify(*, case: "SecondOpinionCase", actor: "User", status: str) -> list[Alert]:
    """A case reached `status`: everyone holding a role in it learns so, in the list and by e-mail.
    Called by cases.services.case_transition inside its transaction."""
    return _tell(case=case, actor=actor, people=_case_people(case), kind=Alert.Kind.STATUS, status=status)


def case_message_notify(*, case: "SecondOpinionCase", actor: "User") -> list[Alert]:
    """A message in the case's thread: everyone else who takes part in it (access/permissions.py,
    Action.MESSAGE: the patient's side and the coordinators) learns so. Called by
    aftercare.services.message_send inside its transaction."""
    people = [user for user in _case_people(case) if permitted(Action.MESSAGE, roles_for(user, case))]
    return _tell(case=case, actor=actor, people=people, kind=Alert.Kind.MESSAGE)


def case_patient_side_mail(*, case: "SecondOpinionCase", kind: str) -> None:
    """News for the patient's side alone (the patient, representatives in force; a patient without an
    account at the address the practice keeps), by e-mail as each one's preference for news of the
    case asks. Not in the list of what is new: that list follows the case's steps and messages."""
    people = [user for user in _case_people(case) if roles_for(user, case) & PATIENT_SIDE]
    wants = {p.user_id: p.email_status for p in Preference.objects.filter(user__in=people)}
    recipients: list[Recipient] = [
        (user, _address(user, case), str(user))
        for user in people
        if user.is_active and wants.get(user.pk, True)
    ]
    patient = case.patient
    if patient.user_id is None and patient.email:
        recipients.append((None, patient.email, patient.name))
    _mail(case, kind, recipients)


@transaction.atomic
def alert_mark_read(*, actor: "User", alert_id: int) -> Alert:
    """Mark one of the actor's own entries read; someone else's is not found (NotFound, a 404)."""
    alert = Alert.objects.filter(pk=alert_id, recipient_id=actor.pk).select_for_update().first()
    if alert is None:
        raise NotFound(ALERT_NOT_FOUND)
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert


def alerts_mark_case_read(*, actor: "User", case_id: int) -> int:
    """Mark the actor's unread entries of one case read, as they open its page (one query); how many were."""
    unread = Alert.objects.filter(recipient_id=actor.pk, case_id=case_id, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


def alerts_mark_all_read(*, actor: "User") -> int:
    """Mark every unread entry of the actor read; how many were."""
    return Alert.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preferences_save(*, actor: "User", email_status: bool, email_messages: bool, language: str) -> Preference:
    """The actor's own choices: e-mail on a status change, on a message, and the language of both."""
    if language not in LANGUAGES:
        raise InvalidInput(
            Text("Taal: kies Nederlands of English.", "Language: choose Nederlands or English."),
            field="language",
        )
    preference, _new = Preference.objects.update_or_create(
        user_id=actor.pk,
        defaults={"email_status": bool(email_status), "email_messages": bool(email_messages)},
    )
    if actor.preferred_language != language:
        actor.preferred_language = language
        actor.save(update_fields=["preferred_language"])
    return preference
