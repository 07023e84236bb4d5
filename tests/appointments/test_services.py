"""Offering times, booking, moving, cancelling and recording attendance, through the services."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.appointments.models import Appointment, Slot
from secondopinion.appointments.services import (
    appointment_book,
    appointment_cancel,
    appointment_move,
    appointment_record_outcome,
    slot_offer,
    slot_withdraw,
)
from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.notifications.models import Alert, Notification, Preference
from tests.appointments.conftest import at, client_for

pytestmark = pytest.mark.django_db


def test_the_coordinator_and_the_giver_offer_times_stored_in_utc(cast, offer):
    by_coordinator = offer(at(3, 9, 30))
    by_giver = offer(at(4), kind="video", actor=cast.giver_user)

    assert by_coordinator.starts_at.utcoffset() == dt.timedelta(0)
    assert by_coordinator.starts_at == at(3, 9, 30)
    assert by_giver.giver == cast.giver
    assert AccessEvent.objects.filter(data="appointment:slot", action="create").count() == 2


@pytest.mark.parametrize("who", ["patient_user", "representative", "gp_user"])
def test_the_patients_side_and_the_referrer_offer_no_times(people, case, who):
    with pytest.raises(NotPermitted):
        slot_offer(
            actor=getattr(people, who),
            case_id=case.pk,
            kind="telephone",
            starts_at=at(3),
            minutes=20,
            location="033 123 45 67",
            source="web",
        )
    assert not Slot.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "colleague_user"])
def test_a_stranger_or_another_practice_finds_no_case_to_offer_times_on(people, case, who):
    with pytest.raises(NotFound):
        slot_offer(
            actor=getattr(people, who),
            case_id=case.pk,
            kind="telephone",
            starts_at=at(3),
            minutes=20,
            location="033 123 45 67",
            source="web",
        )
    assert not Slot.objects.exists()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"kind": "fax"}, "kind"),
        ({"starts_at": at(0, 23, 0) - dt.timedelta(days=1)}, "starts_at"),
        ({"minutes": 5}, "minutes"),
        ({"kind": "video", "location": "video.example.nl/kamer"}, "location"),
        ({"kind": "telephone", "location": "bel mij"}, "location"),
        ({"location": "   "}, "location"),
    ],
)
def test_a_bad_offer_names_the_field_and_changes_nothing(cast, case, values, field):
    data = {"kind": "in_person", "starts_at": at(3), "minutes": 30, "location": "Oostweg 12"} | values
    before = AccessEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        slot_offer(actor=cast.coordinator, case_id=case.pk, source="web", **data)

    assert refused.value.field == field
    assert refused.value.detail.nl
    assert refused.value.detail.en
    assert not Slot.objects.exists()
    assert AccessEvent.objects.count() == before


def test_the_patient_books_an_offered_time_and_everyone_else_is_told_by_email(people, offer):
    slot = offer(at(5))

    appointment = appointment_book(actor=people.patient_user, slot_id=slot.pk, source="web")

    assert (appointment.state, appointment.sequence, appointment.booked_role) == ("booked", 0, "patient")
    told = set(Notification.objects.filter(kind="appointment_booked").values_list("email", flat=True))
    assert told == {"vertegenwoordiger@example.nl", "gever@example.nl", "coordinator@example.nl"}
    assert (
        Notification.objects.get(kind="appointment_booked", email="gever@example.nl").recipient
        == people.giver_user
    )
    assert (
        Notification.objects.get(kind="appointment_booked", email="coordinator@example.nl").recipient
        == people.coordinator
    )
    assert AccessEvent.objects.filter(data="appointment", action="create", role="patient").count() == 1


def test_someone_who_turned_email_off_gets_none(people, offer):
    Preference.objects.create(user=people.giver_user, email_status=False, email_messages=True)
    slot = offer(at(5))

    appointment_book(actor=people.representative, slot_id=slot.pk, source="web")

    told = set(Notification.objects.filter(kind="appointment_booked").values_list("email", flat=True))
    assert "gever@example.nl" not in told
    assert "petra@example.nl" in told


def test_booking_moving_and_cancelling_also_appear_in_everyones_notification_list(people, offer):
    slot, later = offer(at(5)), offer(at(6))

    appointment = appointment_book(actor=people.patient_user, slot_id=slot.pk, source="web")
    appointment_move(actor=people.patient_user, appointment_id=appointment.pk, slot_id=later.pk, source="web")
    appointment_cancel(
        actor=people.representative, appointment_id=appointment.pk, reason="Ziek.", source="web"
    )

    alerts = Alert.objects.filter(kind="consult")
    # Whatever their e-mail setting: the list is always kept; the one who acted is not told.
    assert set(alerts.filter(status="booked").values_list("recipient", flat=True)) == {
        people.representative.pk,
        people.giver_user.pk,
        people.coordinator.pk,
    }
    assert alerts.filter(status="moved", recipient=people.giver_user).count() == 1
    assert alerts.filter(status="cancelled", recipient=people.patient_user).count() == 1
    assert not alerts.filter(status="cancelled", recipient=people.representative).exists()
    page = client_for(people.giver_user).get(reverse("notifications:list")).content.decode()
    assert "Er is een afspraak gemaakt in second opinion" in page
    assert "Een afspraak is afgezegd in second opinion" in page


def test_a_taken_time_cannot_be_booked_again_and_one_appointment_per_case(people, offer, booked):
    with pytest.raises(TransitionNotAllowed):
        appointment_book(actor=people.representative, slot_id=booked.slot_id, source="web")
    other = offer(at(6))
    with pytest.raises(TransitionNotAllowed):
        appointment_book(actor=people.representative, slot_id=other.pk, source="web")

    assert Appointment.objects.count() == 1


@pytest.mark.parametrize("who", ["giver_user", "coordinator"])
def test_the_practice_does_not_book_for_the_patient(people, offer, who):
    slot = offer(at(5))

    with pytest.raises(NotPermitted):
        appointment_book(actor=getattr(people, who), slot_id=slot.pk, source="web")


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user"])
def test_a_stranger_finds_no_time_to_book(people, offer, who):
    slot = offer(at(5))

    with pytest.raises(NotFound):
        appointment_book(actor=getattr(people, who), slot_id=slot.pk, source="web")
    with pytest.raises(NotFound):
        appointment_book(actor=getattr(people, who), slot_id=987654, source="web")


def test_moving_keeps_the_uid_raises_the_sequence_and_frees_the_old_time(people, offer, booked):
    booked.reminder_sent_at = timezone.now()
    booked.save(update_fields=["reminder_sent_at"])
    old = booked.slot
    new = offer(at(7, 14))

    moved = appointment_move(
        actor=people.representative, appointment_id=booked.pk, slot_id=new.pk, source="web"
    )

    assert (moved.uid, moved.sequence, moved.slot) == (booked.uid, 1, new)
    assert moved.reminder_sent_at is None  # the new time gets its own reminder
    assert Notification.objects.filter(kind="appointment_moved", email="petra@example.nl").exists()
    assert not old.appointments.exclude(state="cancelled").exists()


def test_moving_to_a_time_of_another_case_finds_nothing(people, booked, submit, advance):
    other_case = advance(submit(), "assigned")
    foreign = slot_offer(
        actor=people.coordinator,
        case_id=other_case.pk,
        kind="in_person",
        starts_at=at(6),
        minutes=30,
        location="Oostweg 12",
        source="web",
    )

    with pytest.raises(NotFound):
        appointment_move(
            actor=people.patient_user, appointment_id=booked.pk, slot_id=foreign.pk, source="web"
        )
    booked.refresh_from_db()
    assert booked.sequence == 0


def test_cancelling_needs_a_reason_and_then_frees_the_time(people, offer, booked):
    with pytest.raises(InvalidInput) as refused:
        appointment_cancel(actor=people.patient_user, appointment_id=booked.pk, reason="  ", source="web")
    assert refused.value.field == "reason"

    cancelled = appointment_cancel(
        actor=people.patient_user, appointment_id=booked.pk, reason="Ik ben ziek.", source="web"
    )

    assert (cancelled.state, cancelled.sequence, cancelled.cancel_reason) == ("cancelled", 1, "Ik ben ziek.")
    again = appointment_book(actor=people.patient_user, slot_id=booked.slot_id, source="web")
    assert again.uid != booked.uid


def test_nothing_changes_within_24_hours_of_the_appointment(people, offer, booked):
    other = offer(at(8))
    Slot.objects.filter(pk=booked.slot_id).update(starts_at=timezone.now() + dt.timedelta(hours=20))

    with pytest.raises(TransitionNotAllowed):
        appointment_move(actor=people.patient_user, appointment_id=booked.pk, slot_id=other.pk, source="web")
    with pytest.raises(TransitionNotAllowed):
        appointment_cancel(actor=people.patient_user, appointment_id=booked.pk, reason="Ziek.", source="web")
    booked.refresh_from_db()
    assert (booked.state, booked.sequence) == ("booked", 0)


def test_attendance_is_recorded_after_the_time_by_the_practice_only(people, booked):
    with pytest.raises(TransitionNotAllowed):
        appointment_record_outcome(
            actor=people.giver_user, appointment_id=booked.pk, outcome="attended", source="web"
        )
    Slot.objects.filter(pk=booked.slot_id).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    with pytest.raises(NotPermitted):
        appointment_record_outcome(
            actor=people.patient_user, appointment_id=booked.pk, outcome="attended", source="web"
        )
    with pytest.raises(NotFound):
        appointment_record_outcome(
            actor=people.other_coordinator, appointment_id=booked.pk, outcome="no_show", source="web"
        )

    recorded = appointment_record_outcome(
        actor=people.giver_user, appointment_id=booked.pk, outcome="no_show", source="web"
    )

    assert (recorded.state, recorded.outcome_recorded_by) == ("no_show", people.giver_user)
    with pytest.raises(TransitionNotAllowed):
        appointment_record_outcome(
            actor=people.coordinator, appointment_id=booked.pk, outcome="attended", source="web"
        )


def test_a_booked_time_is_not_withdrawn_but_a_free_one_is(people, offer, booked):
    free = offer(at(9))

    with pytest.raises(TransitionNotAllowed):
        slot_withdraw(actor=people.coordinator, slot_id=booked.slot_id, source="web")
    slot_withdraw(actor=people.giver_user, slot_id=free.pk, source="web")

    free.refresh_from_db()
    assert free.withdrawn_at is not None
    with pytest.raises(TransitionNotAllowed):
        appointment_move(actor=people.patient_user, appointment_id=booked.pk, slot_id=free.pk, source="web")


def test_no_times_are_offered_on_a_case_that_has_ended(people, case):
    from secondopinion.cases.inputs import StepInput
    from secondopinion.cases.services import case_transition

    case_transition(
        actor=people.patient_user, case_id=case.pk, to="withdrawn", data=StepInput(), source="web"
    )

    with pytest.raises(TransitionNotAllowed):
        slot_offer(
            actor=people.coordinator,
            case_id=case.pk,
            kind="in_person",
            starts_at=at(3),
            minutes=30,
            location="Oostweg 12",
            source="web",
        )
