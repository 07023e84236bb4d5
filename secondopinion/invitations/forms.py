"""Forms of the invitation pages. They check the shape of what is typed; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.core.forms import PlainTextForm
from secondopinion.directory.models import Discipline, Representative
from secondopinion.invitations.models import StaffInvitation


class PrefixedForm(PlainTextForm, forms.Form):
    """Several forms share a page: each form's element ids start with its own prefix."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class StaffInviteForm(PrefixedForm):
    id_prefix = "invite"
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    function = forms.ChoiceField(label=_("Function"), choices=StaffInvitation.Function.choices)
    discipline = forms.ChoiceField(
        label=_("Discipline (for a second-opinion giver)"),
        choices=[("", "—"), *Discipline.choices],
        required=False,
    )
    specialism = forms.CharField(
        label=_("Specialism (for a medical specialist)"), max_length=100, required=False
    )
    agb_code = forms.CharField(
        label=_("AGB code (for a second-opinion giver, 8 digits)"), max_length=8, required=False
    )
    big_number = forms.CharField(label=_("BIG number (optional, 11 digits)"), max_length=11, required=False)

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(organisations) > 1:
            self.fields["organisation_id"] = forms.TypedChoiceField(
                label=_("Organisation"), choices=organisations, coerce=int
            )


class RepresentativeInviteForm(PrefixedForm):
    id_prefix = "rep-invite"
    name = forms.CharField(label=_("Their name"), max_length=200)
    email = forms.EmailField(label=_("Their e-mail address"), max_length=254)
    relation = forms.ChoiceField(
        label=_("This person is my"), choices=[("", "—"), *Representative.Relation.choices]
    )
    case_id = forms.TypedChoiceField(label=_("For"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, cases: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_id"].choices = [("", _("all my requests")), *cases]  # type: ignore[attr-defined]


class AcceptForm(PrefixedForm):
    """A new account: a username (the e-mail address when left empty) and a password, twice."""

    id_prefix = "accept"
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to log in with your e-mail address."),
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data
