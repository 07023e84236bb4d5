"""The check every free text of a form takes, whatever package the form lives in (web/, accounts/,
letters/, …): invisible and direction-changing characters refused at the field (core/invisible.py
says which and why). WebForm (web/forms_base.py) has it; a plain `forms.Form` elsewhere gets it with
`class XForm(PlainTextForm, forms.Form)`."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from secondopinion.core.invisible import hidden_character
from secondopinion.core.text import Text

SENT_TWICE = Text(
    "Dit veld is meer dan eens verstuurd. Vul het formulier opnieuw in en verstuur het één keer.",
    "This field was sent more than once. Fill in the form again and send it once.",
)
HIDDEN_CHARACTERS = _(
    "This text contains invisible characters, such as control characters or characters that change "
    "the reading direction. Remove them and try again."
)


def no_hidden_characters(value: Any) -> None:
    """The one check of every free text a form of this UI takes (core/invisible.py says which
    characters and why; a zero-width joiner inside an emoji stays). The page names the field."""
    if isinstance(value, str) and hidden_character(value) is not None:
        raise ValidationError(HIDDEN_CHARACTERS, code="hidden_characters")


class PlainTextForm(forms.BaseForm):
    """A form whose every text field refuses invisible and direction-changing characters (and NUL,
    which PostgreSQL cannot store) before the form's own checks run, with one plain error at the
    field and nothing saved. Fields a form adds in its own __init__ are checked too: the check is
    attached when the form is cleaned. A password is never shown and is stored only as a hash, so
    its field keeps just Django's NUL check. WebForm has it; a plain `forms.Form` elsewhere gets it
    with `class XForm(PlainTextForm, forms.Form)`."""

    def full_clean(self) -> None:
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field.widget, forms.PasswordInput)
                and no_hidden_characters not in field.validators
            ):
                # Django's own NUL check says the same less plainly: one error, not two.
                field.validators = [
                    v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)
                ]
                field.validators.append(no_hidden_characters)
        super().full_clean()
        self._refuse_fields_sent_twice()

    def _refuse_fields_sent_twice(self) -> None:
        """A field that takes one value, sent twice (`note=a&note=b`): Django would take the last one
        without a word, though which was meant is unknowable; no page of the product sends one twice.
        The field gets an error and the form is not valid. Lists (check boxes, multiple choices) and
        files are left alone."""
        getlist = getattr(self.data, "getlist", None)
        if not self.is_bound or getlist is None:
            return
        for name, field in self.fields.items():
            widget = field.widget
            if (
                getattr(widget, "allow_multiple_selected", False)
                or isinstance(widget, (forms.MultipleHiddenInput, forms.MultiWidget))
                or isinstance(field, forms.FileField)
            ):
                continue
            if len(getlist(self.add_prefix(name))) > 1:
                self.add_error(name, ValidationError(str(SENT_TWICE), code="sent_twice"))
