"""The forms of the patient's guide before a request: the decision aid (R5, R6, R7, R2) and the search
for an independent giver; the request wizard's steps are in forms.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.journey.forms import (
    DISCIPLINES,
    YES_NO,
    YES_NO_UNSURE,
    JourneyForm,
    practitioners_matching,
    radio,
)


class DecisionForm(JourneyForm):
    """The decision aid (R5, R6, R7, R2): plain questions, one fieldset each."""

    protocol = radio(_("Who is your question about?"), DISCIPLINES)
    wants_transfer = radio(_("Do you want another practitioner to take over your treatment?"), YES_NO)
    treatment_ended = radio(
        _("Has your treatment with this practitioner ended?"),
        YES_NO_UNSURE,
        help_text=_(
            "For example: you received a discharge letter, or your record says the treatment is over."
        ),
    )
    about_the_person = radio(
        _("Are you unhappy with how you were treated as a person, for example friendliness or reachability?"),
        YES_NO,
    )
    doubts_the_care = radio(
        _("Do you doubt a diagnosis or a treatment plan, or do you want more certainty about it?"), YES_NO
    )
    work_done = radio(
        _("Dental care only: has the treatment you are asking about already been carried out?"),
        YES_NO,
        help_text=_("Answer 'No' if your question is not about dental care."),
    )


class GiverSearchForm(JourneyForm):
    """Finding a giver: whose practitioner, which discipline, where."""

    practitioner = forms.ModelChoiceField(
        label=_("Your own practitioner"), queryset=practitioners_matching(""), required=False
    )
    discipline = forms.ChoiceField(label=_("Discipline"), required=False)
    city = forms.CharField(label=_("Place"), required=False, max_length=100)
