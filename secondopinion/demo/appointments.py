"""Demo appointments: the coordinator offers three times (in person, telephone, video) on Petra's case
whose report is final, to talk the report through, and Petra chooses the first; it shows in
dr. Bakker's agenda. Loading the demo again adds nothing."""

import datetime as dt

from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.appointments.models import Slot
from secondopinion.appointments.services import appointment_book, slot_offer
from secondopinion.appointments.times import AMSTERDAM
from secondopinion.cases.models import SecondOpinionCase

QUESTION = "Is een volledige rehabilitatie de enige optie?"
TIMES = (
    (3, dt.time(10, 0), "in_person", "Mondzorg Centrum Oost, Stationsplein 12, Amersfoort"),
    (4, dt.time(14, 30), "telephone", "033 123 45 67"),
    (6, dt.time(16, 0), "video", "https://video.example.nl/mondzorg-oost/bakker"),
)


def _weekday(days: int) -> dt.date:
    """`days` from today, moved on past a weekend."""
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def demo_appointments(users: dict[str, User]) -> None:
    case = SecondOpinionCase.objects.filter(care_question=QUESTION, patient__user=users["petra"]).first()
    if case is None or Slot.objects.filter(case=case).exists():
        return
    slots = [
        slot_offer(
            actor=users["coordinator"],
            case_id=case.pk,
            kind=kind,
            starts_at=dt.datetime.combine(_weekday(days), at, tzinfo=AMSTERDAM),
            minutes=30,
            location=where,
            source="command",
        )
        for days, at, kind, where in TIMES
    ]
    appointment_book(actor=users["petra"], slot_id=slots[0].pk, source="command")
