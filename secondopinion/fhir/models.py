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
