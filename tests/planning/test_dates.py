"""The deadline arithmetic, as properties: calendar days on the Amsterdam calendar (planning/dates.py),
the chain of expected steps (protocols/durations.py), the turnaround percentiles, and the law's one-month
term of the records letter (letters/content.py). Monotonic, never before the start, DST-safe."""

import datetime as dt
import itertools
import zoneinfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from secondopinion.letters.content import one_month_after
from secondopinion.planning.dates import days_between, due_date, is_overdue, percentile
from secondopinion.protocols.durations import NEXT, expected_steps
from secondopinion.protocols.lifecycle import Status

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# Instants around many DST changes, seen from UTC, Amsterdam and a zone far away.
ZONES = st.sampled_from([dt.UTC, AMSTERDAM, zoneinfo.ZoneInfo("America/New_York")])
# Hypothesis takes naive bounds and attaches the zone itself.
NAIVE_FROM, NAIVE_UNTIL = dt.datetime(2000, 1, 1), dt.datetime(2060, 12, 31)  # noqa: DTZ001
INSTANTS = st.datetimes(min_value=NAIVE_FROM, max_value=NAIVE_UNTIL, timezones=ZONES)
DAYS = st.integers(min_value=1, max_value=365)
DAYS_PER_STATE = st.fixed_dictionaries(dict.fromkeys(NEXT, DAYS))
DATES = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2060, 12, 31))


def local_day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(AMSTERDAM).date()


@given(INSTANTS, DAYS)
def test_a_due_date_is_never_before_the_start(entered, days):
    assert due_date(entered, days) > local_day(entered)


@given(INSTANTS, DAYS)
def test_a_due_date_counts_calendar_days_whatever_the_clocks_do(entered, days):
    # Exactly `days` dates on the Amsterdam calendar, across any DST change in between.
    assert (due_date(entered, days) - local_day(entered)).days == days


@given(INSTANTS, DAYS)
def test_the_same_instant_in_any_zone_has_the_same_due_date(entered, days):
    assert due_date(entered.astimezone(dt.UTC), days) == due_date(entered.astimezone(AMSTERDAM), days)


@given(INSTANTS, DAYS, DAYS)
def test_more_days_never_make_a_step_due_sooner(entered, a, b):
    assert (due_date(entered, a) <= due_date(entered, b)) is (a <= b)


@given(INSTANTS, INSTANTS, DAYS)
def test_entering_later_never_makes_a_step_due_sooner(first, second, days):
    early, late = sorted((first, second))
    assert due_date(early, days) <= due_date(late, days)


def test_entering_just_after_midnight_on_the_night_the_clocks_go_back_is_due_the_right_day():
    # 00:30 on Sunday 25 October 2026 in Amsterdam is 22:30 UTC the day before; 24-hour periods from
    # there end at 23:30 on the evening before the due day, which a UTC sum would take for the due day.
    entered = dt.datetime(2026, 10, 25, 0, 30, tzinfo=AMSTERDAM)
    assert due_date(entered, 2) == dt.date(2026, 10, 27)
    in_utc = entered.astimezone(dt.UTC) + dt.timedelta(days=2)
    assert in_utc.astimezone(AMSTERDAM).date() == dt.date(2026, 10, 26)


@given(DATES, DATES)
def test_a_step_is_overdue_only_once_its_day_has_passed(due, today):
    assert is_overdue(due, today) is (today > due)


@given(INSTANTS, INSTANTS)
def test_days_between_is_never_negative_in_order_and_adds_up(first, second):
    start, end = sorted((first, second))
    assert days_between(start, end) >= 0
    assert days_between(start, end) == -days_between(end, start)


@given(st.sampled_from(list(NEXT)), DATES, DAYS_PER_STATE, st.integers(min_value=0, max_value=400))
def test_the_expected_steps_follow_each_other_and_never_come_before_the_start(state, entered, days, waited):
    today = entered + dt.timedelta(days=waited)
    steps = expected_steps(status=state, entered_on=entered, days=days, today=today)

    assert steps, state
    assert steps[0].due == entered + dt.timedelta(days=days[state])
    assert all(step.due > entered for step in steps)
    assert all(a.due < b.due for a, b in itertools.pairwise(steps))
    # Only the next step can be overdue; the later ones are planned from today when it is late.
    assert [step.overdue for step in steps[1:]] == [False] * (len(steps) - 1)
    assert steps[0].overdue is (steps[0].due < today)
    assert steps[-1].status == Status.CLOSED


@given(st.sampled_from(list(NEXT)), DATES, DAYS_PER_STATE, DAYS_PER_STATE)
def test_more_days_per_step_never_bring_a_step_forward(state, entered, days, extra):
    longer = {s: min(365, days[s] + extra[s]) for s in days}
    today = entered
    short = expected_steps(status=state, entered_on=entered, days=days, today=today)
    long = expected_steps(status=state, entered_on=entered, days=longer, today=today)

    assert [s.status for s in short] == [s.status for s in long]
    assert all(a.due <= b.due for a, b in zip(short, long, strict=True))


@given(st.sampled_from(list(NEXT)), DATES, DAYS_PER_STATE, st.integers(0, 400), st.integers(0, 400))
def test_a_later_today_never_brings_a_step_forward(state, entered, days, first, second):
    early, late = sorted((first, second))
    a = expected_steps(status=state, entered_on=entered, days=days, today=entered + dt.timedelta(days=early))
    b = expected_steps(status=state, entered_on=entered, days=days, today=entered + dt.timedelta(days=late))

    assert all(x.due <= y.due for x, y in zip(a, b, strict=True))


def test_an_ended_case_expects_nothing():
    for state in ("closed", "redirected", "refused", "withdrawn", "no-such-state"):
        assert (
            expected_steps(status=state, entered_on=dt.date(2026, 1, 1), days={}, today=dt.date(2026, 2, 1))
            == []
        )


VALUES = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=60)


@given(VALUES)
def test_the_median_and_90th_percentile_lie_between_the_least_and_the_most(values):
    median, p90 = percentile(values, 0.5), percentile(values, 0.9)

    assert min(values) <= median <= p90 <= max(values)


@given(VALUES, st.randoms())
def test_the_percentiles_do_not_depend_on_the_order(values, random):
    shuffled = list(values)
    random.shuffle(shuffled)
    assert percentile(shuffled, 0.5) == percentile(values, 0.5)
    assert percentile(shuffled, 0.9) == percentile(values, 0.9)


@given(VALUES, st.integers(min_value=1, max_value=100))
def test_adding_days_to_every_request_moves_the_percentiles_by_as_much(values, shift):
    # Equal up to floating point: interpolating between ranks rounds (437.1 + 75 came out as 512.1000…1).
    assert percentile([v + shift for v in values], 0.9) == pytest.approx(percentile(values, 0.9) + shift)


def test_the_percentiles_interpolate_between_ranks():
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile(list(range(1, 11)), 0.9) == 9.1


@given(DATES)
def test_the_law_s_month_is_never_before_the_letter_and_at_most_a_month_later(day):
    term = one_month_after(day)
    assert 28 <= (term - day).days <= 31
    assert term.day <= day.day


@given(DATES, DATES)
def test_a_later_letter_never_has_an_earlier_term(first, second):
    assume(first != second)
    early, late = sorted((first, second))
    assert one_month_after(early) <= one_month_after(late)
