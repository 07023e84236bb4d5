"""The Wkkgz terms as date arithmetic (aftercare/deadlines.py), checked as properties over any day."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from secondopinion.aftercare import deadlines

days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end`."""
    return sum(1 for n in range(1, (end - start).days + 1) if (start + dt.timedelta(days=n)).weekday() < 5)


@given(days)
def test_the_acknowledgement_is_due_on_the_fifth_working_day_after_receipt(received):
    due = deadlines.acknowledge_by(received)

    assert due.weekday() < 5
    assert working_days_between(received, due) == 5
    assert 5 <= (due - received).days <= 7


@given(days, st.integers(min_value=0, max_value=40))
def test_adding_working_days_never_lands_in_a_weekend_and_counts_each_once(start, count):
    end = deadlines.add_working_days(start, count)

    assert working_days_between(start, end) == count
    assert count == 0 or end.weekday() < 5


@given(days)
def test_the_decision_is_due_six_weeks_after_receipt_and_at_most_ten_with_the_extension(received):
    assert (deadlines.decide_by(received) - received).days == 42
    assert (deadlines.latest_extension(received) - received).days == 70
    assert deadlines.decide_by(received).weekday() == received.weekday()


@given(days, st.integers(min_value=0, max_value=60), st.integers(min_value=-10, max_value=45))
def test_an_extension_is_allowed_only_within_the_six_weeks_and_by_at_most_four(
    received, asked_after, weeks_days
):
    today = received + dt.timedelta(days=asked_after)
    until = deadlines.decide_by(received) + dt.timedelta(days=weeks_days)

    problem = deadlines.extension_problem(received, today, until)

    if asked_after > 42:
        assert problem == "late"
    elif weeks_days <= 0:
        assert problem == "not_later"
    elif weeks_days > 28:
        assert problem == "too_far"
    else:
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
