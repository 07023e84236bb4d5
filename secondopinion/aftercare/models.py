"""The patient's side once a case exists: messages with the coordinator, the evaluation at closure
(R27), complaints about how the second opinion went (R28, under the Wkkgz) and the giver's record of
what the opinion did to the diagnosis and treatment (the outcome)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from secondopinion.protocols.vocabulary import CLOSURE_DECISIONS, OUTCOMES

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
    # The one-time key of the form it was written in (aftercare/forms.py): the same form sent again (a
    # double click, a retry) is the same message; a fresh form has a fresh key. Empty: sent without one.
    form_key = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "author", "form_key"],
                condition=~models.Q(form_key=""),
                name="message_once_per_form",
            )
        ]

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
    """R28: a complaint about how the second opinion went, for the giver's organisation's complaint scheme,
    handled under the Wkkgz: received, acknowledged, in handling, decided (complaints.py holds the table).
    The deadlines are stored as days (deadlines.py computes them), so the officer's list sorts on them."""

    class State(models.TextChoices):
        RECEIVED = "received", "received"
        ACKNOWLEDGED = "acknowledged", "acknowledged"
        IN_HANDLING = "in_handling", "in handling"
        DECIDED = "decided", "decided"

    class Judgment(models.TextChoices):
        WELL_FOUNDED = "well_founded", "well-founded"
        PARTLY = "partly_well_founded", "partly well-founded"
        NOT_WELL_FOUNDED = "not_well_founded", "not well-founded"

    case = models.ForeignKey("cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="complaints")
    # R28: the organisation whose complaint scheme takes the complaint, as it stood when it was filed:
    # the giver's (before a giver is assigned, the handling organisation's). Its complaints officer
    # handles it (access/policy.py).
    organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_role = models.CharField(max_length=30)
    text = models.TextField(max_length=COMPLAINT_MAX_LENGTH)
    # The scheme and the disputes body as they were named when the complaint was filed.
    scheme = models.CharField(max_length=200, blank=True)
    disputes_body = models.CharField(max_length=200, blank=True)
    filed_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.RECEIVED)
    # The Wkkgz terms, in days of Europe/Amsterdam: acknowledge, decide (moved once by an extension).
    acknowledge_by = models.DateField()
    decide_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    handling_started_at = models.DateTimeField(null=True, blank=True)
    # The one extension: when the written notice went to the complainant, and its reason.
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True, max_length=COMPLAINT_MAX_LENGTH)
    judgment = models.CharField(max_length=20, choices=Judgment.choices, blank=True)
    # The reasons for the judgment, as the decision letter gives them.
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
        indexes = [models.Index(fields=["state", "decide_by"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["received", "acknowledged", "in_handling", "decided"]),
                name="complaint_state_known",
            ),
            models.CheckConstraint(
                condition=models.Q(inadmissible=False) | ~models.Q(inadmissible_reason=""),
                name="complaint_inadmissible_has_reason",
            ),
            # Decided with the date and the reasons; judged only then (complaints that were decided before
            # the Wkkgz states, migration 0002, carry no judgment: complaint_decide always gives one).
            models.CheckConstraint(
                condition=(models.Q(state="decided", decided_at__isnull=False) & ~models.Q(decision=""))
                | (~models.Q(state="decided") & models.Q(judgment="", decided_at__isnull=True)),
                name="complaint_decided_is_judged",
            ),
            # An extension always comes with its written reason.
            models.CheckConstraint(
                condition=models.Q(extended_at__isnull=True, extension_reason="")
                | (models.Q(extended_at__isnull=False) & ~models.Q(extension_reason="")),
                name="complaint_extension_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(state="received") | models.Q(acknowledged_at__isnull=False),
                name="complaint_acknowledged_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: complaint {self.pk} ({self.state})"


class Outcome(models.Model):
    """What the second opinion did to the diagnosis and the treatment, recorded by the giver at or
    before closure: each confirmed, refined or changed (as Van Such et al. 2017 count them)."""

    case = models.OneToOneField("cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="outcome")
    diagnosis = models.CharField(max_length=10, choices=[(k, v.en) for k, v in OUTCOMES.items()])
    treatment = models.CharField(max_length=10, choices=[(k, v.en) for k, v in OUTCOMES.items()])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(diagnosis__in=list(OUTCOMES), treatment__in=list(OUTCOMES)),
                name="outcome_values_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: diagnosis {self.diagnosis}, treatment {self.treatment}"
