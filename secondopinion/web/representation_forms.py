"""Forms of the representation pages (R8): the patient's declaration, and the coordinator's record
of a consent the patient signed on paper."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.core.day_field import birth_date_field
from secondopinion.directory.models import AuthorityEvidence
from secondopinion.directory.validators import validate_bsn
from secondopinion.web.audit_forms import BAD_DATE
from secondopinion.web.forms import WebForm


class RepresentationConsentForm(WebForm):
    """The patient's explicit declaration for one representative (R8, R18)."""

    confirmed = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick the declaration to give consent.")},
    )

    def __init__(self, *args: Any, representative_id: int, name: str, **kwargs: Any) -> None:
        self.id_prefix = f"consent-{representative_id}"
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].label = _(
            "I know that %(name)s may act for me in my second-opinion requests, and I agree."
        ) % {"name": name}


class PaperLookupForm(WebForm):
    """Both identifiers from the signed form: one alone finds nobody."""

    id_prefix = "paper"
    bsn = forms.CharField(label=_("The patient's BSN"), max_length=9, validators=[validate_bsn])
    date_of_birth = birth_date_field(
        _("The patient's date of birth"),
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class PaperConsentForm(WebForm):
    """The coordinator declares having seen the patient's signed form, and attaches it if a case keeps it."""

    confirmed = forms.BooleanField(
        label=_("I have seen the consent form signed by the patient."),
        required=True,
        error_messages={"required": _("Confirm that you have seen the signed form.")},
    )
    file = forms.FileField(label=_("The signed form (scan or photo)"), required=False)

    def __init__(self, *args: Any, representative_id: int, **kwargs: Any) -> None:
        self.id_prefix = f"paper-{representative_id}"
        super().__init__(*args, **kwargs)


class AuthorityForm(WebForm):
    """The coordinator records having checked a parent's authority or a guardianship (R8, WGBO)."""

    id_prefix = "authority"
    evidence = forms.ChoiceField(
        label=_("What you have seen"),
        choices=[("", "—"), *AuthorityEvidence.choices],
        error_messages={
            "required": _("Choose what you have seen."),
            "invalid_choice": _("Choose what you have seen."),
        },
    )
    note = forms.CharField(
        label=_("Note (which document, if other)"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("The note is at most 200 characters.")},
    )
    confirmed = forms.BooleanField(
        required=True,
        error_messages={"required": _("Tick that you have checked the authority.")},
    )

    def __init__(self, *args: Any, name: str, patient: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].label = _(
            "I have checked that %(name)s has parental authority over %(patient)s, or is the guardian."
        ) % {"name": name, "patient": patient}


class AuthorityRevokeForm(WebForm):
    """The coordinator withdraws the check (the parent no longer has authority, or it was recorded in error)."""

    id_prefix = "authority-revoke"
    confirmed = forms.BooleanField(
        label=_("I withdraw the check of the authority."),
        required=True,
        error_messages={"required": _("Tick that you withdraw the check.")},
    )
