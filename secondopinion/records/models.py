from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secondopinion.cases.models import SecondOpinionCase


class Findings(models.Model):
    """R20: the giver's anamneses and findings, as they go into the patient record."""

    case = models.OneToOneField(SecondOpinionCase, on_delete=models.CASCADE, related_name="findings")
    anamnesis_medical = models.TextField(blank=True)
    anamnesis_dental = models.TextField(blank=True)
    anamnesis_psychosocial = models.TextField(blank=True)
    findings = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now=True)


class TreatmentPlan(models.Model):
    """R21: a plan the giver drafts with the patient when no care goal or care plan exists."""

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.CASCADE, related_name="treatment_plans")
    description = models.TextField()
    cost_estimate_cents = models.PositiveIntegerField(null=True, blank=True, help_text="A rough indication.")
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ColleagueConsultation(models.Model):
    """R19: the giver asks a colleague's advice, under the patient's consent for that purpose."""

    case = models.ForeignKey(
        SecondOpinionCase, on_delete=models.CASCADE, related_name="colleague_consultations"
    )
    colleague = models.ForeignKey("directory.Practitioner", on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asked_at", "id"]


class DataRequest(models.Model):
    """R16: records asked of the treating practitioner, under the patient's consent for it (R18).

    The practitioner answers through a secure, expiring upload link meant for this request alone, or
    through his own login. The link's token is stored only as its SHA-256 hash: the plain token is
    sent once (and again, as a fresh token, with each reminder)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("requested")
        FULFILLED = "fulfilled", _("fulfilled")
        DECLINED = "declined", _("declined")
        EXPIRED = "expired", _("expired")

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.PROTECT, related_name="data_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    addressed_to = models.ForeignKey(
        "directory.Practitioner", on_delete=models.PROTECT, related_name="data_requests"
    )
    sent_to_email = models.EmailField(help_text="Where the upload link went.")
    kinds = models.JSONField(default=list, help_text="Keys of the protocol's record kinds (R16).")
    note = models.TextField(blank=True)
    consent = models.ForeignKey("consent.Consent", on_delete=models.PROTECT, related_name="data_requests")
    state = models.CharField(max_length=10, choices=State.choices, default=State.REQUESTED)
    decline_reason = models.TextField(blank=True)
    expires_at = models.DateTimeField()
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    documents = models.ManyToManyField("documents.Document", blank=True, related_name="data_requests")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["requested", "fulfilled", "declined", "expired"]),
                name="data_request_state_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(state="requested", closed_at__isnull=True)
                | (~models.Q(state="requested") & models.Q(closed_at__isnull=False)),
                name="data_request_closed_when_answered",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="declined") | ~models.Q(decline_reason=""),
                name="data_request_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.addressed_to} ({self.state})"


# The only moves a data request makes: from requested to one of its three ends, never back.
DATA_REQUEST_TRANSITIONS: dict[str, frozenset[str]] = {
    DataRequest.State.REQUESTED: frozenset(
        {DataRequest.State.FULFILLED, DataRequest.State.DECLINED, DataRequest.State.EXPIRED}
    ),
}
