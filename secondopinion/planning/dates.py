"""The arithmetic of due dates and turnaround, in calendar days of the Dutch calendar (Europe/Amsterdam).

Calendar days, not working days: the durations (protocols/durations.py, an organisation's own in
planning/models.py) are the days a patient waits, weekends and holidays included, as the upload link's
validity (TM_UPLOAD_LINK_DAYS) and the law's terms for a copy of the record (one month) count them.
A day is a date on the Amsterdam calendar, never a multiple of 24 hours: a case that entered its state
at 00:30 on the Saturday before the clocks go back is due `days` dates later, not an hour early on the
evening before (which adding 24-hour periods to a UTC timestamp gives)."""

import datetime as dt
import math
from collections.abc import Sequence

from django.utils import timezone


def due_date(entered_at: dt.datetime, days: int) -> dt.date:
    """The day a step is due: `days` calendar days after the local day the case entered its state."""
    return timezone.localdate(entered_at) + dt.timedelta(days=days)


def is_overdue(due: dt.date, today: dt.date) -> bool:
    """Overdue once the due day has passed: on the due day itself the step is still on time."""
    return due < today


def days_between(start: dt.datetime, end: dt.datetime) -> int:
    """Calendar days from the local day of `start` to the local day of `end` (0 on the same day)."""
    return (timezone.localdate(end) - timezone.localdate(start)).days


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """The `fraction` percentile of `values` by linear interpolation between the closest ranks (as
    PostgreSQL's percentile_cont); None for no values. The median is percentile(values, 0.5)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
