"""The coordinator's form to add the patient's own practitioner to the register (journey/unlisted.py),
filled in with what the patient wrote. The register's own checks run again in the service
(directory/entries.py); here each field says plainly what is wrong with it."""

import re
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from secondopinion.directory.entries import NewPractitioner
from secondopinion.directory.independence import SPECIALISED_DISCIPLINES
from secondopinion.directory.models import Discipline
from secondopinion.journey.forms import PROTOCOL_FOR_DISCIPLINE, JourneyForm
from secondopinion.journey.models import UnlistedRequest
from secondopinion.protocols.registry import PROTOCOLS

# People write an AGB code with spaces, dots or a dash between the digits (12-345678).
_SEPARATORS = re.compile(r"[\s.\-]")


class AddPractitionerForm(JourneyForm):
    id_prefix = "add"

    name = forms.CharField(label=_("Name of the practitioner"), max_length=200)
    discipline = forms.ChoiceField(
        label=_("Discipline"),
        choices=[
            (value, capfirst(label))
            for value, label in Discipline.choices
            if value in PROTOCOL_FOR_DISCIPLINE
        ],
        error_messages={"invalid_choice": _("Choose a discipline from the list.")},
    )
    specialism = forms.CharField(
        label=_("Specialism"),
        max_length=100,
        required=False,
        help_text=_(
            "Needed for a medical specialist, for example neurology. For a dentist only when they are a "
            "specialist, for example an orthodontist."
        ),
    )
    practice = forms.CharField(label=_("Name of the practice or hospital"), max_length=200)
    city = forms.CharField(label=_("Place of the practice"), max_length=100)
    agb_code = forms.CharField(
        label=_("AGB code"),
        max_length=20,
        required=False,
        help_text=_("If you know it: 8 digits. Leave it empty if you do not know it."),
    )

    def __init__(self, *args: Any, request: UnlistedRequest, **kwargs: Any) -> None:
        self.request = request
        self.request_discipline = PROTOCOLS[request.protocol].discipline
        initial = {
            "name": request.practitioner_name,
            "discipline": self.request_discipline,
            "practice": request.practice_name,
            "city": request.place,
        }
        super().__init__(*args, initial=initial, **kwargs)

    def clean_agb_code(self) -> str:
        code = _SEPARATORS.sub("", self.cleaned_data.get("agb_code", ""))
        if code and not (len(code) == 8 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(_("An AGB code has exactly 8 digits."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        discipline = data.get("discipline")
        if discipline and discipline != self.request_discipline:
            # The patient chose the kind of practitioner; the costs and rules she was shown follow from it.
            self.add_error(
                "discipline",
                _(
                    "This request is about: %(kind)s. Add a practitioner of that discipline, or ask the "
                    "patient to send a new request."
                )
                % {"kind": PROTOCOLS[self.request.protocol].name},
            )
        if discipline in SPECIALISED_DISCIPLINES and not data.get("specialism", "").strip():
            self.add_error("specialism", _("Fill in the specialism, for example neurology."))
        return data

    def to_entry(self) -> NewPractitioner:
        data = self.cleaned_data
        return NewPractitioner(
            name=data["name"],
            discipline=data["discipline"],
            practice=data["practice"],
            city=data["city"],
            agb_code=data["agb_code"],
            specialism=data["specialism"],
        )
