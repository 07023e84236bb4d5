"""The appointment pages: the patient's side chooses, moves and cancels; the practice offers times and
records attendance; the giver's agenda. Plain words in Dutch and English, errors that name the field,
a fixed number of queries, and nothing for a stranger."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from secondopinion.appointments.models import Appointment, Slot
from secondopinion.appointments.services import appointment_book
from secondopinion.appointments.times import iso_week
from secondopinion.audit.models import AccessEvent
from tests.appointments.conftest import at, client_for

pytestmark = pytest.mark.django_db


def page(user, case, language="nl"):
    return client_for(user, language).get(reverse("appointments:case", args=[case.pk]))


def test_the_patient_chooses_a_time_in_plain_dutch(people, case, offer):
    offer(at(5, 14))
    offer(at(6), kind="video")

    response = page(people.patient_user, case)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Uw afspraak" in body
    assert "Kies een tijd" in body
    assert "Kies deze tijd" in body
    assert "Via een videogesprek" in body
    assert "14:00" in body
    assert "Offer a time" not in body
    assert "Tijd aanbieden" not in body  # the practice's form is not on the patient's page
    assert AccessEvent.objects.filter(data="appointments", action="read", role="patient").count() == 1


def test_the_patients_page_in_english(people, case, offer):
    offer(at(5))

    body = page(people.patient_user, case, "en").content.decode()

    assert "Choose a time" in body
    assert "You have no appointment yet." in body
    assert "Kies een tijd" not in body


def test_booking_moving_and_cancelling_through_the_pages(people, case, offer):
    first, second = offer(at(5)), offer(at(6, 16))
    client = client_for(people.patient_user)

    booked = client.post(reverse("appointments:book", args=[first.pk]))
    assert booked.status_code == 302
    appointment = Appointment.objects.get()
    body = client.get(booked["Location"]).content.decode()
    assert "Uw afspraak is gemaakt." in body
    assert "Zet in uw agenda (.ics)" in body

    moved = client.post(reverse("appointments:move", args=[appointment.pk]), {"slot": second.pk})
    assert moved.status_code == 302
    cancelled = client.post(reverse("appointments:cancel", args=[appointment.pk]), {"reason": "Ik ben ziek."})
    assert cancelled.status_code == 302
    appointment.refresh_from_db()
    assert (appointment.state, appointment.sequence, appointment.slot_id) == ("cancelled", 2, second.pk)


def test_cancelling_without_a_reason_names_the_field_and_changes_nothing(people, booked):
    response = client_for(people.patient_user).post(
        reverse("appointments:cancel", args=[booked.pk]), {"reason": ""}
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "Er is een probleem" in body
    assert "Waarom annuleert u?" in body
    assert "Dit veld is verplicht." in body
    booked.refresh_from_db()
    assert booked.state == "booked"


def test_a_time_taken_meanwhile_is_said_plainly(people, offer, booked):
    response = client_for(people.representative).post(reverse("appointments:book", args=[booked.slot_id]))

    assert response.status_code == 409
    assert "U heeft al een afspraak" in response.content.decode()


def test_the_coordinator_offers_a_time_in_dutch_time(people, case):
    day = timezone.localdate() + dt.timedelta(days=10)
    response = client_for(people.coordinator).post(
        reverse("appointments:slot-offer", args=[case.pk]),
        {
            "kind": "telephone",
            "day": day.strftime("%d-%m-%Y"),
            "time": "08:30",
            "minutes": "20",
            "location": "033 123 45 67",
        },
    )

    assert response.status_code == 302
    slot = Slot.objects.get()
    assert timezone.localtime(slot.starts_at).replace(tzinfo=None) == dt.datetime.combine(day, dt.time(8, 30))


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"day": ""}, "Dag: Dit veld is verplicht."),
        ({"day": "31-02-2027"}, "Dag:"),
        ({"kind": "video", "location": "kamer 7"}, "begin met https://"),
        ({"minutes": "500"}, "Duur in minuten:"),
    ],
)
def test_a_bad_offer_shows_the_form_again_naming_the_field(people, case, values, named):
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = {
        "kind": "in_person",
        "day": day,
        "time": "10:00",
        "minutes": "30",
        "location": "Oostweg 12",
    } | values

    response = client_for(people.giver_user).post(reverse("appointments:slot-offer", args=[case.pk]), data)

    assert response.status_code == 422
    assert named in response.content.decode()
    assert not Slot.objects.exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("nl", "Dag: Kies een dag en tijd die meer dan 24 uur na nu liggen."),
        ("en", "Day: Choose a day and time more than 24 hours from now."),
    ],
)
@pytest.mark.parametrize("days", [-3, 0])
def test_a_time_in_the_past_or_within_24_hours_is_refused_on_the_day_with_a_message(
    people, case, language, said, days
):
    """Audit finding 1: the service names `starts_at`, which the form asks as a day and a time."""
    from tests.reading import visible_text

    data = {
        "kind": "video",
        "day": (timezone.localdate() + dt.timedelta(days=days)).isoformat(),
        "time": "14:05",
        "minutes": "30",
        "location": "https://meet.example/abc",
    }
    response = client_for(people.coordinator, language).post(
        reverse("appointments:slot-offer", args=[case.pk]), data
    )

    assert response.status_code == 422
    text = visible_text(response.content.decode())
    assert said in text
    assert 'href="#id_day"' in response.content.decode()
    assert not Slot.objects.exists()


def test_an_error_naming_no_field_of_the_form_is_shown_at_the_top(people, case, monkeypatch):
    """An error the form has no field for is never dropped: the page shows it above the sections."""
    from secondopinion.appointments import services
    from secondopinion.core.errors import InvalidInput
    from secondopinion.core.text import Text
    from tests.reading import visible_text

    def refuse(**_kwargs):
        raise InvalidInput(Text("Iets anders klopt niet.", "Something else is wrong."), field="elsewhere")

    monkeypatch.setattr(services, "slot_offer", refuse)
    data = {
        "kind": "in_person",
        "day": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
        "time": "10:00",
        "minutes": "30",
        "location": "Oostweg 12",
    }
    response = client_for(people.coordinator).post(reverse("appointments:slot-offer", args=[case.pk]), data)

    assert response.status_code == 422
    assert "Er is een probleem Iets anders klopt niet." in visible_text(response.content.decode())


def test_a_time_the_clocks_skip_is_refused_on_the_time_field(people, case):
    from tests.appointments.test_calendar import next_change

    data = {
        "kind": "in_person",
        "day": next_change(3).isoformat(),
        "time": "02:30",
        "minutes": "30",
        "location": "Oostweg 12",
    }
    response = client_for(people.coordinator).post(reverse("appointments:slot-offer", args=[case.pk]), data)

    assert response.status_code == 422
    assert "Begintijd: Deze tijd bestaat niet op die dag" in response.content.decode()


def test_the_practice_records_a_no_show_after_the_time(people, booked):
    Slot.objects.filter(pk=booked.slot_id).update(starts_at=timezone.now() - dt.timedelta(minutes=10))
    client = client_for(people.giver_user)

    assert (
        "Is de patiënt gekomen?"
        in client.get(reverse("appointments:case", args=[booked.case_id])).content.decode()
    )
    response = client.post(reverse("appointments:outcome", args=[booked.pk]), {"outcome": "no_show"})

    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.state == "no_show"


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user", "colleague_user"])
def test_strangers_and_other_practices_find_nothing(people, offer, booked, who):
    user = getattr(people, who)
    free = offer(at(9))
    client = client_for(user)
    before = Appointment.objects.get(pk=booked.pk)

    responses = [
        client.get(reverse("appointments:case", args=[booked.case_id])),
        client.post(reverse("appointments:book", args=[free.pk])),
        client.post(reverse("appointments:slot-withdraw", args=[free.pk])),
        client.post(reverse("appointments:move", args=[booked.pk]), {"slot": free.pk}),
        client.post(reverse("appointments:cancel", args=[booked.pk]), {"reason": "Weg."}),
        client.post(reverse("appointments:outcome", args=[booked.pk]), {"outcome": "no_show"}),
        client.post(reverse("appointments:slot-offer", args=[booked.case_id]), {"kind": "video"}),
    ]

    assert [r.status_code for r in responses] == [404] * len(responses)
    for response in responses:
        assert people.patient.name not in response.content.decode()
    after = Appointment.objects.get(pk=booked.pk)
    assert (after.state, after.sequence, after.slot_id) == (before.state, before.sequence, before.slot_id)
    assert not AccessEvent.objects.filter(actor=user).exists()


def test_the_referrer_is_told_the_appointments_are_not_for_their_role(people, case):
    response = page(people.gp_user, case)

    assert response.status_code == 403
    assert "Uw rol ziet de afspraken bij deze casus niet." in response.content.decode()


def _queries(user, url) -> int:
    client = client_for(user)
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["patient_user", "coordinator"])
def test_the_page_costs_the_same_queries_for_two_or_ten_times(people, case, offer, who):
    for days in (4, 5):
        offer(at(days))
    appointment_book(actor=people.patient_user, slot_id=Slot.objects.first().pk, source="web")
    url = reverse("appointments:case", args=[case.pk])
    few = _queries(getattr(people, who), url)
    for days in range(6, 14):
        offer(at(days))

    assert _queries(getattr(people, who), url) == few


def test_the_giver_sees_the_week_in_the_agenda_at_a_fixed_cost(people, case, offer, submit, advance):
    slot = offer(at(8, 11))
    appointment_book(actor=people.patient_user, slot_id=slot.pk, source="web")
    week = iso_week(
        timezone.localtime(slot.starts_at).date()
        - dt.timedelta(days=timezone.localtime(slot.starts_at).weekday())
    )
    url = reverse("appointments:agenda") + f"?week={week}"

    body = client_for(people.giver_user).get(url).content.decode()
    assert case.reference in body
    assert "11:00–11:30" in body  # noqa: RUF001  (the en dash of a time range)
    assert AccessEvent.objects.filter(data="appointment-agenda", action="search").count() == 1
    few = _queries(people.giver_user, url)
    for hour in (8, 9, 13, 15):
        other = advance(submit(), "assigned")
        from secondopinion.appointments.services import slot_offer

        extra = slot_offer(
            actor=people.coordinator,
            case_id=other.pk,
            kind="in_person",
            starts_at=at(8, hour),
            minutes=30,
            location="Oostweg 12",
            source="web",
        )
        appointment_book(actor=people.patient_user, slot_id=extra.pk, source="web")

    assert _queries(people.giver_user, url) == few


@pytest.mark.parametrize("who", ["coordinator", "treating_user", "stranger", "patient_user"])
def test_only_a_giver_has_an_agenda_and_it_shows_only_their_own(people, booked, who):
    response = client_for(getattr(people, who)).get(reverse("appointments:agenda"))

    if who == "treating_user":  # a practitioner: an agenda of their own, without Petra's appointment
        assert response.status_code == 200
        assert people.patient.name not in response.content.decode()
    else:
        assert response.status_code == 404


def test_both_case_pages_link_to_the_appointments(people, case):
    link = reverse("appointments:case", args=[case.pk])

    for user in (people.patient_user, people.coordinator, people.giver_user):
        body = client_for(user).get(reverse("web:case", args=[case.pk])).content.decode()
        assert link in body, user


def test_a_time_offered_before_the_giver_was_assigned_is_in_the_givers_agenda(people, advance):
    from secondopinion.appointments.services import slot_offer
    from secondopinion.cases.services import case_submit
    from tests.conftest import submit_input

    case = advance(
        case_submit(actor=people.patient_user, data=submit_input(people), source="web"), "accepted"
    )
    slot = slot_offer(
        actor=people.coordinator,
        case_id=case.pk,
        kind="telephone",
        starts_at=at(3, 9),
        minutes=20,
        location="033 123 45 67",
        source="web",
    )
    advance(case, "assigned")
    appointment_book(actor=people.patient_user, slot_id=slot.pk, source="web")
    starts = timezone.localtime(slot.starts_at).date()
    week = iso_week(starts - dt.timedelta(days=starts.weekday()))

    body = client_for(people.giver_user).get(reverse("appointments:agenda"), {"week": week}).content.decode()

    assert slot.giver is None
    assert case.reference in body


@pytest.mark.parametrize("who", ["gp_user", "complaints_officer"])
def test_the_case_page_offers_the_appointments_only_to_those_who_read_them(people, case, who):
    body = client_for(getattr(people, who)).get(reverse("web:case", args=[case.pk])).content.decode()

    assert reverse("appointments:case", args=[case.pk]) not in body


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("who", ["patient_user", "representative"])
def test_the_patients_page_with_every_part_shown_is_plain_in_each_language(
    people, case, offer, who, language
):
    from secondopinion.appointments.services import appointment_cancel
    from tests.journey.test_reader_language import problems
    from tests.reading import visible_text

    first = offer(at(4))
    offer(at(5), kind="telephone")
    offer(at(6), kind="video")
    cancelled = appointment_book(actor=people.patient_user, slot_id=first.pk, source="web")
    appointment_cancel(
        actor=people.patient_user, appointment_id=cancelled.pk, reason="Ik ben ziek.", source="web"
    )
    appointment_book(actor=people.patient_user, slot_id=Slot.objects.last().pk, source="web")
    data = [case.reference, "Oostweg 12, Amersfoort", "033 123 45 67", "https://video.example.nl/kamer-7"]
    data += ["Ik ben ziek.", str(getattr(people, who)), "(.ics)"]

    text = visible_text(page(getattr(people, who), case, language).content.decode(), "body")

    assert problems(text, language, data) == []
