from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.protocols.engine import ACTIONS, SUBMIT
from secondopinion.protocols.lifecycle import STATUS_LABELS, Status
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
    REQUESTER_KINDS,
    SUBJECTS,
)


def _choices(vocabulary: dict) -> list[tuple[str, str]]:
    return [(key, text.en) for key, text in vocabulary.items()]


class CaseStatus(models.TextChoices):
    """The lifecycle states; the machine names and the transition table live in protocols.lifecycle."""

    SUBMITTED = Status.SUBMITTED.value, STATUS_LABELS[Status.SUBMITTED].en
    ACCEPTED = Status.ACCEPTED.value, STATUS_LABELS[Status.ACCEPTED].en
    ASSIGNED = Status.ASSIGNED.value, STATUS_LABELS[Status.ASSIGNED].en
    INFORMED = Status.INFORMED.value, STATUS_LABELS[Status.INFORMED].en
    GATHERING_RECORDS = Status.GATHERING_RECORDS.value, STATUS_LABELS[Status.GATHERING_RECORDS].en
    IN_EXAMINATION = Status.IN_EXAMINATION.value, STATUS_LABELS[Status.IN_EXAMINATION].en
    REPORT_DRAFT = Status.REPORT_DRAFT.value, STATUS_LABELS[Status.REPORT_DRAFT].en
    REPORT_FINAL = Status.REPORT_FINAL.value, STATUS_LABELS[Status.REPORT_FINAL].en
    CLOSED = Status.CLOSED.value, STATUS_LABELS[Status.CLOSED].en
    REDIRECTED = Status.REDIRECTED.value, STATUS_LABELS[Status.REDIRECTED].en
    REFUSED = Status.REFUSED.value, STATUS_LABELS[Status.REFUSED].en
    WITHDRAWN = Status.WITHDRAWN.value, STATUS_LABELS[Status.WITHDRAWN].en


class SecondOpinionCase(models.Model):
    """One request for a second opinion, from intake to closure."""

    protocol = models.CharField(_("protocol"), max_length=40, choices=[(c, c) for c in PROTOCOLS])
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=CaseStatus.choices,
        default=CaseStatus.SUBMITTED,
        db_index=True,
    )
    version = models.PositiveIntegerField(default=0, help_text="Bumped by every transition.")
    # Indexed by case_patient_newest (Meta), which begins with it.
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="cases", db_index=False)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="cases",
        help_text="Where the request is handled.",
    )
    requester_kind = models.CharField(max_length=20, choices=_choices(REQUESTER_KINDS))
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="requested_cases",
        null=True,
    )
    treating_practitioner = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="treated_cases"
    )
    referrer = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="referred_cases", null=True, blank=True
    )
    has_referral = models.BooleanField(default=False)
    # The patient's own words, as submitted: never changed afterwards. The giver's restatement (R15)
    # is kept beside it. Cases established before the two were kept apart have an empty
    # `established_care_question` with `care_question_established` set: there `care_question` holds
    # the established question, and the patient's first words were not kept.
    care_question = models.TextField()
    care_question_established = models.BooleanField(default=False)
    established_care_question = models.TextField(
        blank=True, help_text="R15: the care question as the giver establishes it with the patient."
    )
    subject = models.CharField(max_length=20, choices=_choices(SUBJECTS))
    treatment_started = models.BooleanField(default=False)
    classification = models.CharField(max_length=20, choices=_choices(CLASSIFICATIONS), blank=True)
    classification_note = models.TextField(blank=True)
    giver = models.ForeignKey(
        Practitioner, on_delete=models.PROTECT, related_name="given_cases", null=True, blank=True
    )
    # R28: the organisation the giver gives this second opinion for, as it stood when the giver was
    # assigned; a complaint goes to its scheme, also after a directory import moves the giver elsewhere.
    giver_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    refusal_reason = models.CharField(max_length=30, choices=_choices(REFUSAL_REASONS), blank=True)
    refusal_note = models.TextField(blank=True)
    # R9: the patient's earlier requests on the same question this one repeats, named by the staff
    # member who refused it as a repeated request (cases/earlier.py named_earlier: only candidates).
    # Empty on a refusal recorded before they were named: the patient's page then claims none.
    repeats = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="repeated_by",
        blank=True,
        help_text="R9: the earlier requests on the same question a refusal as a repeated request names.",
    )
    # Facts the protocols judge (R3, R4, R7, R8, R12, R21, R26).
    under_treatment = models.CharField(
        max_length=10,
        choices=[("yes", "yes"), ("no", "no"), ("unclear", "unclear")],
        default="yes",
        help_text="R4: is the patient still under treatment of the treating practitioner?",
    )
    wants_transfer = models.BooleanField(
        default=False, help_text="R7: the patient wants another practitioner."
    )
    own_practitioner_informed = models.BooleanField(default=False, help_text="R12")
    patient_consulted = models.BooleanField(default=False, help_text="R8: practitioner-initiated")
    gp_informed = models.BooleanField(default=False, help_text="R8: practitioner-initiated")
    care_plan_available = models.BooleanField(default=True, help_text="R21")
    reimbursement_explained = models.BooleanField(default=False, help_text="R26")
    records_alternative_explained = models.BooleanField(
        default=False, help_text="R17: own examination at the patient's cost, or fetching the records himself"
    )
    prosthesis_hold_since = models.DateTimeField(null=True, blank=True, help_text="R3")
    prosthesis_adjusted_at = models.DateTimeField(null=True, blank=True, help_text="R3")
    closure_decision = models.CharField(max_length=30, choices=_choices(CLOSURE_DECISIONS), blank=True)
    closure_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=CaseStatus.values), name="case_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(protocol__in=list(PROTOCOLS)), name="case_protocol_known"
            ),
        ]
        # The worklist's counts per state and its order (by status, then newest; or by days open)
        # read this index alone: an organisation's 10,000 cases are counted and sorted without
        # visiting their rows (web/worklist.py page_keys), and the basis of reading the list (one
        # patient or many: access/policy.py list_basis) with them.
        # A patient's cases newest first (the patient's home, the earlier requests of R9) read the
        # second one and stop at the page.
        indexes = [
            models.Index(
                fields=["organisation", "status", "created_at", "id", "patient"], name="case_worklist_order"
            ),
            models.Index(fields=["patient", "-created_at", "-id"], name="case_patient_newest"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        # R28: a giver set by another way than the assignment step (the admin, a fixture) is taken with
        # the organisation he works for at that moment; the assignment step sets both itself.
        giver = self.giver if self.giver_id is not None else None
        if giver is not None and self.giver_organisation_id is None:
            self.giver_organisation_id = giver.organisation_id
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        year = self.created_at.year if self.created_at else 0
        return f"TM-{year}-{self.pk:05d}"


class ExplanationItem(models.Model):
    """R13: one of the six things the giver explained before the examination."""

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.CASCADE, related_name="explanation_items")
    item = models.CharField(max_length=20, choices=_choices(EXPLANATION_ITEMS))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="unique_explanation_item")]


