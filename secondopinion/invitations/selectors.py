"""Reads for invitations: the only door. A coordinator reads their organisation's staff and staff
invitations; a patient reads their own representative invitations (logged: it names who may act for them)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.core.roles import Role
from secondopinion.directory.models import Organisation, Practitioner, StaffMember
from secondopinion.invitations.models import RepresentativeInvitation, StaffInvitation
from secondopinion.invitations.representation import patient_of
from secondopinion.invitations.services import colleague_user_ids, coordinated_organisation


@dataclass(frozen=True)
class Colleague:
    user: User
    functions: tuple[str, ...]  # "giver", "coordinator", "complaints_officer"
    practitioner: Practitioner | None


def staff_of_organisation(
    *, actor: User, organisation_id: int | None = None
) -> tuple[Organisation, list[Colleague]]:
    """Everyone who works at the coordinator's organisation, active or not, by name."""
    organisation = coordinated_organisation(actor, organisation_id)
    ids = colleague_user_ids({organisation.pk})
    users = User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "username")
    functions: dict[int, list[str]] = {}
    for user_id, function in StaffMember.objects.filter(
        organisation=organisation, user_id__in=ids
    ).values_list("user_id", "function"):
        functions.setdefault(user_id, []).append(function)
    practitioners = {p.user_id: p for p in Practitioner.objects.filter(user_id__in=ids)}
    out = []
    for user in users:
        practitioner = practitioners.get(user.pk)
        roles = (["giver"] if practitioner is not None else []) + sorted(functions.get(user.pk, []))
        out.append(Colleague(user=user, functions=tuple(roles), practitioner=practitioner))
    return organisation, out


def staff_invitations_of_organisation(
    *, actor: User, organisation_id: int | None = None
) -> tuple[Organisation, QuerySet[StaffInvitation]]:
    organisation = coordinated_organisation(actor, organisation_id)
    return organisation, StaffInvitation.objects.filter(organisation=organisation).select_related(
        "accepted_by"
    )


def representative_invitations_of_patient(*, actor: User, source: str) -> list[RepresentativeInvitation]:
    """The patient's own invitations, newest first (the read is logged: it names their representatives)."""
    patient = patient_of(actor)
    rows = list(
        RepresentativeInvitation.objects.filter(patient=patient).select_related(
            "case", "representation__patient"
        )
    )
    access_record(
        actor=actor,
        action="read",
        data="representation:invitation",
        source=source,
        role=Role.PATIENT,
        basis=Role.PATIENT,
        patient=patient,
    )
    return rows
