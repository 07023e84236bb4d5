"""The reminder goes at nine in the morning, Dutch time, on the calendar day before the consult: also
across the changes to and from summer time, when that day has 23 or 25 hours."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from secondopinion.appointments.times import AMSTERDAM, local, parse_week, reminder_due, week_bounds

# Any instant from 2020 to 2040, to the minute: dozens of changes of the clocks in both directions.
# (hypothesis takes naive bounds and makes each value aware in the zone given.)
instants = st.datetimes(
    min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2040, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
).map(lambda moment: moment.replace(second=0, microsecond=0))


@given(instants)
def test_the_reminder_is_at_nine_on_the_local_day_before(starts_at):
    due = reminder_due(starts_at)

    assert due.utcoffset() == dt.timedelta(0)
    assert local(due).date() == local(starts_at).date() - dt.timedelta(days=1)
    assert (local(due).hour, local(due).minute) == (9, 0)
    assert dt.timedelta(hours=9) < starts_at - due < dt.timedelta(hours=40)


@given(instants)
def test_nine_oclock_on_the_day_before_exists_and_reads_back_the_same(starts_at):
    due = reminder_due(starts_at)
    wall = dt.datetime.combine(local(due).date(), dt.time(9, 0))

    # Not a time the clocks skip, not one they repeat: it round-trips through UTC unchanged.
    assert local(wall.replace(tzinfo=AMSTERDAM).astimezone(dt.UTC)).replace(tzinfo=None) == wall
    assert wall.replace(tzinfo=AMSTERDAM, fold=1).utcoffset() == wall.replace(tzinfo=AMSTERDAM).utcoffset()


def test_on_the_day_summer_time_starts_the_reminder_is_an_hour_earlier_in_utc():
    # 28 March 2027 is the last Sunday of March: at 02:00 the clocks go to 03:00.
    monday = dt.datetime(2027, 3, 29, 10, 0, tzinfo=AMSTERDAM)  # 08:00 UTC, summer time
    sunday = dt.datetime(2027, 3, 28, 10, 0, tzinfo=AMSTERDAM)  # 08:00 UTC, summer time already

    assert reminder_due(monday) == dt.datetime(2027, 3, 28, 7, 0, tzinfo=dt.UTC)  # 09:00 summer time
    assert reminder_due(sunday) == dt.datetime(2027, 3, 27, 8, 0, tzinfo=dt.UTC)  # 09:00 winter time


def test_on_the_day_summer_time_ends_the_reminder_follows_the_local_clock():
    # 31 October 2027: at 03:00 the clocks go back to 02:00.
    monday = dt.datetime(2027, 11, 1, 10, 0, tzinfo=AMSTERDAM)
    sunday = dt.datetime(2027, 10, 31, 10, 0, tzinfo=AMSTERDAM)

    assert reminder_due(monday) == dt.datetime(2027, 10, 31, 8, 0, tzinfo=dt.UTC)  # 09:00 winter time
    assert reminder_due(sunday) == dt.datetime(2027, 10, 30, 7, 0, tzinfo=dt.UTC)  # 09:00 summer time


def test_a_week_of_the_agenda_runs_from_monday_midnight_to_monday_midnight_dutch_time():
    start, end = week_bounds(parse_week("2027-W12", dt.date(2027, 1, 1)))

    assert start == dt.datetime(2027, 3, 21, 23, 0, tzinfo=dt.UTC)  # Monday 22 March, 00:00 winter time
    assert end == dt.datetime(2027, 3, 28, 22, 0, tzinfo=dt.UTC)  # Monday 29 March, 00:00 summer time
    assert end - start == dt.timedelta(days=7, hours=-1)  # the week that loses an hour
    assert parse_week("nonsense", dt.date(2027, 3, 31)) == dt.date(2027, 3, 29)
