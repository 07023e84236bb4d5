from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secondopinion.cases.models import SecondOpinionCase

PURPOSES = ("request_records", "inform_own_practitioner", "consult_colleague", "representative")


class Consent(models.Model):
    """R18: an explicit, purpose-bound, recorded and revocable consent of the patient."""

    class Purpose(models.TextChoices):
        REQUEST_RECORDS = "request_records", _("request records from the treating practitioner")
        INFORM_OWN_PRACTITIONER = "inform_own_practitioner", _("inform the own practitioner of the outcome")
        CONSULT_COLLEAGUE = "consult_colleague", _("consult a colleague")
        REPRESENTATIVE = "representative", _("let a representative act")

    class Method(models.TextChoices):
        SIGNED_UPLOAD = "signed_upload", _("signed form, uploaded")
        IN_APP = "in_app", _("declared in the app by the patient")

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=30, choices=Purpose.choices)
    given_by_name = models.CharField(max_length=200)
    method = models.CharField(max_length=20, choices=Method.choices)
    scope = models.TextField(blank=True)
    # R18: a consent recorded on the patient's behalf rests on the signed form itself, kept as a
    # document of the case (required for the signed_upload method by consent_record).
    signed_form = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="consent"
    )
    given_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(purpose__in=PURPOSES), name="consent_purpose_valid"),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | models.Q(revoked_at__gte=models.F("given_at")),
                name="consent_revoked_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_by_name})"
