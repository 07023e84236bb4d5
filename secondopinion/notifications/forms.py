"""The settings form: which news a user wants by e-mail, and in which language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.core.forms import PlainTextForm
from secondopinion.notifications.models import Preference

LANGUAGE_CHOICES = [("nl", "Nederlands"), ("en", "English")]


class PreferenceForm(PlainTextForm, forms.Form):
    email_status = forms.BooleanField(
        label=_("E-mail me when a second opinion moves on a step"), required=False
    )
    email_messages = forms.BooleanField(label=_("E-mail me when there is a new message"), required=False)
    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        choices=LANGUAGE_CHOICES,
        error_messages={"invalid_choice": _("Choose Nederlands or English.")},
    )

    @classmethod
    def of(cls, user, preference: Preference | None) -> "PreferenceForm":
        """The form as the user's choices stand (both e-mails on when never chosen)."""
        return cls(
            initial={
                "email_status": preference.email_status if preference is not None else True,
                "email_messages": preference.email_messages if preference is not None else True,
                "language": user.preferred_language,
            }
        )
