"""The copies agreed beforehand (R14) on the case page: for the giver and the coordinator the agreed
recipients as recorded, the copies that went outside the portal, and the coordinator's form to record
one; for the patient and her representative the copies in plain words. Read as part of the case page,
whose read is logged."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from secondopinion.access.permissions import Action, permitted
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.dates import long_date
from secondopinion.core.errors import DomainError
from secondopinion.core.roles import Role
from secondopinion.distribution.copies import NAME_MAX, outside_copies_of
from secondopinion.distribution.models import OutsideCopy
from secondopinion.web.audit_forms import BAD_DATE, DayField
from secondopinion.web.forms import WebForm
from secondopinion.web.presenters import is_patient_view

KEY = "outside_copy"


class OutsideCopyForm(WebForm):
    """R14: a copy of the final report that went to an agreed recipient outside the portal."""

    id_prefix = "copy"
    recipient_name = forms.CharField(label=_lazy("Recipient"), max_length=NAME_MAX)
    channel = forms.ChoiceField(
        label=_lazy("How"), choices=OutsideCopy.Channel.choices, widget=forms.RadioSelect
    )
    sent_on = DayField(
        label=_lazy("Date sent"),
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_lazy("Not before the report became final, and not after today."),
    )


def _sentence(copy: OutsideCopy, patient_name: str, language: str) -> str:
    """One copy as the patient's side reads it, without codes: who, how, on which day."""
    values = {"name": copy.recipient_name, "date": long_date(copy.sent_on, language)}
    if copy.channel == OutsideCopy.Channel.POST:
        return _("A copy went by post to %(name)s, on %(date)s.") % values
    if copy.channel == OutsideCopy.Channel.SECURE_EMAIL:
        return _("A copy went by secure e-mail to %(name)s, on %(date)s.") % values
    if patient_name:  # a representative reads the page: the copy was handed to the patient
        return _("A copy for %(name)s was handed to %(patient)s, on %(date)s.") % (
            values | {"patient": patient_name}
        )
    return _("A copy for %(name)s was handed to you, on %(date)s.") % values


def outside_copy_panel(
    case: SecondOpinionCase,
    roles: frozenset[Role],
    *,
    acting_for: str = "",
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
) -> dict[str, Any]:
    bound_key, bound_form = bound or ("", None)
    report = getattr(case, "report", None)
    final = report is not None and report.state == "final"
    copies = outside_copies_of(case, roles) if final else None
    if copies is None:
        return {"outside_copies_shown": False}
    if is_patient_view(roles):
        language = get_language() or "nl"
        sentences = [_sentence(copy, acting_for, language) for copy in copies]
        return {"outside_copies_shown": bool(sentences), "outside_copy_sentences": sentences}
    form = None
    if permitted(Action.RECORD_OUTSIDE_COPY, roles):
        is_bound = bound_key == KEY and bound_form is not None
        form = bound_form if is_bound else OutsideCopyForm(initial={"sent_on": timezone.localdate()})
    context: dict[str, Any] = {
        "outside_copies_shown": True,
        "outside_copies": copies,
        "agreements": getattr(case, "agreements", None),
        "outside_copy_form": form,
        "outside_copy_error": error if bound_key == KEY else None,
    }
    if bound_key == KEY:
        # Shown in the panel, beside the form, rather than at the top of the page.
        context |= {"page_error": None, "unshown_form": None}
    return context
