"""A day typed by a person or a client: an ISO date (YYYY-MM-DD) or the Dutch way (DD-MM-YYYY).
Nothing else is a date here: no number of seconds, no timestamp, no digits of other scripts."""

import datetime as dt
import re

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DUTCH = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})", re.ASCII)
DATE_FORMS = "YYYY-MM-DD / DD-MM-YYYY"


def parse_day(text: str) -> dt.date:
    """The day `text` names, or ValueError. Surrounding spaces are ignored."""
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
        raise ValueError(f"no such day: {value}") from exc
