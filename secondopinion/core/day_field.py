"""The one field for a typed day on every form (web, appointments): as the date picker sends it
(YYYY-MM-DD) or as typed the Dutch way (DD-MM-YYYY), and nothing else: no bare number, no digits of another script
(core/dates.py, as the API). A day written the right way that is not on the calendar (31 February,
a year 0) is told so, not that it is written wrongly.

A form may bound the day: `earliest` and `latest` are a date, or a callable giving one when the form
is checked (`timezone.localdate` for "today", which a date fixed at import would get wrong the next
day). A day outside is refused with the form's own words ("too_early", "too_late"), or by default
with the bound written out. A date of birth has one set of bounds and words everywhere
(`birth_date_field`)."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from secondopinion.core.dates import NoSuchDay, long_date, parse_day

Bound = dt.date | Callable[[], dt.date] | None

# A day typed with slashes (31/12/1980), taken only where a form asks for it (`slashes=True`).
_SLASHES = re.compile(r"\s*\d{1,2}/\d{1,2}/\d{4}\s*", re.ASCII)

# No one alive was born before 1900; a year before it is a typing error (1088 for 1988).
EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
BIRTH_DATE_ERRORS = {
    "too_early": _("The date of birth cannot be before 1900: check the year."),
    "too_late": _("The date of birth cannot be in the future."),
}


def _day(bound: Bound) -> dt.date | None:
    return bound() if callable(bound) else bound


class DayField(forms.DateField):
    default_error_messages = {
        "invalid": _("Write the day as YYYY-MM-DD or DD-MM-YYYY."),
        "no_such_day": _("This date does not exist."),
        "no_year_zero": _("There is no year 0: check the year."),
        "too_early": _("Choose a day on or after %(earliest)s."),
        "too_late": _("Choose a day on or before %(latest)s."),
    }

    def __init__(
        self, *, earliest: Bound = None, latest: Bound = None, slashes: bool = False, **kwargs: Any
    ) -> None:
        self.earliest, self.latest, self.slashes = earliest, latest, slashes
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value)
        if self.slashes and _SLASHES.fullmatch(text):
            text = text.replace("/", "-")
        try:
            return parse_day(text)
        except NoSuchDay as exc:
            code = "no_year_zero" if exc.year == 0 else "no_such_day"
            raise forms.ValidationError(self.error_messages[code], code=code) from exc
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        earliest, latest = _day(self.earliest), _day(self.latest)
        code = (
            "too_early"
            if earliest is not None and value < earliest
            else "too_late"
            if latest is not None and value > latest
            else None
        )
        if code is not None:
            language = get_language() or "nl"
            params = {
                "earliest": long_date(earliest, language) if earliest is not None else "",
                "latest": long_date(latest, language) if latest is not None else "",
            }
            raise forms.ValidationError(self.error_messages[code], code=code, params=params)


def birth_date_field(label: Any, *, widget: forms.Widget, **kwargs: Any) -> DayField:
    """A date of birth: not before 1900 and not in the future, each refused in plain words. The form's
    own error_messages (for "invalid", say) come on top of these."""
    messages = {**BIRTH_DATE_ERRORS, **kwargs.pop("error_messages", {})}
    return DayField(
        label=label,
        earliest=EARLIEST_BIRTH_DATE,
        latest=timezone.localdate,
        widget=widget,
        error_messages=messages,
        **kwargs,
    )
