"""DayField (core/day_field.py): without bounds it is the field it was (any day of the calendar, a day
that does not exist told so); with bounds, a day outside is refused in the form's words or, by
default, with the bound written out in the reader's language. A bound given as a callable is read
when the form is checked, not when the module is imported."""

import datetime as dt

import pytest
from django import forms
from django.utils import timezone, translation

from secondopinion.core.day_field import EARLIEST_BIRTH_DATE, DayField, birth_date_field


def checked(
    field: forms.Field, value: str, language: str = "nl"
) -> tuple[dt.date | None, list[str], list[str]]:
    """The cleaned day, the error codes and the error messages of `value` in `field`, in `language`."""

    class OneDay(forms.Form):
        day = field

    with translation.override(language):
        form = OneDay({"day": value})
        valid = form.is_valid()
        errors = form.errors.as_data().get("day", [])
        return (
            form.cleaned_data["day"] if valid else None,
            [error.code or "" for error in errors],
            [message for error in errors for message in error.messages],
        )


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("9999-12-31", dt.date(9999, 12, 31)),
        ("0001-01-01", dt.date(1, 1, 1)),
        ("4-3-1988", dt.date(1988, 3, 4)),
    ],
)
def test_without_bounds_every_day_of_the_calendar_is_taken(value, day):
    assert checked(DayField(), value) == (day, [], [])


@pytest.mark.parametrize(
    ("value", "code", "nl", "en"),
    [
        ("2026-02-31", "no_such_day", "Deze datum bestaat niet.", "This date does not exist."),
        (
            "0000-01-01",
            "no_year_zero",
            "Het jaar 0 bestaat niet: controleer het jaartal.",
            "There is no year 0: check the year.",
        ),
        (
            "31/12/1980",
            "invalid",
            "Schrijf de dag als JJJJ-MM-DD of DD-MM-JJJJ.",
            "Write the day as YYYY-MM-DD or DD-MM-YYYY.",
        ),
    ],
)
def test_the_existing_refusals_stay_as_they_were(value, code, nl, en):
    assert checked(DayField(), value, "nl") == (None, [code], [nl])
    assert checked(DayField(), value, "en") == (None, [code], [en])


def test_a_bound_is_inclusive_and_a_day_outside_is_refused_with_the_bound_written_out():
    field = DayField(earliest=dt.date(2026, 3, 1), latest=lambda: dt.date(2026, 5, 4))

    assert checked(field, "2026-03-01")[0] == dt.date(2026, 3, 1)
    assert checked(field, "2026-05-04")[0] == dt.date(2026, 5, 4)
    assert checked(field, "2026-02-28", "nl") == (
        None,
        ["too_early"],
        ["Kies 1 maart 2026 of een latere dag."],
    )
    assert checked(field, "2026-02-28", "en") == (
        None,
        ["too_early"],
        ["Choose a day on or after 1 March 2026."],
    )
    assert checked(field, "9999-12-31", "nl") == (None, ["too_late"], ["Kies 4 mei 2026 of een eerdere dag."])
    assert checked(field, "9999-12-31", "en") == (
        None,
        ["too_late"],
        ["Choose a day on or before 4 May 2026."],
    )


def test_a_callable_bound_is_read_each_time_the_form_is_checked():
    today = [dt.date(2026, 5, 4)]
    field = DayField(latest=lambda: today[0])

    assert checked(field, "2026-05-05")[1] == ["too_late"]
    today[0] = dt.date(2026, 5, 5)
    assert checked(field, "2026-05-05") == (dt.date(2026, 5, 5), [], [])


def test_a_form_gives_its_own_words_for_a_day_outside():
    field = DayField(latest=dt.date(2026, 5, 4), error_messages={"too_late": "Not after the fourth."})

    assert checked(field, "2026-05-05") == (None, ["too_late"], ["Not after the fourth."])


def test_slashes_are_taken_only_where_the_form_asks_for_them():
    assert checked(DayField(slashes=True), "31/12/1980")[0] == dt.date(1980, 12, 31)
    assert checked(DayField(slashes=True), "31/02/1980")[1] == ["no_such_day"]
    assert checked(DayField(slashes=True), "1980/12/31")[1] == ["invalid"]


@pytest.mark.parametrize(
    ("value", "code", "nl", "en"),
    [
        (
            "1899-12-31",
            "too_early",
            "De geboortedatum kan niet vóór 1900 liggen: controleer het jaartal.",
            "The date of birth cannot be before 1900: check the year.",
        ),
        (
            "9999-12-31",
            "too_late",
            "De geboortedatum kan niet in de toekomst liggen.",
            "The date of birth cannot be in the future.",
        ),
    ],
)
def test_a_date_of_birth_is_not_before_1900_nor_in_the_future(value, code, nl, en):
    field = birth_date_field("Geboortedatum", widget=forms.DateInput(attrs={"type": "date"}))

    assert checked(field, value, "nl") == (None, [code], [nl])
    assert checked(field, value, "en") == (None, [code], [en])


def test_a_date_of_birth_on_either_bound_is_taken_and_tomorrow_is_not():
    field = birth_date_field("Geboortedatum", widget=forms.DateInput())
    today = timezone.localdate()

    assert checked(field, EARLIEST_BIRTH_DATE.isoformat())[0] == EARLIEST_BIRTH_DATE
    assert checked(field, today.isoformat())[0] == today
    assert checked(field, (today + dt.timedelta(days=1)).isoformat())[1] == ["too_late"]


def test_a_date_of_birth_keeps_the_forms_own_words_and_its_widget():
    field = birth_date_field(
        "Geboortedatum",
        widget=forms.DateInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
        error_messages={"invalid": "Write it as 31-12-1980."},
    )

    assert checked(field, "yesterday") == (None, ["invalid"], ["Write it as 31-12-1980."])
    assert checked(field, "2999-01-01")[1] == ["too_late"]
    assert field.widget.attrs == {"autocomplete": "bday", "inputmode": "numeric"}
