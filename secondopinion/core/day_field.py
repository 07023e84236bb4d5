"""The one field for a typed day on every form (web, appointments): as the date picker sends it
(YYYY-MM-DD) or as typed the Dutch way (DD-MM-YYYY), and nothing else: no bare number, no digits of another script
(core/dates.py, as the API). A day written the right way that is not on the calendar (31 February,
a year 0) is told so, not that it is written wrongly."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from secondopinion.core.dates import NoSuchDay, parse_day


class DayField(forms.DateField):
    default_error_messages = {
        "invalid": _("Write the day as YYYY-MM-DD or DD-MM-YYYY."),
        "no_such_day": _("This date does not exist."),
        "no_year_zero": _("There is no year 0: check the year."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_day(str(value))
        except NoSuchDay as exc:
            code = "no_year_zero" if exc.year == 0 else "no_such_day"
            raise forms.ValidationError(self.error_messages[code], code=code) from exc
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
