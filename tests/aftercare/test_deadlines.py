"""The Wkkgz terms as date arithmetic (aftercare/deadlines.py), checked as properties over any day."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from secondopinion.aftercare import deadlines

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


def _holidays(year: int) -> set[dt.date]:
    """The Dutch public holidays, worked out here on their own (dateutil's Easter) as the oracle."""
    from dateutil.easter import easter

    sunday = easter(year)
    kings = dt.date(year, 4, 27) if dt.date(year, 4, 27).weekday() != 6 else dt.date(year, 4, 26)
    fixed = {dt.date(year, 1, 1), kings, dt.date(year, 12, 25), dt.date(year, 12, 26)}
    moving = {sunday + dt.timedelta(days=n) for n in (1, 39, 50)}
    return fixed | moving | ({dt.date(year, 5, 5)} if year % 5 == 0 else set())


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days (Monday to Friday, no public holiday) after `start` up to and including `end`."""
    days = (start + dt.timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(1 for day in days if day.weekday() < 5 and day not in _holidays(day.year))


@given(days)
def test_the_acknowledgement_is_due_on_the_fifth_working_day_after_receipt(received):
    due = deadlines.acknowledge_by(received)

    assert due.weekday() < 5
    assert working_days_between(received, due) == 5
    assert 5 <= (due - received).days <= 12  # at most: Christmas, New Year and two weekends between


@given(days, st.integers(min_value=0, max_value=40))
def test_adding_working_days_never_lands_in_a_weekend_and_counts_each_once(start, count):
    end = deadlines.add_working_days(start, count)

    assert working_days_between(start, end) == count
    assert count == 0 or end.weekday() < 5


@given(days)
def test_the_decision_is_due_six_weeks_after_receipt_and_at_most_ten_with_the_extension(received):
    """Six weeks and ten, each moved past a weekend or Atw holiday to the next day that is none."""
    for term, weeks in ((deadlines.decide_by(received), 6), (deadlines.latest_extension(received), 10)):
        plain = received + dt.timedelta(weeks=weeks)
        assert plain <= term <= plain + dt.timedelta(days=4)
        assert term.weekday() < 5
        assert term not in deadlines.atw_holidays(term.year)
        skipped = [plain + dt.timedelta(days=n) for n in range((term - plain).days)]
        assert all(d.weekday() >= 5 or d in deadlines.atw_holidays(d.year) for d in skipped)


def test_a_term_set_by_law_ending_on_a_holiday_or_weekend_ends_on_the_next_working_day():
    """Algemene termijnenwet: 15 February 2027 plus six weeks is Easter Monday (29 March 2027); 5 May
    counts every year, not only in a lustrum year; a Saturday moves to Monday."""
    assert deadlines.decide_by(dt.date(2027, 2, 15)) == dt.date(2027, 3, 30)
    assert deadlines.statutory_end(dt.date(2026, 5, 5)) == dt.date(2026, 5, 6)
    assert deadlines.statutory_end(dt.date(2026, 12, 5)) == dt.date(2026, 12, 7)
    assert deadlines.statutory_end(dt.date(2026, 12, 24)) == dt.date(2026, 12, 24)
    assert deadlines.statutory_end(dt.date(2026, 12, 25)) == dt.date(2026, 12, 28)


@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=-10, max_value=45))
def test_an_extension_is_allowed_only_within_the_six_weeks_and_by_at_most_four(
    received, asked_after, weeks_days
):
    today = received + dt.timedelta(days=asked_after)
    until = deadlines.decide_by(received) + dt.timedelta(days=weeks_days)

    problem = deadlines.extension_problem(received, today, until)

    if today > deadlines.decide_by(received):
        assert problem == "late"
    elif weeks_days <= 0:
        assert problem == "not_later"
    elif until > deadlines.latest_extension(received):
        assert problem == "too_far"
    else:
        assert problem is None
    if asked_after <= 42 and 0 < weeks_days <= 24:  # within four weeks of the six, whatever the calendar
        assert problem is None


@given(days)
def test_the_disputes_body_can_be_reached_for_a_year(received):
    until = deadlines.disputes_until(received)

    assert until.year == received.year + 1
    assert 365 <= (until - received).days <= 366
    assert until.month == received.month


@given(days, days)
def test_a_term_is_overdue_only_once_its_day_has_passed(due, today):
    assert deadlines.is_overdue(due, today) is (due < today)
    assert deadlines.is_overdue(None, today) is False


@given(days, st.integers(min_value=1, max_value=20))
def test_a_schemes_own_acknowledgement_term_counts_its_working_days(received, working_days):
    due = deadlines.acknowledge_by(received, working_days)

    assert due.weekday() < 5
    assert working_days_between(received, due) == working_days


def test_easter_is_computed_as_dateutil_computes_it():
    from dateutil.easter import easter

    from secondopinion.aftercare.deadlines import _easter

    assert all(_easter(year) == easter(year) for year in range(1900, 2201))


def test_public_holidays_are_no_working_days():
    from secondopinion.aftercare.deadlines import acknowledge_by, is_working_day, public_holidays

    holidays_2026 = public_holidays(2026)
    assert dt.date(2026, 4, 6) in holidays_2026  # Easter Monday
    assert dt.date(2026, 4, 27) in holidays_2026  # King's Day
    assert dt.date(2026, 5, 14) in holidays_2026  # Ascension Day
    assert dt.date(2026, 5, 25) in holidays_2026  # Whit Monday
    assert dt.date(2026, 5, 5) not in holidays_2026  # Liberation Day: a day off in lustrum years
    assert dt.date(2025, 5, 5) in public_holidays(2025)
    assert dt.date(2025, 4, 26) in public_holidays(
        2025
    )  # King's Day moves to Saturday when the 27th is a Sunday
    assert not is_working_day(dt.date(2026, 12, 25))
    # Received on Wednesday 23 December 2026: Christmas and the weekend do not count.
    assert acknowledge_by(dt.date(2026, 12, 23)) == dt.date(2026, 12, 31)
