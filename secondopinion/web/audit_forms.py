"""The period filter of the patient's access-log page ("who looked at my file", NEN 7513)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.core.day_field import DayField
from secondopinion.web.forms import WebForm

BAD_DATE = _("Enter a date as day-month-year, for example 14-03-2025.")


def _date_field(label: Any) -> forms.DateField:
    return DayField(
        label=label,
        required=False,
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class AccessLogFilterForm(WebForm):
    id_prefix = "period"
    start = _date_field(_("From"))
    end = _date_field(_("Until"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and start > end:
            self.add_error("end", _("The end date lies before the start date."))
        return data


class OwnAccessLogForm(AccessLogFilterForm):
    """ "Who looked at my file": a period, and whether the reader's own looks are shown too. They are
    logged like anyone's (NEN 7513), but every visit of the page is one, and they buried the others."""

    mine = forms.BooleanField(label=_("Also show when I looked myself"), required=False)


class AccessLogReviewForm(AccessLogFilterForm):
    """The complaints officer's search of the access log: one case, a period, or both."""

    id_prefix = "review"
    case = forms.CharField(
        label=_("Case reference"),
        required=False,
        max_length=30,
        help_text=_("For example TM-2026-00012; leave empty for every case."),
    )
    field_order = ["case", "start", "end"]
