"""Telling the people of a case about its appointment: an e-mail without medical content, as each
person's e-mail setting asks (notifications.models.Preference, the status news they choose)."""

from typing import TYPE_CHECKING

from django.urls import reverse

from secondopinion.access.permissions import PATIENT_SIDE, Action, permitted
from secondopinion.access.policy import roles_for
from secondopinion.access.representation import in_force_q as representation_in_force_q
from secondopinion.directory.models import Representative, StaffMember
from secondopinion.notifications.models import Alert, Preference
from secondopinion.notifications.services import notification_queue

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase


def _people(case: "SecondOpinionCase", *, patient_side_only: bool) -> list["User"]:
    """Everyone who sees the case's appointments (access/permissions.py, READ_APPOINTMENTS): the
    patient, representatives in force, the giver and the coordinators; or only the patient's side."""
    candidates: dict[int, User] = {}
    if case.patient.user is not None:
        candidates[case.patient.user.pk] = case.patient.user
    for representative in Representative.objects.filter(
        representation_in_force_q(), patient_id=case.patient_id
    ).select_related("user"):
        candidates[representative.user_id] = representative.user
    if not patient_side_only:
        if case.giver is not None and case.giver.user is not None:
            candidates[case.giver.user.pk] = case.giver.user
        for member in StaffMember.objects.filter(
            organisation_id=case.organisation_id, function="coordinator"
        ).select_related("user"):
            candidates[member.user_id] = member.user
    wanted = PATIENT_SIDE if patient_side_only else None
    people = []
    for user in candidates.values():
        roles = roles_for(user, case) if user.is_active else frozenset()
        if wanted is not None:
            roles = roles & wanted
        if permitted(Action.READ_APPOINTMENTS, roles):
            people.append(user)
    return people


def appointment_mail(
    *, case: "SecondOpinionCase", kind: str, actor: "User | None", patient_side_only: bool = False
) -> int:
    """Queue the `kind` e-mail to everyone involved but the actor; how many were queued. A patient
    registered without an account is written to at the address on the patient record."""
    people = [
        user for user in _people(case, patient_side_only=patient_side_only) if actor is None or user != actor
    ]
    # The in-product list too, whatever the e-mail setting (notifications: the list is always kept).
    Alert.objects.bulk_create(
        Alert(recipient=user, case=case, kind=Alert.Kind.CONSULT, status=kind.removeprefix("appointment_"))
        for user in people
    )
    declined = set(
        Preference.objects.filter(user__in=people, email_status=False).values_list("user_id", flat=True)
    )
    path = reverse("appointments:case", kwargs={"case_id": case.pk})
    addresses: list[tuple[User | None, str, str]] = []
    for user in people:
        if user.pk in declined:
            continue
        own = case.patient.user_id == user.pk and case.patient.email
        addresses.append((user, case.patient.email if own else user.email, str(user)))
    if case.patient.user_id is None and case.patient.email:
        addresses.append((None, case.patient.email, case.patient.name))
    queued, seen = 0, set()
    for recipient, email, name in addresses:
        if not email or email in seen:
            continue
        seen.add(email)
        language = recipient.preferred_language if recipient is not None else "nl"
        notification_queue(
            kind=kind,
            email=email,
            name=name,
            reference=case.reference,
            path=path,
            language=language,
            recipient=recipient,
        )
        queued += 1
    return queued