class Agreements(models.Model):
    """R14: what was agreed beforehand about the written report and who is informed."""

    case = models.OneToOneField(SecondOpinionCase, on_delete=models.CASCADE, related_name="agreements")
    written_report = models.BooleanField()
    copy_recipients = models.TextField(
        blank=True, help_text="Who else receives a copy, besides the requester."
    )
    inform_own_practitioner = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Agreed not in writing, the patient's side may still ask for the report in writing (seeds 001,
    # 002): when, and who asked (the patient or her representative). Set once, never cleared.
    written_requested_at = models.DateTimeField(null=True, blank=True)
    written_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(written_requested_at__isnull=True, written_requested_by__isnull=True)
                | models.Q(written_requested_at__isnull=False, written_requested_by__isnull=False),
                name="agreements_written_request_names_who",
            ),
        ]

    @property
    def withheld_from_patient(self) -> bool:
        """R14: agreed that the opinion is not put in writing, and not asked for in writing since: the
        patient's side is not sent the report (the practitioners R23 names still are)."""
        return not self.written_report and self.written_requested_at is None


class StatusChange(models.Model):
    """The case's timeline: every transition, who made it and the rules it passed."""

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    actor_role = models.CharField(max_length=30)
    rule_ids = models.JSONField(default=list, help_text="The rules evaluated and passed.")
    # Everyone who reads the case reads the step's note, the patient's side too (as before there was an
    # internal note: the notes written until then stay as readable as they were written to be).
    note = models.TextField(blank=True)
    internal_note = models.TextField(
        blank=True,
        help_text="The practice's own remark on the step; never shown to the patient's side "
        "(access/permissions.py READ_INTERNAL_NOTES).",
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]


# The actions that are not transitions; a submission is already the first StatusChange.
EVIDENCED_ACTIONS = sorted(ACTIONS - {SUBMIT})


class ActionRecord(models.Model):
    """Evidence for R28: an action that is not a transition (consulting a colleague, a collegial
    notice, editing the report, requesting records, informing the own practitioner, drafting
    plans), who took it, and the rules it passed. Written in the same transaction as the action."""

    case = models.ForeignKey(SecondOpinionCase, on_delete=models.CASCADE, related_name="action_records")
    action = models.CharField(max_length=30, choices=[(a, a) for a in EVIDENCED_ACTIONS])
    rule_ids = models.JSONField(default=list, help_text="The rules evaluated and passed.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=30)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=EVIDENCED_ACTIONS), name="action_record_action_known"
            ),
        ]
