"""The letters a patient sends to the own practitioner, recorded on the case as they were made.

A letter is composed once (letters/content.py) and kept as its text with the SHA-256 of that text; a
download lays the same text out again as PDF or Word (letters/pdf.py, letters/docx.py), after
checking the hash, so the patient can print or send the letter again exactly as it was made."""

from django.conf import settings
from django.db import models

from secondopinion.cases.models import SecondOpinionCase


class PatientLetter(models.Model):
    class Kind(models.TextChoices):
        # R12 (004): informing the own practitioner that a second opinion is being sought.
        INFORM = "inform", "inform the own practitioner"
        # R16, R17 (000, 004): asking the own practitioner for a copy of the record (WGBO, AVG).
        RECORDS = "records", "request a copy of the record"

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.CASCADE, related_name="patient_letters")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The role it was made in: the patient, or the representative on the patient's behalf (R8).
    generated_role = models.CharField(max_length=30)
    generated_at = models.DateTimeField(auto_now_add=True)
    # The composed letter (letters/content.py, LetterContent.as_dict): an opaque payload, printed as is.
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-generated_at", "-id"]
        indexes = [models.Index(fields=["case", "-generated_at"], name="patient_letter_case_newest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["inform", "records"]), name="patient_letter_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(language__in=["nl", "en"]), name="patient_letter_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_id} ({self.language})"
