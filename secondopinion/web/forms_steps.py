"""The lifecycle steps' forms (STEP_FORMS, step_form). Field names match StepInput's, so an error a
service raises for a field lands on the form field of the same name; fields whose absence a rule
explains (R9, R13, R14, R15, R17, R27) are optional here, and `RULES` names that rule.

forms.py re-exports these names, so `from secondopinion.web.forms import STEP_FORMS` keeps working.
"""

from dataclasses import fields
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from secondopinion.access.permissions import writes_internal_note
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.dates import long_date
from secondopinion.directory.independence import giver_candidates
from secondopinion.protocols.lifecycle import WITHDRAWS_OWN
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
)
from secondopinion.web.forms_base import CHOOSE, WebForm, _choices, _yes_no_field, text_area

STEP_FIELDS = frozenset(f.name for f in fields(StepInput))

# A staff member's step carries two notes, labelled for who reads them: the note everyone who reads
# the case reads, the patient's side too, and the practice's internal note, which the patient's side
# never reads (access/permissions.py READ_INTERNAL_NOTES).
PATIENT_NOTE = _("Note for the patient")
PATIENT_NOTE_HELP = _("The patient reads this note.")


def internal_note_field() -> forms.CharField:
    return text_area(
        _("Internal note (not visible to the patient)"),
        rows=2,
        help_text=_(
            "Not visible to the patient and the representative. Visible to the practice and, with a "
            "complaint, to the complaints officer who handles it, who may work for the second-opinion "
            "giver's organisation."
        ),
    )


class StepForm(WebForm):
    """A lifecycle step's form. `set_case` fills what depends on the case (choices, initial values);
    `set_acting_role` what depends on the role the user would take the step in."""

    def set_case(self, case: SecondOpinionCase) -> None:
        return None

    def set_acting_role(self, role: str | None) -> None:
        return None

    def to_input(self) -> StepInput:
        return StepInput(**{k: v for k, v in self.cleaned_data.items() if k in STEP_FIELDS})


class NoteForm(StepForm):
    note = text_area(PATIENT_NOTE, rows=2, help_text=PATIENT_NOTE_HELP)
    internal_note = internal_note_field()


class AcceptForm(NoteForm):
    def to_input(self) -> StepInput:
        data = super().to_input()
        data.classification = "second_opinion"
        return data


class RedirectForm(StepForm):
    classification = forms.ChoiceField(
        label=_("What the request is instead"),
        choices=_choices(CLASSIFICATIONS, leave_out=("second_opinion",)),
        widget=forms.RadioSelect,
    )
    note = text_area(PATIENT_NOTE, rows=2, help_text=PATIENT_NOTE_HELP)
    internal_note = internal_note_field()


class CaseIdsField(forms.TypedMultipleChoiceField):
    """Ids of cases, ticked among choices the page sets (RefuseForm.set_earlier). A posted form is
    read without them: any id is taken here, and the service decides which it accepts (R9)."""

    def valid_value(self, value: Any) -> bool:
        return True


class RefuseForm(StepForm):
    RULES = {"refusal_reason": "R9", "refusal_note": "R9", "repeats_case_ids": "R9"}
    refusal_reason = forms.ChoiceField(
        label=_("Weighty reason"),
        choices=_choices(REFUSAL_REASONS),
        required=False,
        widget=forms.RadioSelect,
    )
    repeats_case_ids = CaseIdsField(
        label=_("Which earlier request does this request repeat?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only with the reason 'repeated request on the same question': tick the earlier request or "
            "requests it repeats. The patient reads which ones."
        ),
        error_messages={"invalid_choice": _("Choose the earlier requests from the list.")},
    )
    refusal_note = text_area(
        _("Explanation for the patient"),
        help_text=_("At least 10 characters; it is recorded, and the patient reads it with the reason."),
    )
    internal_note = internal_note_field()

    def set_earlier(self, earlier: list[SecondOpinionCase]) -> None:
        """R9: the patient's earlier requests that may be on the same question, to tick; without any,
        no field to tick (the reason is then refused by R9 itself)."""
        ticked = getattr(self, "cleaned_data", {}).get("repeats_case_ids")
        errors = getattr(self, "_errors", None) or {}
        if not earlier and not ticked and "repeats_case_ids" not in errors:
            self.fields.pop("repeats_case_ids", None)
            return
        field = self.fields.get("repeats_case_ids")
        if not isinstance(field, CaseIdsField):
            return
        field.choices = [(other.pk, _earlier_label(other)) for other in earlier]


def _earlier_label(case: SecondOpinionCase) -> str:
    return f"{case.reference} · {long_date(case.created_at, get_language() or 'nl')}"


