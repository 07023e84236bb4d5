"""Invitations by e-mail: a coordinator invites a colleague of their own organisation, a patient invites
a representative. Each is a single-use link whose token (32 random bytes) is stored only as its
SHA-256; it expires after TM_INVITATION_DAYS, can be revoked while open, and is used once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secondopinion.directory.models import Discipline, Representative


class InvitationState(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    REVOKED = "revoked", _("revoked")
    EXPIRED = "expired", _("expired")


class Invitation(models.Model):
    """What both kinds of invitation share: the address, the token's hash, its life."""

    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("invited at"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return InvitationState.ACCEPTED
        if self.revoked_at is not None:
            return InvitationState.REVOKED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.OPEN

    def get_state_display(self) -> str:
        return str(InvitationState(self.state).label)

    @property
    def is_open(self) -> bool:
        return self.state == InvitationState.OPEN


class StaffInvitation(Invitation):
    """A coordinator invites a colleague of their own organisation: a second-opinion giver (a
    practitioner affiliated with the organisation), a coordinator or a complaints officer."""

    class Function(models.TextChoices):
        GIVER = "giver", _("second-opinion giver")
        COORDINATOR = "coordinator", _("coordinator")
        COMPLAINTS_OFFICER = "complaints_officer", _("complaints officer")

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="staff_invitations"
    )
    function = models.CharField(_("function"), max_length=30, choices=Function.choices)
    # A giver's directory entry (R10 needs the discipline and, for a medical specialist, the specialism).
    discipline = models.CharField(_("discipline"), max_length=30, choices=Discipline.choices, blank=True)
    specialism = models.CharField(_("specialism"), max_length=100, blank=True)
    agb_code = models.CharField(_("AGB code"), max_length=8, blank=True)
    big_number = models.CharField(_("BIG number"), max_length=11, blank=True)

    class Meta(Invitation.Meta):
        verbose_name = _("staff invitation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(function__in=["giver", "coordinator", "complaints_officer"]),
                name="staff_invitation_function_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(function="giver") | ~models.Q(discipline=""),
                name="staff_invitation_giver_has_discipline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.function}, {self.organisation_id})"

    @property
    def inviter_name(self) -> str:
        """Who invited, as the product names them (the e-mail and the link's page say it): a
        practitioner by their directory name, anyone else by their account's full name (the username
        where it has none). Read with select_related("invited_by__practitioner") to cost no query."""
        return str(getattr(self.invited_by, "practitioner", None) or self.invited_by)

    @property
    def by_administrator(self) -> bool:
        """An administrator of Tweede Mening invited (an organisation's first coordinator, say), not a
        colleague: the words name them as the administrator, not as someone of the organisation."""
        return bool(self.invited_by.is_superuser)


class RepresentativeInvitation(Invitation):
    """A patient invites someone to act for them (R8): accepting is the patient's consent in force,
    for every case of the patient or for the one case named."""

    patient = models.ForeignKey(
        "directory.Patient", on_delete=models.CASCADE, related_name="representative_invitations"
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Representative.Relation.choices)
    case = models.ForeignKey(
        "cases.SecondOpinionCase",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="representative_invitations",
    )
    # The representation the acceptance created or renewed; its consent fields are the ledger.
    representation = models.ForeignKey(
        Representative, on_delete=models.CASCADE, null=True, blank=True, related_name="invitations"
    )

    class Meta(Invitation.Meta):
        verbose_name = _("representative invitation")

    def __str__(self) -> str:
        return f"{self.email} → patient {self.patient_id}"

    @property
    def inviter_name(self) -> str:
        """The patient who asks the invitee to act for them, by the name the product shows them by."""
        return self.patient.name
