"""Days in and out. In: a day typed by a person or a client, an ISO date (YYYY-MM-DD) or the Dutch
way (DD-MM-YYYY); nothing else is a date here: no number of seconds, no timestamp, no digits of
other scripts. Out: the product's one way to write a day and a moment per language, on pages,
letters and the report: "3 december 2026" and "3 december 2026, 14:05" in Dutch, "3 December 2026"
and "3 December 2026, 14:05" in English, in the product's time zone (Europe/Amsterdam)."""

import datetime as dt
import re

from django.utils import dateformat, timezone, translation

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DUTCH = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})", re.ASCII)
DATE_FORMS = "YYYY-MM-DD / DD-MM-YYYY"


class NoSuchDay(ValueError):
    """Written the right way, but no day of the calendar: 31-02-2026, or a year 0."""

    def __init__(self, value: str, year: int) -> None:
        super().__init__(f"no such day: {value}")
        self.year = year


def parse_day(text: str) -> dt.date:
    """The day `text` names, or ValueError (NoSuchDay when it is written the right way but does not
    exist). Surrounding spaces are ignored."""
    value = text.strip()
    if found := _ISO.fullmatch(value):
        year, month, day = (int(part) for part in found.groups())
    elif found := _DUTCH.fullmatch(value):
        day, month, year = (int(part) for part in found.groups())
    else:
        raise ValueError(f"not a date: use {DATE_FORMS}")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise NoSuchDay(value, year) from exc


DAY = "j F Y"
MOMENT = "j F Y, H:i"


def long_date(day: dt.date, language: str) -> str:
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day) if timezone.is_aware(day) else day.date()
    with translation.override(language):
        return dateformat.format(day, DAY)


def long_moment(moment: dt.datetime, language: str) -> str:
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    with translation.override(language):
        return dateformat.format(moment, MOMENT)
