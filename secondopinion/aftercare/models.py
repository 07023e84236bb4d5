"""The patient's side once a case exists: messages with the coordinator, the evaluation at closure
(R27) and complaints about how the second opinion went (R28)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from secondopinion.protocols.vocabulary import CLOSURE_DECISIONS

MESSAGE_MAX_LENGTH = 4000
COMPLAINT_MAX_LENGTH = 4000


class Message(models.Model):
    """One message between the patient (or representative) and the handling organisation's coordinator."""

    case = models.ForeignKey("cases.SecondOpinionCase", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The author's role at the moment of writing: patient, representative or coordinator.
    author_role = models.CharField(max_length=30)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the other side first read it; a thread read by its own author stays unread.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.author} ({self.created_at:%Y-%m-%d %H:%M})"


class Evaluation(models.Model):
    """R27: what the patient decides after the opinion, and how satisfied they are. Once per case."""

    case = models.OneToOneField(
        "cases.SecondOpinionCase", on_delete=models.CASCADE, related_name="evaluation"
    )
    decision = models.CharField(max_length=30, choices=[(k, v.en) for k, v in CLOSURE_DECISIONS.items()])
    satisfaction = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(blank=True, max_length=COMPLAINT_MAX_LENGTH)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_role = models.CharField(max_length=30)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="evaluation_satisfaction_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(decision__in=list(CLOSURE_DECISIONS)), name="evaluation_decision_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.decision} ({self.satisfaction}/5)"


class Complaint(models.Model):
    """R28: a complaint about how the second opinion went, for the giver's organisation's complaint scheme."""

    class State(models.TextChoices):
        RECEIVED = "received", "received"
        HANDLED = "handled", "handled"

    case = models.ForeignKey("cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="complaints")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_role = models.CharField(max_length=30)
    text = models.TextField(max_length=COMPLAINT_MAX_LENGTH)
    # The scheme as the organisation named it when the complaint was filed.
    scheme = models.CharField(max_length=200, blank=True)
    filed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.RECEIVED)
    decision = models.TextField(blank=True, max_length=COMPLAINT_MAX_LENGTH)
    # denturist-ont (R28, seed 002): the officer may declare the second opinion inadmissible …
    inadmissible = models.BooleanField(default=False)
    inadmissible_reason = models.TextField(blank=True, max_length=COMPLAINT_MAX_LENGTH)
    # … and propose a second opinion by an ONT member in mediation.
    ont_mediation_proposed = models.BooleanField(default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-filed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["received", "handled"]), name="complaint_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(inadmissible=False) | ~models.Q(inadmissible_reason=""),
                name="complaint_inadmissible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: complaint {self.pk} ({self.state})"
