"""Web forms. Each turns the posted fields into the core's input; the core's rules decide the rest.

Field names match the core's input fields (SubmitInput, StepInput), so an error a service raises
for a field lands on the form field of the same name. Fields whose absence a rule explains (R13,
R14, R15, R9, R27) are optional here: the rule speaks, with its id, rather than a generic
"required".

The shared base is in forms_base.py and the lifecycle steps' forms in forms_steps.py; this module
holds the case's own forms (the report draft, the addendum, the new request) and re-exports the rest.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.cases.inputs import SubmitInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.day_field import birth_date_field
from secondopinion.core.text import Text
from secondopinion.directory.models import Organisation, Patient, Practitioner
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import (
    REPORT_SECTIONS,
    REQUESTER_KINDS,
    REQUIRED_REPORT_SECTIONS,
    SUBJECTS,
)
from secondopinion.web.forms_base import (
    CHOOSE,
    YES_NO,
    WebForm,
    WebRenderer,
    _capitalised,
    _choices,
    _yes_no_field,
    text_area,
)
from secondopinion.web.forms_steps import (
    STEP_FIELDS,
    STEP_FORMS,
    AcceptForm,
    AssignForm,
    CloseForm,
    FinaliseForm,
    FindingsForm,
    InformForm,
    NoteForm,
    RedirectForm,
    RefuseForm,
    StepForm,
    WithdrawForm,
    step_form,
)

# The base (forms_base.py) and the step forms (forms_steps.py) are re-exported, so that
# `from secondopinion.web.forms import ...` keeps working for every name it had.
__all__ = [
    "CHOOSE",
    "PATIENT_HELP",
    "PROFESSIONAL_HELP",
    "PROFESSIONAL_LABELS",
    "STEP_FIELDS",
    "STEP_FORMS",
    "YES_NO",
    "AcceptForm",
    "AddendumForm",
    "AssignForm",
    "CloseForm",
    "FinaliseForm",
    "FindingsForm",
    "InformForm",
    "NoteForm",
    "PractitionerChoiceField",
    "RedirectForm",
    "RefuseForm",
    "ReportDraftForm",
    "StepForm",
    "SubmitForm",
    "WebForm",
    "WebRenderer",
    "WithdrawForm",
    "step_form",
    "text_area",
]


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
    patient_birth_date = birth_date_field(
        _capitalised(Text("geboortedatum van de patiënt", "patient's date of birth")),
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
