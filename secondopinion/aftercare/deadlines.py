"""The terms of the Wkkgz complaint scheme, as plain date arithmetic (no ORM, no clock).

The Wkkgz (art. 17) asks the provider to decide on a complaint within six weeks of receiving it; the
term may be extended once, by at most four weeks, when the provider tells the complainant in writing
before the six weeks end, with the reason. The scheme acknowledges receipt promptly: this product's
scheme says within five working days (Monday to Friday, not on a Dutch public holiday). A complainant who is not satisfied may take
the complaint to the disputes body (geschilleninstantie) within a year of filing it with the provider.

The six weeks and the four are terms set by law, so the Algemene termijnenwet applies to them: one that
ends on a Saturday, a Sunday or a generally recognised holiday (its article 3, which counts 5 May every
year) ends on the next day that is none of these.
"""

import datetime as dt

ACKNOWLEDGE_WORKING_DAYS = 5
DECISION_WEEKS = 6
EXTENSION_MAX_WEEKS = 4
DISPUTES_TERM_YEARS = 1


def public_holidays(year: int) -> frozenset[dt.date]:
    """The Dutch public holidays that close a practice: New Year's Day, Easter Monday, King's Day (the
    26th when the 27th of April is a Sunday), Liberation Day (5 May) in a lustrum year, when it is a
    general day off, Ascension Day, Whit Monday and Christmas (25 and 26 December). Easter and Whit
    Sunday are Sundays anyway; Good Friday is no general day off."""
    easter = _easter(year)
    kings_day = dt.date(year, 4, 27)
    if kings_day.weekday() == 6:
        kings_day = dt.date(year, 4, 26)
    liberation = {dt.date(year, 5, 5)} if year % 5 == 0 else set()
    return frozenset(
        liberation
        | {
            dt.date(year, 1, 1),
            easter + dt.timedelta(days=1),
            kings_day,
            easter + dt.timedelta(days=39),
            easter + dt.timedelta(days=50),
            dt.date(year, 12, 25),
            dt.date(year, 12, 26),
        }
    )


def _easter(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def atw_holidays(year: int) -> frozenset[dt.date]:
    """The generally recognised holidays of the Algemene termijnenwet (art. 3): New Year's Day, Easter
    Monday and Whit Monday, both Christmas days, Ascension Day, the day the King's birthday is
    celebrated, and 5 May, every year."""
    return public_holidays(year) | {dt.date(year, 5, 5)}


def statutory_end(day: dt.date) -> dt.date:
    """Where a term set by law that falls on `day` ends: the next day that is no Saturday, Sunday or
    Atw holiday (Algemene termijnenwet, art. 1)."""
    while day.weekday() >= 5 or day in atw_holidays(day.year):
        day += dt.timedelta(days=1)
    return day


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a Dutch public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `day` (the day itself does not count)."""
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def acknowledge_by(received: dt.date, working_days: int = ACKNOWLEDGE_WORKING_DAYS) -> dt.date:
    """The last day to acknowledge receipt: the scheme's working days (five unless it says otherwise)
    after the day it came in."""
    return add_working_days(received, working_days)


def decide_by(received: dt.date) -> dt.date:
    """The last day of the six weeks within which the decision is due, moved past a weekend or holiday
    (Algemene termijnenwet)."""
    return statutory_end(received + dt.timedelta(weeks=DECISION_WEEKS))


def latest_extension(received: dt.date) -> dt.date:
    """The furthest the decision may be put off: six weeks plus four, moved past a weekend or holiday
    (Algemene termijnenwet)."""
    return statutory_end(received + dt.timedelta(weeks=DECISION_WEEKS + EXTENSION_MAX_WEEKS))


def extension_problem(received: dt.date, today: dt.date, until: dt.date) -> str | None:
    """Why extending the decision to `until` on `today` is not allowed, or None when it is.

    "late": the six weeks have already passed; "not_later": `until` is not after the six weeks;
    "too_far": `until` is more than four weeks after them."""
    if today > decide_by(received):
        return "late"
    if until <= decide_by(received):
        return "not_later"
    if until > latest_extension(received):
        return "too_far"
    return None


def disputes_until(received: dt.date) -> dt.date:
    """The last day to take the complaint to the disputes body: a year after it was filed (29 February
    becomes 28 February)."""
    try:
        return received.replace(year=received.year + DISPUTES_TERM_YEARS)
    except ValueError:
        return received.replace(year=received.year + DISPUTES_TERM_YEARS, day=28)


def is_overdue(due: dt.date | None, today: dt.date) -> bool:
    return due is not None and due < today
