"""The .ics file: it parses with `icalendar`, carries the right instant across a change of the clocks
(times in UTC, see appointments/calendar.py), keeps its UID, raises SEQUENCE on a move, and cancels."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from secondopinion.appointments.services import appointment_cancel, appointment_move
from secondopinion.appointments.times import AMSTERDAM
from secondopinion.audit.models import AccessEvent
from tests.appointments.conftest import client_for

pytestmark = pytest.mark.django_db


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def next_change(month: int) -> dt.date:
    """The next Sunday the clocks change on (March: to summer time; October: back), a week away at least."""
    today = timezone.localdate()
    change = _last_sunday(today.year, month)
    return change if change > today + dt.timedelta(days=7) else _last_sunday(today.year + 1, month)


def event_of(body: bytes):
    calendar = Calendar.from_ical(body)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def download(user, appointment) -> bytes:
    response = client_for(user).get(reverse("appointments:ics", args=[appointment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


@pytest.mark.parametrize("month", [3, 10])
def test_a_consult_the_day_after_the_clocks_change_imports_at_its_dutch_time(people, offer, month):
    sunday = next_change(month)
    before = offer(dt.datetime.combine(sunday - dt.timedelta(days=1), dt.time(10, 0), tzinfo=AMSTERDAM))
    after = offer(dt.datetime.combine(sunday + dt.timedelta(days=1), dt.time(10, 0), tzinfo=AMSTERDAM))
    from secondopinion.appointments.services import appointment_book

    appointment = appointment_book(actor=people.patient_user, slot_id=before.pk, source="web")
    _cal, first = event_of(download(people.patient_user, appointment))
    appointment_move(actor=people.patient_user, appointment_id=appointment.pk, slot_id=after.pk, source="web")
    _cal, moved = event_of(download(people.patient_user, appointment))

    for event, day in ((first, sunday - dt.timedelta(days=1)), (moved, sunday + dt.timedelta(days=1))):
        start = event.decoded("dtstart")
        assert start.utcoffset() == dt.timedelta(0)  # written in UTC ("Z"), no VTIMEZONE needed
        assert start.astimezone(AMSTERDAM).replace(tzinfo=None) == dt.datetime.combine(day, dt.time(10, 0))
        assert event.decoded("dtend") - start == dt.timedelta(minutes=30)
    # The two are 10:00 on either side of the change: 48 hours apart on the wall, 47 or 49 in UTC.
    apart = moved.decoded("dtstart") - first.decoded("dtstart")
    assert apart == dt.timedelta(hours=47 if month == 3 else 49)


def test_the_invitation_is_a_request_with_a_stable_uid_and_a_rising_sequence(people, offer, booked):
    calendar, event = event_of(download(people.patient_user, booked))
    assert str(calendar["method"]) == "REQUEST"
    assert str(event["status"]) == "CONFIRMED"
    assert int(event["sequence"]) == 0
    uid = str(event["uid"])
    assert uid == f"{booked.uid}@tweedemening"
    assert str(event["location"]) == "Oostweg 12, Amersfoort"
    assert "mailto:" in str(event["organizer"])

    new = offer(booked.slot.starts_at + dt.timedelta(days=2))
    appointment_move(actor=people.representative, appointment_id=booked.pk, slot_id=new.pk, source="web")
    _calendar, moved = event_of(download(people.giver_user, booked))
    assert (str(moved["uid"]), int(moved["sequence"])) == (uid, 1)

    appointment_cancel(actor=people.patient_user, appointment_id=booked.pk, reason="Ziek.", source="web")
    cancelled_calendar, cancelled = event_of(download(people.coordinator, booked))
    assert str(cancelled_calendar["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert (str(cancelled["uid"]), int(cancelled["sequence"])) == (uid, 2)


def test_the_download_is_logged_as_an_export(people, booked):
    download(people.representative, booked)

    event = AccessEvent.objects.get(data="appointment", action="export")
    assert (event.role, event.case_id, event.on_behalf_of) == (
        "representative",
        booked.case_id,
        people.patient.name,
    )


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user", "treating_user"])
def test_a_stranger_gets_no_calendar_file(people, booked, who):
    response = client_for(getattr(people, who)).get(reverse("appointments:ics", args=[booked.pk]))

    assert response.status_code == 404
    assert b"VCALENDAR" not in response.content
    assert not AccessEvent.objects.filter(data="appointment", action="export").exists()


def test_the_referrer_is_related_but_does_not_read_appointments(people, booked):
    response = client_for(people.gp_user).get(reverse("appointments:ics", args=[booked.pk]))

    assert response.status_code == 403
    assert b"VCALENDAR" not in response.content
