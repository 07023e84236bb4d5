"""Forms for the side panels of the case page: consents (R18), collegial notices (R6), and the
giver's steps during the examination (R19, R21)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.consent.models import Consent
from secondopinion.directory.models import Practitioner
from secondopinion.web.data_request_forms import SignedFormField
from secondopinion.web.forms import CHOOSE, WebForm, text_area


class ConsentForm(WebForm):
    """R18: a purpose-bound consent. The patient declares it here; staff record a signed form."""

    id_prefix = "consent"
    purpose = forms.ChoiceField(
        label=_("Consent for"), choices=Consent.Purpose.choices, widget=forms.RadioSelect
    )
    given_by_name = forms.CharField(label=_("Given by (name)"), max_length=200, required=False)
    scope = forms.CharField(
        label=_("Scope"),
        required=False,
        max_length=1000,
        help_text=_("For example: which records, which colleague."),
    )
    # R18: on the patient's behalf a consent rests on the signed form (required by the service).
    file = SignedFormField()

    def __init__(self, *args: Any, by_patient: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_patient = by_patient
        if by_patient:
            del self.fields["given_by_name"]
            del self.fields["file"]

    @property
    def method(self) -> str:
        return Consent.Method.IN_APP if self.by_patient else Consent.Method.SIGNED_UPLOAD

    def offering_none_of(self, purposes: set[str]) -> "ConsentForm | None":
        """The patient's blank form without the purposes the page already offers a button for (the
        consents the case waits for): each consent is given in one place. None when nothing is left.
        A posted form keeps every purpose, so a button's post is read by the same form."""
        left = [(key, label) for key, label in Consent.Purpose.choices if key not in purposes]
        if not left:
            return None
        field = self.fields["purpose"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = left
        return self


class CollegialNoticeForm(WebForm):
    id_prefix = "notice"
    text = text_area(
        _("Your notice to the treating practitioner"),
        required=True,
        rows=4,
        help_text=_(
            "Sent to the colleague directly. It never appears in the report and the patient does not see it (R6)."
        ),
    )


class ConsultationForm(WebForm):
    """R19: ask a colleague's advice (needs the patient's consent for it)."""

    id_prefix = "consult"
    colleague_id = forms.ModelChoiceField(
        label=_("Colleague"), queryset=Practitioner.objects.select_related("organisation"), empty_label=CHOOSE
    )
    question = text_area(_("Your question to the colleague"), required=True, rows=3)


class PlanForm(WebForm):
    """R21: a treatment plan drafted with the patient when no care goal or plan exists."""

    id_prefix = "plan"
    description = text_area(_("Treatment plan"), required=True, rows=3)
    cost_estimate_euros = forms.IntegerField(
        label=_("Rough cost indication (euros)"), required=False, min_value=0, max_value=1_000_000
    )


class ProsthesisAdjustmentForm(WebForm):
    """R3: record that the prosthesis was adjusted while the hold stood."""

    id_prefix = "prosthesis"
    adjusted_at = forms.DateTimeField(
        label=_("When was the prosthesis adjusted?"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty for now. It cannot be undone: the case then no longer follows R3."),
    )
    confirm = forms.BooleanField(label=_("Yes, the prosthesis was adjusted while the hold stood."))


class IndependenceForm(WebForm):
    """R10: the assigned giver confirms the declaration of independence; the core judges it."""

    id_prefix = "independence"
    statement_confirmed = forms.BooleanField(
        label=_(
            "I declare that I work in the same discipline and at the same level as the treating "
            "practitioner, am in no way connected to the treating practitioner or their practice or "
            "organisation, and have no direct interest in the problem or its solution."
        ),
        required=False,
    )
