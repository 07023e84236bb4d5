"""Web forms. Each turns the posted fields into the core's input; the core's rules decide the rest.

Field names match the core's input fields (SubmitInput, StepInput), so an error a service raises
for a field lands on the form field of the same name. Fields whose absence a rule explains (R13,
R14, R15, R9, R27) are optional here: the rule speaks, with its id, rather than a generic
"required".
"""

from dataclasses import fields
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.text import Text
from secondopinion.directory.independence import giver_candidates
from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
    REPORT_SECTIONS,
    REQUESTER_KINDS,
    REQUIRED_REPORT_SECTIONS,
    SUBJECTS,
)

STEP_FIELDS = frozenset(f.name for f in fields(StepInput))
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
CHOOSE = _("Choose…")


def _capitalised(text: Text) -> str:
    """A Text as a form label: capitalised, in the language active when the label is shown."""
    return lazy(lambda: capfirst(str(text)), str)()


def _choices(vocabulary: dict[str, Text], *, leave_out: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    return [(key, text) for key, text in vocabulary.items() if key not in leave_out]


def _yes_no_field(label: Any, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


def text_area(label: Any, *, required: bool = False, rows: int = 3, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class WebRenderer(DjangoTemplates):
    field_template_name = "web/forms/field.html"


class WebForm(forms.Form):
    """A form of this UI. Several share a page, so each form's element ids start with its own
    prefix; `RULES` names the rule that requires a field the form itself leaves optional."""

    default_renderer = WebRenderer
    id_prefix = "id"
    RULES: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class StepForm(WebForm):
    """A lifecycle step's form. `set_case` fills what depends on the case (choices, initial values)."""

    def set_case(self, case: SecondOpinionCase) -> None:
        return None

    def to_input(self) -> StepInput:
        return StepInput(**{k: v for k, v in self.cleaned_data.items() if k in STEP_FIELDS})


class NoteForm(StepForm):
    note = text_area(_("Note"), rows=2)


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
    note = text_area(_("Note for the patient"), rows=2)


class RefuseForm(StepForm):
    RULES = {"refusal_reason": "R9", "refusal_note": "R9"}
    refusal_reason = forms.ChoiceField(
        label=_("Weighty reason"),
        choices=_choices(REFUSAL_REASONS),
        required=False,
        widget=forms.RadioSelect,
    )
    refusal_note = text_area(_("Explanation"), help_text=_("At least 10 characters; it is recorded."))


class AssignForm(StepForm):
    giver_id = forms.IntegerField(
        label=_("Second-opinion giver"),
        widget=forms.Select,
        help_text=_(
            "Only practitioners who pass the independence check (R10, R11) are offered; "
            "the rule is checked again when you assign."
        ),
    )
    note = text_area(_("Note"), rows=2)

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
        help_text=_("Besides the requester, who always receives the report."),
    )
    care_question = text_area(
        _("Established care question"), rows=3, help_text=_("The question as agreed with the patient.")
    )
    records_alternative_explained = forms.BooleanField(
        label=_(
            "I explained that without consent to request the records, additional examination at the "
            "patient's own cost may be needed, or the patient can fetch the records himself"
        ),
        required=False,
    )
    reimbursement_explained = forms.BooleanField(
        label=_("I explained reimbursement: basic insurance usually pays only with a referral"),
        required=False,
    )

    def set_case(self, case: SecondOpinionCase) -> None:
        self.fields["care_question"].initial = case.care_question


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
    note = text_area(_("Note"), rows=2)


class WithdrawForm(StepForm):
    note = text_area(_("Reason"), rows=2)
    confirm = forms.BooleanField(label=_("Yes, withdraw this request."))


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


class ReportDraftForm(WebForm):
    """Every report section; the required ones (R22) are checked when the report is finalised."""

    id_prefix = "report"
    RULES = dict.fromkeys(REQUIRED_REPORT_SECTIONS, "R22")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in REPORT_SECTIONS.items():
            self.fields[key] = text_area(_capitalised(label), rows=4)

    @classmethod
    def for_case(cls, case: SecondOpinionCase) -> "ReportDraftForm":
        report = getattr(case, "report", None)
        return cls(initial={key: getattr(report, key, "") for key in REPORT_SECTIONS})


class AddendumForm(WebForm):
    id_prefix = "addendum"
    text = text_area(_("Correction or addition"), required=True, rows=3)


class PractitionerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Practitioner) -> str:
        return f"{obj.name} — {obj.organisation}"


# What a patient reads under the fields of their own request: plain words, no rule ids (those are
# for the staff who fill in the same form for a patient).
PATIENT_HELP = {
    "under_treatment": _("A second opinion is for a patient who returns to the own practitioner."),
    "wants_transfer": _("That is a transfer of care, not a second opinion."),
    "own_practitioner_informed": _("Not required, but advised."),
}
# What staff and practitioners read when they fill in the form for a patient: the patient in the third
# person, never "I" (the rule ids stay, as professionals need them).
PROFESSIONAL_LABELS = {
    "under_treatment": _("Is the patient still under treatment of this practitioner?"),
    "wants_transfer": _("The patient wants another practitioner to take over the treatment"),
    "own_practitioner_informed": _("The patient has discussed this with the own practitioner"),
    "care_question": _("The patient's question"),
}
PROFESSIONAL_HELP = {
    "care_question": _("What does the patient want the second-opinion giver to answer?"),
}


class SubmitForm(WebForm):
    """A new request. A patient asks for themself; staff name the patient by BSN, and who is asking."""

    patient_bsn = forms.CharField(
        label=_("Patient's BSN"),
        max_length=12,
        help_text=_("The citizen service number: 9 digits that pass the 11-check."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # With the BSN the date of birth: a BSN alone names nobody; the patient is confirmed by initials
    # and year of birth before the request is submitted (web/identity_views.py).
    patient_birth_date = forms.DateField(
        label=_capitalised(Text("geboortedatum van de patiënt", "patient's date of birth")),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    patient_confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    requester_kind = forms.ChoiceField(
        label=_("Who is asking"), choices=[("", CHOOSE), *_choices(REQUESTER_KINDS)]
    )
    protocol = forms.ChoiceField(
        label=_("Discipline"), choices=[(code, p.name) for code, p in PROTOCOLS.items()]
    )
    treating_practitioner_id = PractitionerChoiceField(
        label=_("Own (treating) practitioner"),
        queryset=Practitioner.objects.select_related("organisation"),
        empty_label=CHOOSE,
    )
    organisation_id = forms.ModelChoiceField(
        label=_("Practice or hospital for the second opinion"),
        queryset=Organisation.objects.all(),
        empty_label=CHOOSE,
    )
    subject = forms.ChoiceField(
        label=_("What is the second opinion about?"), choices=_choices(SUBJECTS), widget=forms.RadioSelect
    )
    treatment_started = _yes_no_field(_("Has the treatment already started?"), required=True)
    under_treatment = forms.ChoiceField(
        label=_("Are you still under treatment of this practitioner?"),
        choices=[
            ("yes", _("yes")),
            ("no", _("no, the treatment has ended")),
            ("unclear", _("I am not sure")),
        ],
        initial="yes",
        required=False,
        widget=forms.RadioSelect,
        help_text=_("A second opinion is for a patient who returns to the own practitioner (R4)."),
    )
    wants_transfer = forms.BooleanField(
        label=_("I want another practitioner to take over my treatment"),
        required=False,
        help_text=_("That is a transfer of care, not a second opinion (R7)."),
    )
    own_practitioner_informed = forms.BooleanField(
        label=_("I have discussed this with my own practitioner"),
        required=False,
        help_text=_("Advised (R12)."),
    )
    patient_consulted = forms.BooleanField(
        label=_("The patient was consulted about this request"),
        required=False,
        help_text=_("Required when a practitioner asks for a second opinion himself (R8)."),
    )
    gp_informed = forms.BooleanField(
        label=_("The GP or specialist has been informed"),
        required=False,
        help_text=_("Required when a practitioner asks for a second opinion himself (R8)."),
    )
    care_plan_available = forms.BooleanField(
        label=_("There is a care plan or treatment plan"), required=False, initial=True
    )
    care_question = text_area(
        _("Your question"),
        required=True,
        rows=4,
        help_text=_("What would you like the second-opinion giver to answer?"),
    )
    has_referral = forms.BooleanField(label=_("There is a referral"), required=False)
    referrer_id = PractitionerChoiceField(
        label=_("Referring practitioner"),
        queryset=Practitioner.objects.select_related("organisation"),
        required=False,
        empty_label=CHOOSE,
        help_text=_("For reimbursement from basic insurance a referral is usually needed."),
    )

    def __init__(self, *args: Any, patient: Patient | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.patient = patient
        if patient is not None:
            del self.fields["patient_bsn"], self.fields["requester_kind"]
            del self.fields["patient_birth_date"], self.fields["patient_confirmed"]
            del self.fields["patient_consulted"], self.fields["gp_informed"]
            for name, help_text in PATIENT_HELP.items():  # the same help, without the rule ids
                self.fields[name].help_text = help_text
        else:
            for name, label in PROFESSIONAL_LABELS.items():
                self.fields[name].label = label
            for name, help_text in PROFESSIONAL_HELP.items():
                self.fields[name].help_text = help_text
            under_treatment = self.fields["under_treatment"]
            assert isinstance(under_treatment, forms.ChoiceField)
            under_treatment.choices = [
                ("yes", _("yes")),
                ("no", _("no, the treatment has ended")),
                ("unclear", _("not clear")),
            ]

    def needs_confirmation(self) -> bool:
        """Staff named the patient by BSN and date of birth, not yet confirmed by initials and year."""
        return "patient_bsn" in self.fields and not self.cleaned_data.get("patient_confirmed")

    def to_input(self) -> SubmitInput:
        data = self.cleaned_data
        referrer = data.get("referrer_id")
        return SubmitInput(
            protocol=data["protocol"],
            patient_id=self.patient.pk if self.patient is not None else None,
            patient_bsn=data.get("patient_bsn", ""),
            patient_birth_date=data.get("patient_birth_date"),
            organisation_id=data["organisation_id"].pk,
            treating_practitioner_id=data["treating_practitioner_id"].pk,
            care_question=data["care_question"],
            subject=data["subject"],
            treatment_started=data["treatment_started"],
            requester_kind=data.get("requester_kind") or "patient",
            referrer_id=referrer.pk if referrer is not None else None,
            has_referral=data["has_referral"],
            under_treatment=data["under_treatment"] or "yes",
            wants_transfer=data["wants_transfer"],
            own_practitioner_informed=data["own_practitioner_informed"],
            patient_consulted=data.get("patient_consulted", False),
            gp_informed=data.get("gp_informed", False),
            care_plan_available=data["care_plan_available"],
        )
