from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secondopinion.protocols.distribution import RECIPIENT_KINDS


class Sending(models.Model):
    """R23: the report (or an addendum to it, R24) made available to one recipient, and why.

    The channel is the portal: the report waits in the recipient's inbox in the product and an e-mail
    without medical content says so. A sending on a consent ends when that consent is revoked
    (R18): `withdrawn_at` is set, the row stays as history, and access ends from then on."""

    class Kind(models.TextChoices):
        REQUESTER = "requester", _("requester")
        PATIENT = "patient", _("patient")
        REPRESENTATIVE = "representative", _("representative")
        TREATING_PRACTITIONER = "treating_practitioner", _("treating practitioner")
        REFERRER = "referrer", _("referrer")
        GP = "gp", _("general practitioner")
        SPECIALIST = "specialist", _("specialist")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("in the portal, with an e-mail notification")

    case = models.ForeignKey("cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="sendings")
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="sendings")
    addendum = models.ForeignKey(
        "reports.Addendum", on_delete=models.PROTECT, null=True, blank=True, related_name="sendings"
    )
    recipient_kind = models.CharField(max_length=30, choices=Kind.choices)
    recipient_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recipient_practitioner = models.ForeignKey(
        "directory.Practitioner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recipient_name = models.CharField(max_length=200)
    rule_id = models.CharField(max_length=8)
    basis = models.CharField(max_length=60, help_text="role:<part> or consent:<purpose>")
    consent = models.ForeignKey(
        "consent.Consent", on_delete=models.PROTECT, null=True, blank=True, related_name="sendings"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    notification = models.ForeignKey(
        "notifications.Notification", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Read state in the recipient's inbox: when the report of this sending was first opened, and by
    # whom; and the treating practitioner's explicit acknowledgement that it was received and read.
    first_opened_at = models.DateTimeField(null=True, blank=True)
    first_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]
        indexes = [models.Index(fields=["recipient_user", "withdrawn_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient_kind__in=list(RECIPIENT_KINDS)), name="sending_kind_valid"
            ),
            models.CheckConstraint(condition=models.Q(channel__in=["portal"]), name="sending_channel_valid"),
            models.CheckConstraint(
                condition=models.Q(basis__startswith="consent:", consent__isnull=False)
                | (~models.Q(basis__startswith="consent:") & models.Q(consent__isnull=True)),
                name="sending_consent_basis_names_its_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(withdrawn_at__gte=models.F("sent_at")),
                name="sending_withdrawn_after_sent",
            ),
            models.CheckConstraint(
                condition=models.Q(first_opened_at__isnull=True, first_opened_by__isnull=True)
                | models.Q(first_opened_at__gte=models.F("sent_at"), first_opened_by__isnull=False),
                name="sending_opened_after_sent_by_someone",
            ),
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | models.Q(acknowledged_at__gte=models.F("sent_at"), acknowledged_by__isnull=False),
                name="sending_acknowledged_after_sent_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} ({self.basis})"

    @staticmethod
    def held_by_patient_side() -> models.Q:
        """The final report (not an addendum) sent to the patient or her representative, not withdrawn."""
        return models.Q(
            addendum__isnull=True,
            withdrawn_at__isnull=True,
            recipient_kind__in=[Sending.Kind.PATIENT, Sending.Kind.REPRESENTATIVE],
        )

    @property
    def access_basis(self) -> str:
        """The basis as the access log writes it (NEN 7513): rule, part or consent, and its id."""
        suffix = f"#{self.consent_id}" if self.consent_id else ""
        return f"{self.rule_id} {self.basis}{suffix}"[:50]


class OutsideCopy(models.Model):
    """R14: a copy of the final report that went, outside the portal, to someone the agreements made
    beforehand named (Agreements.copy_recipients), as the coordinator recorded it. Not a Sending:
    the recipient holds no account and reads nothing in the portal; this row only says it happened."""

    class Channel(models.TextChoices):
        POST = "post", _("by post")
        SECURE_EMAIL = "secure_email", _("by secure e-mail")
        HANDED_TO_PATIENT = "handed_to_patient", _("handed to the patient")

    case = models.ForeignKey(
        "cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="outside_copies"
    )
    report = models.ForeignKey("reports.Report", on_delete=models.PROTECT, related_name="outside_copies")
    recipient_name = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    sent_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=["post", "secure_email", "handed_to_patient"]),
                name="outside_copy_channel_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(recipient_name=""), name="outside_copy_names_its_recipient"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} ({self.channel}, {self.sent_on})"
