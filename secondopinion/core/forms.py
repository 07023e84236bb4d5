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
