from django.conf import settings
from django.db import models

from secondopinion.cases.models import SecondOpinionCase


class Report(models.Model):
    """The written opinion (R22). Once final it never changes (R24); corrections are addenda."""

    class State(models.TextChoices):
        DRAFT = "draft", "draft"
        FINAL = "final", "final"

    case = models.OneToOneField(SecondOpinionCase, on_delete=models.CASCADE, related_name="report")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    information_used = models.TextField(blank=True)
    findings = models.TextField(blank=True)
    deviations = models.TextField(blank=True)
    consequences = models.TextField(blank=True)
    advice = models.TextField(blank=True)
    alternatives = models.TextField(blank=True)
    costs = models.TextField(blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_hash = models.CharField(max_length=64, blank=True)
    # R24: the structured content the seal covers (reports/content.py), stored at sign-off so that a
    # final report prints exactly what was sealed; empty for drafts and for reports sealed before it.
    sealed_content = models.JSONField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["draft", "final"]), name="report_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft")
                | (models.Q(finalised_at__isnull=False) & ~models.Q(content_hash="")),
                name="final_report_is_sealed",
            ),
        ]


class Addendum(models.Model):
    """R24: a correction to a final report, added beside it, never in it."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class CollegialNotice(models.Model):
    """R6: the giver's direct word to the treating practitioner; never part of the report."""

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.PROTECT, related_name="collegial_notices")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class RenderedReport(models.Model):
    """A final report laid out once, after sign-off, by `reports.tasks.render_final_report`.

    One per format and language. The file lives in the "documents" storage under a server-made name;
    `sha256` and `size` are of the stored bytes, checked again when it is served. `addenda_count` is
    the number of addenda the rendering includes: a download serves it only while the report has
    exactly that many, so an addendum that committed before its re-rendering ran is never left out.
    """

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="renderings")
    format = models.CharField(max_length=4, choices=Format.choices)
    language = models.CharField(max_length=8)
    storage_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    addenda_count = models.PositiveIntegerField(default=0)
    rendered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "format", "language"], name="one_rendering_per_kind"),
            models.CheckConstraint(
                condition=models.Q(format__in=["pdf", "docx"]), name="rendering_format_valid"
            ),
        ]
