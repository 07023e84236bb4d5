"""The invitation objects of one side of the access sweep (tests/access/test_sweep.py): its giver's user,
an open staff invitation of its organisation and an open representative invitation of its patient, made
once per side."""

import datetime as dt

from django.utils import timezone

from secondopinion.directory.models import StaffMember
from secondopinion.invitations.models import RepresentativeInvitation, StaffInvitation


def invitation_ids(side) -> dict[str, int]:
    expires = timezone.now() + dt.timedelta(days=7)
    inviter = StaffMember.objects.filter(organisation_id=side.organisation_id, function="coordinator").first()
    staff, _new = StaffInvitation.objects.get_or_create(
        token_hash=f"sweep-staff-{side.organisation_id}".ljust(64, "0"),
        defaults={
            "organisation_id": side.organisation_id,
            "email": "uitgenodigd@example.nl",
            "name": "Uitgenodigde Collega",
            "function": "coordinator",
            "invited_by_id": inviter.user_id if inviter else side.patient.user_id,
            "expires_at": expires,
        },
    )
    representative, _new = RepresentativeInvitation.objects.get_or_create(
        token_hash=f"sweep-representative-{side.patient.pk}".ljust(64, "0"),
        defaults={
            "patient": side.patient,
            "email": "familie@example.nl",
            "name": "Uitgenodigd Familielid",
            "relation": "partner",
            "invited_by_id": side.patient.user_id,
            "expires_at": expires,
        },
    )
    return {
        "user_id": side.giver.user_id,
        "invitation_id": staff.pk,
        "representative_invitation_id": representative.pk,
    }
