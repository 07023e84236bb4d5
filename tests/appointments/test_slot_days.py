"""The day of an offered time: at most one year ahead (a day in the year 9999 is a typing error, not a
consult), and a day that is written the right way but is not on the calendar is told so, not that it
is written wrongly (core/day_field.py, the field every form with a typed day uses)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.appointments.models import Slot
from secondopinion.appointments.services import slot_offer
from secondopinion.appointments.times import AMSTERDAM, latest_slot_day
from secondopinion.core.errors import InvalidInput
from secondopinion.web.audit_forms import AccessLogFilterForm
from tests.appointments.conftest import client_for
from tests.reading import visible_text

pytestmark = pytest.mark.django_db


def _offer(people, case, day: str, language: str = "nl"):
    data = {"kind": "in_person", "day": day, "time": "10:00", "minutes": "30", "location": "Oostweg 12"}
    return client_for(people.coordinator, language).post(
        reverse("appointments:slot-offer", args=[case.pk]), data
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nl", "Dag: Kies een dag die ten hoogste een jaar na vandaag ligt."),
        ("en", "Day: Choose a day at most one year from today."),
    ],
)
@pytest.mark.parametrize("day", ["9999-12-31", "31-12-9999"])
def test_a_day_in_the_year_9999_is_refused_on_the_day_field(people, case, language, said, day):
    response = _offer(people, case, day, language)

    assert response.status_code == 422
    assert said in visible_text(response.content.decode())
    assert 'href="#id_day"' in response.content.decode()
    assert not Slot.objects.exists()


def test_a_day_just_over_a_year_ahead_is_refused_and_the_last_day_is_taken(people, case):
    last = latest_slot_day(timezone.localdate())

    refused = _offer(people, case, (last + dt.timedelta(days=1)).isoformat())
    taken = _offer(people, case, last.isoformat())

    assert refused.status_code == 422
    assert taken.status_code == 302
    assert timezone.localtime(Slot.objects.get().starts_at).date() == last


def test_the_service_refuses_a_time_more_than_a_year_ahead_too(people, case):
    far = dt.datetime(9999, 12, 31, 10, 0, tzinfo=AMSTERDAM)

    with pytest.raises(InvalidInput) as refused:
        slot_offer(
            actor=people.coordinator,
            case_id=case.pk,
            kind="in_person",
            starts_at=far,
            minutes=30,
            location="Oostweg 12",
            source="web",
        )

    assert refused.value.field == "starts_at"
    assert refused.value.detail.nl.startswith("Dag:")
    assert not Slot.objects.exists()


@pytest.mark.parametrize(
    ("day", "language", "said"),
    [
        ("2026-02-31", "nl", "Dag: Deze datum bestaat niet."),
        ("31-02-2026", "nl", "Dag: Deze datum bestaat niet."),
        ("2026-02-31", "en", "Day: This date does not exist."),
        ("2026-13-01", "nl", "Dag: Deze datum bestaat niet."),
        ("0000-01-01", "nl", "Dag: Het jaar 0 bestaat niet: controleer het jaartal."),
        ("0000-01-01", "en", "Day: There is no year 0: check the year."),
    ],
)
def test_a_day_that_is_not_on_the_calendar_is_told_so(people, case, day, language, said):
    response = _offer(people, case, day, language)

    text = visible_text(response.content.decode())
    assert response.status_code == 422
    assert said in text
    assert "JJJJ-MM-DD" not in text
    assert "YYYY-MM-DD" not in text
    assert not Slot.objects.exists()


def test_a_day_written_wrongly_still_says_how_to_write_it(people, case):
    response = _offer(people, case, "31/12/2026")

    assert response.status_code == 422
    assert "Dag: Schrijf de dag als JJJJ-MM-DD of DD-MM-JJJJ." in visible_text(response.content.decode())


@pytest.mark.parametrize(("value", "code"), [("2025-02-30", "no_such_day"), ("00-01-0000", "no_year_zero")])
def test_the_access_log_filter_uses_the_same_field_and_says_the_date_does_not_exist(value, code):
    form = AccessLogFilterForm({"start": value})

    assert not form.is_valid()
    assert form.errors.as_data()["start"][0].code == code


@pytest.mark.parametrize(
    ("today", "last"),
    [
        (dt.date(2026, 5, 4), dt.date(2027, 5, 4)),
        (dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
    ],
)
def test_the_last_day_is_one_year_from_today(today, last):
    assert latest_slot_day(today) == last
