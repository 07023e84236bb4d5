"""The forms of the patient's side: a message, the evaluation (R27), a complaint and its decision (R28).
They only parse; the services validate and decide."""

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from secondopinion.aftercare import deadlines
from secondopinion.aftercare.complaints import JUDGMENT_LABELS
from secondopinion.aftercare.models import COMPLAINT_MAX_LENGTH, MESSAGE_MAX_LENGTH
from secondopinion.aftercare.presenters import EVALUATION_DECISIONS, SATISFACTION_LABELS
from secondopinion.core.day_field import DayField
from secondopinion.core.forms import PlainTextForm
from secondopinion.core.text import Text
from secondopinion.protocols.vocabulary import CLOSURE_DECISIONS, OUTCOMES


def _in_language(text: Text) -> str:
    return text.in_language(get_language())


_label = lazy(_in_language, str)


def _form_key() -> str:
    return uuid.uuid4().hex


def _furthest_extension() -> dt.date:
    return deadlines.latest_extension(timezone.localdate())


class MessageForm(PlainTextForm, forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # A new key each time the form is shown: the same form sent twice is one message (the service
    # keeps the first), the same words written again in a fresh form are a new one.
    form_key = forms.CharField(widget=forms.HiddenInput, required=False, initial=_form_key)


class EvaluationForm(PlainTextForm, forms.Form):
    decision = forms.ChoiceField(
        label=_("What do you decide after the second opinion?"),
        # In the patient's own words (first person); the stored keys are the closure decisions'.
        choices=[(key, _label(EVALUATION_DECISIONS[key])) for key in CLOSURE_DECISIONS],
        widget=forms.RadioSelect,
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with how the second opinion went?"),
        choices=[
            (score, _label(Text(f"{score}: {text.nl}", f"{score}: {text.en}")))
            for score, text in SATISFACTION_LABELS.items()
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you want to add"),
        required=False,
        max_length=COMPLAINT_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ComplaintForm(PlainTextForm, forms.Form):
    text = forms.CharField(
        label=_("Your complaint"),
        max_length=COMPLAINT_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ComplaintDecisionForm(PlainTextForm, forms.Form):
    judgment = forms.ChoiceField(
        label=_("Judgment on the complaint"),
        choices=[(key, _label(text)) for key, text in JUDGMENT_LABELS.items()],
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        label=_("Reasons for the judgment"),
        max_length=COMPLAINT_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    inadmissible = forms.BooleanField(
        label=_("Declare the second opinion inadmissible (R28)"), required=False
    )
    inadmissible_reason = forms.CharField(
        label=_("Reason it is inadmissible"),
        required=False,
        max_length=COMPLAINT_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    propose_ont_mediation = forms.BooleanField(
        label=_("Propose a second opinion by an ONT member in mediation"), required=False
    )
    # A decision is final (Wkkgz): it is recorded only when the officer confirms it, here on the server.
    confirm_final = forms.BooleanField(
        label=_("I confirm this is my final decision"),
        error_messages={
            "required": _("Tick this box to record the decision. Nothing has been recorded yet.")
        },
    )

    def service_values(self) -> dict[str, Any]:
        """The values the decision service takes (complaints.complaint_decide), once the form is valid."""
        return {name: value for name, value in self.cleaned_data.items() if name != "confirm_final"}


class ComplaintExtensionForm(PlainTextForm, forms.Form):
    """Wkkgz: the written notice to the complainant that the decision takes longer, with its reason."""

    # R28 sends a complaint to the giver's complaint scheme (domain.md); its terms are the Wkkgz's
    # (art. 17, aftercare/deadlines.py): the decision within six weeks of the complaint, put off once
    # by at most four weeks. The form knows no complaint, so it stops what no complaint allows: a day
    # already past, or one after the furthest extension of a complaint that came in today. The service
    # holds the new date to this complaint's own terms and names its latest day.
    until = DayField(
        label=_("New date for the decision"),
        widget=forms.DateInput(attrs={"type": "date"}),
        earliest=timezone.localdate,
        latest=_furthest_extension,
        error_messages={
            "too_early": _("The new date cannot be in the past."),
            "too_late": _(
                "The new date is too far ahead: the decision can be put off once, by at most four weeks "
                "after the six weeks."
            ),
        },
    )
    reason = forms.CharField(
        label=_("Reason for the extension (sent to the complainant)"),
        max_length=COMPLAINT_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(PlainTextForm, forms.Form):
    diagnosis = forms.ChoiceField(
        label=_("Diagnosis after the second opinion"),
        choices=[(key, _label(text)) for key, text in OUTCOMES.items()],
        widget=forms.RadioSelect,
    )
    treatment = forms.ChoiceField(
        label=_("Treatment plan after the second opinion"),
        choices=[(key, _label(text)) for key, text in OUTCOMES.items()],
        widget=forms.RadioSelect,
    )
