from django.conf import settings
from django.db import models

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
