"""The letter form on the patient's letters page: which letter, which parts of the record, and an own
sentence. The service checks everything again and names the field at fault."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.core.forms import PlainTextForm
from secondopinion.core.text import Text
from secondopinion.letters.content import OWN_SENTENCE_MAX


class LetterForm(PlainTextForm, forms.Form):
    kind = forms.ChoiceField(
        label=_("Which letter"),
        widget=forms.RadioSelect,
        choices=[
            ("inform", _("A letter to tell your own practitioner that you are asking for a second opinion")),
            ("records", _("A letter asking your own practitioner for a copy of your record")),
        ],
    )
    parts = forms.MultipleChoiceField(
        label=_("What you want a copy of (only for the letter asking for your record)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    own_sentence = forms.CharField(
        label=_("Your own sentence (you may leave this empty)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=OWN_SENTENCE_MAX,
        required=False,
        strip=False,
    )

    def __init__(self, *args, parts: dict[str, Text], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.MultipleChoiceField, self.fields["parts"])
        field.choices = [(key, str(label)) for key, label in parts.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "records" and not data.get("parts"):
            self.add_error("parts", _("Choose what you want to receive."))
        return data
