"""Appointments on a case the giver has been assigned to, with the cast's addresses filled in so that
the e-mails owed can be counted."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from secondopinion.appointments.services import appointment_book, slot_offer
from secondopinion.appointments.times import AMSTERDAM
from secondopinion.cases.services import case_submit
from tests.cases.test_concurrency import shared_database  # noqa: F401  (a fixture, used by name)
from tests.conftest import representation_in_force, submit_input


def at(days: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """`days` from today at hour:minute on the clock in Amsterdam, as an aware instant."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=AMSTERDAM)


def client_for(user, language: str = "nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def people(cast):
    """Addresses for everyone, and the representative with the patient's consent in force (R8)."""
    for user in (cast.patient_user, cast.representative, cast.giver_user, cast.coordinator):
        user.email = f"{user.username}@example.nl"
        user.save(update_fields=["email"])
    representation_in_force(cast)
    return cast


@pytest.fixture
def case(people, advance):
    """Petra's request, made by her representative (R8) on the GP's referral, with the giver assigned."""
    data = submit_input(people, requester_kind="representative", referrer_id=people.gp.pk)
    return advance(case_submit(actor=people.representative, data=data, source="web"), "assigned")


@pytest.fixture
def offer(cast, case):
    def _offer(starts_at: dt.datetime, *, kind: str = "in_person", actor=None, location: str = ""):
        where = (
            location
            or {
                "in_person": "Oostweg 12, Amersfoort",
                "telephone": "033 123 45 67",
                "video": "https://video.example.nl/kamer-7",
            }[kind]
        )
        return slot_offer(
            actor=actor or cast.coordinator,
            case_id=case.pk,
            kind=kind,
            starts_at=starts_at,
            minutes=30,
            location=where,
            source="web",
        )

    return _offer


@pytest.fixture
def booked(cast, offer):
    slot = offer(at(5))
    return appointment_book(actor=cast.patient_user, slot_id=slot.pk, source="web")
