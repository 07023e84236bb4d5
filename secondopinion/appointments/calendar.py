"""The appointment as an iCalendar invitation (RFC 5545, scheduled with RFC 5546's METHOD), built with
the `icalendar` library.

Times are written in UTC (DTSTART:20260330T080000Z), not with a TZID and a VTIMEZONE. A UTC time is
one instant that every calendar program turns into its own local time by its own time-zone rules,
and which no client can misread: a VTIMEZONE would have to repeat Amsterdam's rules for every year
the event could be expanded in, and clients that ignore an embedded VTIMEZONE (several do, and use
their own database for a known TZID) would be trusting data we could only get wrong. Stored times are
already UTC (Slot.starts_at), so the file says exactly what the database holds. The words in the file
(summary, description) are in the reader's language, with the local Amsterdam time written out.

The UID stays the same for the appointment's whole life; SEQUENCE is the appointment's counter, one
higher after every move and after the cancellation, so a calendar replaces its earlier copy. A
cancelled appointment is sent as METHOD:CANCEL with STATUS:CANCELLED."""

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from secondopinion.appointments.models import Appointment, ConsultKind
from secondopinion.appointments.times import local

UID_DOMAIN = "tweedemening"
PRODID = "-//Tweede Mening//Afspraken//NL"


def uid_of(appointment: Appointment) -> str:
    return f"{appointment.uid}@{UID_DOMAIN}"


def _organizer(appointment: Appointment) -> vCalAddress:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("<", 1)[-1].rstrip(">").strip()
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(appointment.case.organisation.name)
    return organizer


def _kind_words(kind: str) -> str:
    return str(ConsultKind(kind).label)


def invitation(appointment: Appointment, *, now: dt.datetime | None = None) -> bytes:
    """The .ics file of the appointment: REQUEST while it stands, CANCEL once cancelled."""
    slot, case = appointment.slot, appointment.case
    cancelled = appointment.state == Appointment.State.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", uid_of(appointment))
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", (now or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", slot.starts_at.astimezone(dt.UTC))
    event.add("dtend", slot.ends_at.astimezone(dt.UTC))
    event.add("summary", _("Appointment for second opinion %(reference)s") % {"reference": case.reference})
    starts = local(slot.starts_at)
    when = f"{formats.date_format(starts, 'j F Y')}, {starts:%H:%M} ({_('time in the Netherlands')})"
    event.add(
        "description",
        "\n".join(
            (
                f"{_kind_words(slot.kind).capitalize()}: {slot.location}",
                when,
                _("Change or cancel: log in to Tweede Mening."),
            )
        ),
    )
    event.add("location", slot.location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("organizer", _organizer(appointment))
    account = case.patient.user
    email = case.patient.email or (account.email if account is not None else "")
    if email:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(case.patient.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return calendar.to_ical()


def filename(appointment: Appointment) -> str:
    return f"afspraak-{appointment.case.reference}.ics"
