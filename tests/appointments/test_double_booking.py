"""Booking one time twice at once: exactly one booking wins; the database refuses a second one too."""

import threading

import pytest
from django.db import IntegrityError, connections, transaction

from secondopinion.appointments.models import Appointment
from secondopinion.appointments.services import appointment_book
from secondopinion.core.errors import TransitionNotAllowed
from tests.appointments.conftest import at


def race(*attempts) -> list[object]:
    """Book each (actor, slot id) in its own thread, all released at once."""
    start = threading.Barrier(len(attempts), timeout=60)
    outcomes: list[object] = [None] * len(attempts)

    def attempt(i: int, actor, slot_id: int) -> None:
        try:
            start.wait()
            outcomes[i] = appointment_book(actor=actor, slot_id=slot_id, source="web")
        except Exception as exc:  # the loser's refusal is an outcome
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i, *a), daemon=True) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_the_patient_and_the_representative_booking_one_time_at_once_cannot_both_win(
    shared_database, people, offer
):
    slot = offer(at(5))

    outcomes = race((people.patient_user, slot.pk), (people.representative, slot.pk))

    winners = [o for o in outcomes if isinstance(o, Appointment)]
    losers = [o for o in outcomes if not isinstance(o, Appointment)]
    assert len(winners) == 1, outcomes
    assert isinstance(losers[0], TransitionNotAllowed), losers
    assert Appointment.objects.filter(slot=slot).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_times_booked_at_once_for_one_case_leave_one_appointment(shared_database, people, offer):
    first, second = offer(at(5)), offer(at(6))

    outcomes = race((people.patient_user, first.pk), (people.representative, second.pk))

    assert sum(isinstance(o, Appointment) for o in outcomes) == 1, outcomes
    assert Appointment.objects.filter(state="booked").count() == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_booking_of_one_slot(people, booked):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            case=booked.case, slot=booked.slot, booked_by=people.representative, booked_role="representative"
        )
    booked.state = "cancelled"
    booked.save(update_fields=["state"])

    again = Appointment.objects.create(case=booked.case, slot=booked.slot, booked_by=people.patient_user)

    assert again.state == "booked"
