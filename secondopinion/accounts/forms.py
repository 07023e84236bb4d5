from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.core.day_field import birth_date_field
from secondopinion.core.forms import PlainTextForm
from secondopinion.directory.validators import normalise_bsn, validate_bsn


class CodeForm(PlainTextForm, forms.Form):
    """The 6-digit code an authenticator app shows; spaces are allowed and ignored."""

    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        required=False,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


class PatientProfileForm(PlainTextForm, forms.Form):
    """Who the patient is: asked once after sign-up, to link the account to a patient record."""

    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # Typed by the patient: 31-12-1980, 31/12/1980 or as a date picker sends it (1980-12-31).
    date_of_birth = birth_date_field(
        _("Date of birth"),
        help_text=_("For example 31-12-1980."),
        slashes=True,
        widget=forms.DateInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
        error_messages={"invalid": _("Enter a date as day-month-year, for example 31-12-1980.")},
    )
    bsn = forms.CharField(
        label=_("Citizen service number (BSN)"),
        help_text=_("9 digits. You find it on your passport, identity card or driving licence."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 2 or not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Enter your full name."))
        return name

    def clean_bsn(self) -> str:
        value = normalise_bsn(self.cleaned_data["bsn"])
        validate_bsn(value)
        return value


class DeletionRequestForm(PlainTextForm, forms.Form):
    reason = forms.CharField(
        label=_("Why do you want your account removed? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("Yes, I ask the practice to remove my account."),
        error_messages={"required": _("Tick the box to confirm your request.")},
    )
