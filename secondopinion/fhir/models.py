"""What the FHIR endpoint keeps of its own: the identifier a referrer gave a referral, so that the same
referral posted again finds its case instead of making a second one."""

from django.conf import settings
from django.db import models


class ReferralIdentifier(models.Model):
    """The ServiceRequest.identifier (system, value) of a referral that created a case."""

    case = models.OneToOneField(
        "cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="fhir_referral"
    )
    system = models.CharField(max_length=255)
    value = models.CharField(max_length=255)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["system", "value"], name="fhir_referral_identifier_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.system}|{self.value}"


class Subscription(models.Model):
    """A REST-hook Subscription (FHIR R4) to the Tasks its owner may see: the changes since `watermark`
    are posted to `endpoint` by `notify_fhir_subscriptions` (cron, beside the worker)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "active"
        ERROR = "error", "error"
        OFF = "off", "off"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criteria = models.CharField(max_length=500)
    endpoint = models.URLField(max_length=500)
    header = models.CharField(max_length=500, blank=True)
    reason = models.CharField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    error = models.CharField(max_length=500, blank=True)
    watermark = models.DateTimeField(help_text="Changes after this moment are still to be posted.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.criteria} → {self.endpoint}"
