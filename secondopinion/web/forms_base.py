"""The base of this UI's forms: the renderer, WebForm, and the field helpers every form module uses.

forms.py re-exports these names, so `from secondopinion.web.forms import WebForm` keeps working.
"""

from pathlib import Path
from typing import Any

from django import forms
from django.dispatch import receiver
from django.forms.renderers import DjangoTemplates
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils.autoreload import file_changed
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from secondopinion.api.fields import LONG
from secondopinion.core.forms import PlainTextForm
from secondopinion.core.text import Text

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
CHOOSE = _("Choose…")


def _capitalised(text: Text) -> str:
    """A Text as a form label: capitalised, in the language active when the label is shown."""
    return lazy(lambda: capfirst(str(text)), str)()


def _choices(vocabulary: dict[str, Text], *, leave_out: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    return [(key, text) for key, text in vocabulary.items() if key not in leave_out]


def _yes_no_field(label: Any, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


def text_area(
    label: Any, *, required: bool = False, rows: int = 3, help_text: Any = "", max_length: int = LONG
) -> forms.CharField:
    """A free text of several lines; longer than `max_length` (by default the API's limit for the same
    texts, so what the API would refuse is not taken through a page either) is refused at the field, in
    the reader's language, with the limit and the length sent (the browser already stops typing there)."""
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class WebRenderer(DjangoTemplates):
    field_template_name = "web/forms/field.html"


# One renderer for every form of the process. Django makes a new renderer for each form whose
# default_renderer is a class, and each new renderer builds its own template engine and parses the
# field templates again: a few milliseconds on every page with a form.
RENDERER = WebRenderer()


@receiver(file_changed, dispatch_uid="tm_form_renderer_template_changed")
def _forget_templates(sender: Any, file_path: Path, **kwargs: Any) -> None:
    """The development server: an edited template reaches the forms at once. Django empties the
    cached templates of its own engines and of its default form renderer, not of this one."""
    backend = RENDERER.__dict__.get("engine")  # built at the first form rendered
    if file_path.suffix != ".py" and isinstance(backend, DjangoTemplatesBackend):
        for loader in backend.engine.template_loaders:
            loader.reset()


class WebForm(PlainTextForm, forms.Form):
    """A form of this UI. Several share a page, so each form's element ids start with its own
    prefix; `RULES` names the rule that requires a field the form itself leaves optional. Every
    text field refuses invisible characters (PlainTextForm)."""

    default_renderer = RENDERER
    id_prefix = "id"
    RULES: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)
