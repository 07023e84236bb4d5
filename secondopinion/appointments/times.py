"""Time for appointments: stored in UTC, shown and reasoned about in Europe/Amsterdam.

Pure functions, no ORM, so the day-before reminder can be checked over any instant (tests use
hypothesis across the daylight-saving changes)."""

import datetime as dt
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
# The patient books, moves or cancels until this long before the consult starts.
CUTOFF = dt.timedelta(hours=24)
# The reminder goes out at this local time on the calendar day before the consult.
REMINDER_AT = dt.time(9, 0)


def local(moment: dt.datetime) -> dt.datetime:
    """An aware instant as the clock in Amsterdam shows it."""
    if moment.tzinfo is None:
        raise ValueError("a naive datetime has no place in time")
    return moment.astimezone(AMSTERDAM)


def reminder_due(starts_at: dt.datetime) -> dt.datetime:
    """09:00 in Amsterdam on the calendar day before the consult, as an aware UTC instant.

    The day before is the local calendar's, not 24 hours earlier: across a change to or from summer
    time that day has 23 or 25 hours, and the reminder still comes at nine in the morning. Nine
    o'clock exists on every day in Amsterdam (the clocks change at two and three at night)."""
    day_before = local(starts_at).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day_before, REMINDER_AT, tzinfo=AMSTERDAM).astimezone(dt.UTC)


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants that bound a local week from Monday 00:00 to the next Monday 00:00."""
    start = dt.datetime.combine(monday, dt.time(0, 0), tzinfo=AMSTERDAM)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(0, 0), tzinfo=AMSTERDAM)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def parse_week(text: str, today: dt.date) -> dt.date:
    """The Monday of an ISO week written as 2026-W14; this week's Monday for anything else."""
    try:
        year, week = text.strip().upper().split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return monday_of(today)


def iso_week(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def latest_slot_day(today: dt.date) -> dt.date:
    """The last day a time may be offered on: one year from today (29 February: 28 February next
    year). Nobody plans a consult further ahead, and a day in the year 9999 is a typing error."""
    try:
        return today.replace(year=today.year + 1)
    except ValueError:
        return today.replace(year=today.year + 1, day=28)