class AssignForm(StepForm):
    giver_id = forms.IntegerField(
        label=_("Second-opinion giver"),
        widget=forms.Select,
        help_text=_(
            "Only practitioners who pass the independence check (R10, R11) are offered; "
            "the rule is checked again when you assign."
        ),
    )
    note = text_area(PATIENT_NOTE, rows=2, help_text=PATIENT_NOTE_HELP)
    internal_note = internal_note_field()

    def set_case(self, case: SecondOpinionCase) -> None:
        candidates = giver_candidates(treating=case.treating_practitioner, referrer=case.referrer)
        self.excluded = [c for c in candidates if not c.eligible]
        self.fields["giver_id"].widget.choices = [("", CHOOSE)] + [
            (c.practitioner.pk, f"{c.practitioner.name} — {c.practitioner.organisation}")
            for c in candidates
            if c.eligible
        ]


class InformForm(StepForm):
    RULES = {
        "explanation_items": "R13",
        "written_report": "R14",
        "inform_own_practitioner": "R14",
        "care_question": "R15",
        "records_alternative_explained": "R17",
    }
    explanation_items = forms.MultipleChoiceField(
        label=_("I explained to the patient"),
        choices=_choices(EXPLANATION_ITEMS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    written_report = _yes_no_field(_("The opinion is put in writing"))
    inform_own_practitioner = _yes_no_field(_("The own practitioner may be informed"))
    copy_recipients = forms.CharField(
        label=_("Who else receives a copy"),
        required=False,
        max_length=1000,  # as the API (api/schemas_cases.py TransitionIn)
        help_text=_("Besides the requester, who always receives the report."),
    )
    care_question = text_area(
        _("Question as the adviser puts it"),
        rows=3,
        help_text=_(
            "The question as agreed with the patient. It is kept beside the patient's own question, "
            "which stays as the patient wrote it."
        ),
    )
    records_alternative_explained = forms.BooleanField(
        label=_(
            "I explained that without consent to request the records, additional examination at the "
            "patient's own cost may be needed, or the patient can fetch the records himself"
        ),
        required=False,
    )
    reimbursement_explained = forms.BooleanField(
        label=_(
            "I explained reimbursement: what the insurance pays for this patient, with or without a referral"
        ),
        required=False,
    )

    def set_case(self, case: SecondOpinionCase) -> None:
        self.fields["care_question"].initial = case.established_care_question or case.care_question


class FindingsForm(StepForm):
    findings = text_area(_("Findings"), required=True, rows=4)
    anamnesis_medical = text_area(_("Medical anamnesis"), rows=2)
    anamnesis_dental = text_area(_("Dental anamnesis"), rows=2)
    anamnesis_psychosocial = text_area(_("Psychosocial anamnesis"), rows=2)


class FinaliseForm(StepForm):
    confirm = forms.BooleanField(
        label=_("I have checked the report. Once final it can no longer be changed (R24)."),
    )


class CloseForm(StepForm):
    RULES = {"closure_decision": "R27"}
    closure_decision = forms.ChoiceField(
        label=_("The patient's decision"),
        choices=_choices(CLOSURE_DECISIONS),
        required=False,
        widget=forms.RadioSelect,
    )
    note = text_area(PATIENT_NOTE, rows=2, help_text=PATIENT_NOTE_HELP)
    internal_note = internal_note_field()


class WithdrawForm(StepForm):
    note = text_area(_("Reason"), rows=2)
    internal_note = internal_note_field()
    confirm = forms.BooleanField(label=_("Yes, withdraw this request."))

    def set_acting_role(self, role: str | None) -> None:
        """Only the patient's side withdraws; the practice records a withdrawal the patient made
        another way, saying how and when (R9), and the patient reads that note. The patient's side
        writes no internal note: its form has no such field."""
        if not writes_internal_note(role):
            del self.fields["internal_note"]
        if role is None or role in WITHDRAWS_OWN:
            return
        self.fields["note"].label = _("How and when did the patient withdraw?")
        self.fields["note"].help_text = _(
            "For example: by telephone on 3 March 2026. At least 10 characters; the patient reads this "
            "note. If the practice itself wants to end the request, refuse it for a weighty reason instead."
        )
        self.fields["confirm"].label = _("Yes, the patient has withdrawn this request.")


# The form of each lifecycle step, by the step's name in the core's transition table.
STEP_FORMS: dict[str, type[StepForm]] = {
    "accept": AcceptForm,
    "redirect": RedirectForm,
    "refuse": RefuseForm,
    "assign": AssignForm,
    "inform": InformForm,
    "gather": NoteForm,
    "examine": NoteForm,
    "findings": FindingsForm,
    "finalise": FinaliseForm,
    "close": CloseForm,
    "withdraw": WithdrawForm,
}


def step_form(step: str, data: Any = None) -> StepForm:
    """The form of one step, its element ids prefixed with the step's name."""
    return STEP_FORMS[step](data, auto_id=f"{step}-%s")
