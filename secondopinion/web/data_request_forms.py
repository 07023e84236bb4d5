"""Forms of data requests (R16) and of the signed consent form (R18). Files are checked by content
in the documents service; these forms only carry them there."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from secondopinion.core.text import Text
from secondopinion.web.forms import WebForm, text_area


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files under one name; cleaned to a list."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class DataRequestForm(WebForm):
    """R16: the giver chooses which of the protocol's records to ask the treating practitioner for."""

    id_prefix = "data-request"
    kinds = forms.MultipleChoiceField(label=_("Records to request"), widget=forms.CheckboxSelectMultiple)
    note = text_area(
        _("Note to the treating practitioner"), rows=2, help_text=_("No medical details needed.")
    )
    email = forms.EmailField(
        label=_("E-mail address for the upload link"),
        required=False,
        help_text=_("Leave empty to use the address of the treating practitioner's account."),
    )

    def __init__(self, *args: Any, records: dict[str, Text], language: str = "nl", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(key, text.in_language(language)) for key, text in records.items()]  # type: ignore[attr-defined]


class RecordsUploadForm(WebForm):
    """The treating practitioner supplies the requested records."""

    id_prefix = "records"
    file = MultipleFileField(
        label=_("Files"),
        help_text=_("X-rays (JPEG, PNG, DICOM), PDF, DOCX, or scans (STL, PLY). Several at once are fine."),
    )


class DeclineForm(WebForm):
    id_prefix = "decline"
    reason = text_area(_("Why do you decline?"), required=True, rows=2, max_length=2000)  # as the API


class SignedFormField(forms.FileField):
    """R18: the signed consent form; required for staff by the consent service, not by the form, so
    that a role that may not record consent hears that first."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Signed consent form"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("A scan or photo of the form the patient signed (PDF, JPEG or PNG).")
        )
        super().__init__(**kwargs)
