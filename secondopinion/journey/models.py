"""A request whose treating practitioner is not in the directory yet.

The patient (or representative) names the practitioner in free text (name, practice, place) in the
wizard. A case needs its treating practitioner (the independence check, R10, and the protocol, follow
from it), so the request waits here, with every wizard answer, at the practice the patient chose. A
coordinator of that practice links it to a directory entry (journey/unlisted.py); the case is then
submitted as the patient asked, and this row keeps what the patient wrote and who linked it when (and
whether he added the practitioner to the register for it).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.protocols.registry import PROTOCOLS


class UnlistedRequest(models.Model):
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", help_text="Where the request is handled."
    )
    protocol = models.CharField(max_length=40, choices=[(code, code) for code in PROTOCOLS])
    practitioner_name = models.CharField(_("name"), max_length=200)
    practice_name = models.CharField(_("practice"), max_length=200)
    place = models.CharField(_("place"), max_length=100)
    # The wizard's answers as the patient gave them (opaque: read only to submit the case).
    answers = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    linked_practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    linked_at = models.DateTimeField(null=True, blank=True)
    # Whether the coordinator who linked it added the practitioner to the register for it
    # (directory/entries.py), or found him there.
    added_to_register = models.BooleanField(default=False)
    case = models.OneToOneField(
        SecondOpinionCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unlisted_practitioner",
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=True, linked_at__isnull=True)
                | models.Q(case__isnull=False, linked_at__isnull=False, linked_practitioner__isnull=False),
                name="unlisted_request_linked_whole",
            )
        ]

    def __str__(self) -> str:
        return f"{self.practitioner_name}, {self.practice_name} ({self.place})"


class WizardSubmission(models.Model):
    """One sending of the wizard's last step ("check and submit"), by the one-time key its page was
    shown with (journey/once.py). The key is unique: a second send of the same page (a double click,
    a retry, a second tab) finds the first, even when both arrive at once (the second insert waits for
    the first transaction and then fails), and lands on what the first made instead of a second case.
    """

    key = models.CharField(max_length=32, unique=True)
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField(
        SecondOpinionCase, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A request whose practitioner the practice links first (above): its case comes later.
    unlisted = models.OneToOneField(
        UnlistedRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
