"""The writes of consult appointments. Each is one transaction that starts at the case's door
(access.doors.case_for: the case locked, the actor's role from the one table), validates, writes,
logs one access event and queues the e-mails and the reminder after commit.

Double booking is refused twice over: the case row is locked while a booking is judged, and the
database holds at most one appointment that is not cancelled per slot (appointment_one_per_slot)."""

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.access.policy import acting_for
from secondopinion.accounts.models import User
from secondopinion.appointments.models import MAX_MINUTES, MIN_MINUTES, Appointment, ConsultKind, Slot
from secondopinion.appointments.notify import appointment_mail
from secondopinion.appointments.tasks import schedule_reminder
from secondopinion.appointments.times import CUTOFF, latest_slot_day, local
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import control_character, is_blank
from secondopinion.protocols.lifecycle import FINAL_STATES

NOT_FOUND = Text(
    "Deze afspraak of tijd bestaat niet of u heeft er geen toegang toe.",
    "This appointment or time does not exist or you have no access to it.",
)
CASE_ENDED = Text(
    "Deze second opinion is afgerond; er kunnen geen afspraken meer bij.",
    "This second opinion has ended; no more appointments can be made.",
)
TAKEN = Text(
    "Deze tijd is net door iemand anders gekozen of is niet meer beschikbaar. Kies een andere tijd.",
    "This time has just been taken or is no longer available. Please choose another time.",
)
TOO_LATE = Text(
    "Dit kan tot 24 uur voor de afspraak. Bel de praktijk als u toch iets wilt veranderen.",
    "This is possible until 24 hours before the appointment. Please call the practice to change it now.",
)
TOO_FAR = Text(
    "Dag: kies een dag die ten hoogste een jaar na vandaag ligt.",
    "Day: choose a day at most one year from today.",
)
REASON_MAX = 500
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{7,19}", re.ASCII)
_LINK = re.compile(r"https://[^\s]{4,290}", re.ASCII)


def _log(actor: User, role: Role, case: SecondOpinionCase, action: str, data: str, source: str) -> None:
    access_record(
        actor=actor,
        action=action,
        data=data,
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )


def open_for_appointments(case: SecondOpinionCase) -> bool:
    """Whether times can still be offered, chosen, moved or cancelled: not once the case has ended
    (closed, refused, redirected, withdrawn)."""
    return case.status not in FINAL_STATES


def _open(case: SecondOpinionCase) -> None:
    if not open_for_appointments(case):
        raise TransitionNotAllowed(CASE_ENDED)


def _case_id_of(model: type[Slot] | type[Appointment], pk: int) -> int:
    case_id = model.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    if case_id is None:
        raise NotFound(NOT_FOUND)
    return case_id


def _location(kind: str, location: str) -> str:
    """Where the consult is: an address, a telephone number or an https link, as the kind asks."""
    value = location.strip()
    label = Text("Plaats, telefoonnummer of link", "Place, telephone number or link")
    if control_character(value) is not None or is_blank(value) or len(value) > 300:
        raise InvalidInput(
            Text(
                f"{label.nl}: vul dit in (ten hoogste 300 tekens).",
                f"{label.en}: fill this in (at most 300 characters).",
            ),
            field="location",
        )
    if kind == ConsultKind.TELEPHONE and not _PHONE.fullmatch(value):
        raise InvalidInput(
            Text(
                "Telefoonnummer: schrijf een nummer, bijvoorbeeld 030 123 45 67.",
                "Telephone number: write a number, for example 030 123 45 67.",
            ),
            field="location",
        )
    if kind == ConsultKind.VIDEO and not _LINK.fullmatch(value):
        raise InvalidInput(
            Text(
                "Link voor het videogesprek: begin met https://.",
                "Link for the video call: start with https://.",
            ),
            field="location",
        )
    return value


@transaction.atomic
def slot_offer(
    *,
    actor: User,
    case_id: int,
    kind: str,
    starts_at: dt.datetime,
    minutes: int,
    location: str,
    source: str,
) -> Slot:
    """The coordinator or the giver offers one time for a consult on the case."""
    case, role = case_for(actor, case_id, Action.OFFER_SLOTS)
    _open(case)
    if kind not in ConsultKind.values:
        raise InvalidInput(
            Text(
                "Soort afspraak: kies er een uit de lijst.", "Kind of appointment: choose one from the list."
            ),
            field="kind",
        )
    if timezone.is_naive(starts_at) or starts_at <= timezone.now() + CUTOFF:
        raise InvalidInput(
            Text(
                "Begintijd: kies een tijd die meer dan 24 uur na nu ligt.",
                "Start time: choose a time more than 24 hours from now.",
            ),
            field="starts_at",
        )
    if local(starts_at).date() > latest_slot_day(local(timezone.now()).date()):
        raise InvalidInput(TOO_FAR, field="starts_at")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInput(
            Text(
                f"Duur: tussen {MIN_MINUTES} en {MAX_MINUTES} minuten.",
                f"Duration: between {MIN_MINUTES} and {MAX_MINUTES} minutes.",
            ),
            field="minutes",
        )
    slot = Slot.objects.create(
        case=case,
        organisation_id=case.organisation_id,
        giver_id=case.giver_id,
        kind=kind,
        starts_at=starts_at.astimezone(dt.UTC),
        minutes=minutes,
        location=_location(kind, location),
        offered_by=actor,
    )
    _log(actor, role, case, "create", "appointment:slot", source)
    return slot


@transaction.atomic
def slot_withdraw(*, actor: User, slot_id: int, source: str) -> Slot:
    """The practice takes back a time it offered, as long as nobody has chosen it."""
    case, role = case_for(actor, _case_id_of(Slot, slot_id), Action.OFFER_SLOTS)
    slot = Slot.objects.select_for_update().get(pk=slot_id)
    if slot.withdrawn_at is not None or slot.appointments.exclude(state=Appointment.State.CANCELLED).exists():
        raise TransitionNotAllowed(
            Text(
                "Deze tijd is al gekozen of ingetrokken; u kunt hem niet meer intrekken.",
                "This time has already been chosen or withdrawn; it can no longer be withdrawn.",
            )
        )
    slot.withdrawn_at = timezone.now()
    slot.save(update_fields=["withdrawn_at"])
    _log(actor, role, case, "update", "appointment:slot", source)
    return slot


def _free_slot(case: SecondOpinionCase, slot_id: int) -> Slot:
    """A slot of this case that is still offered, far enough ahead and not taken; locked."""
    slot = Slot.objects.select_for_update().filter(pk=slot_id, case=case).first()
    if slot is None:
        raise NotFound(NOT_FOUND)
    taken = slot.appointments.exclude(state=Appointment.State.CANCELLED).exists()
    if slot.withdrawn_at is not None or taken:
        raise TransitionNotAllowed(TAKEN)
    if slot.starts_at <= timezone.now() + CUTOFF:
        raise TransitionNotAllowed(TOO_LATE)
    return slot


def _save(appointment: Appointment, fields: list[str] | None = None) -> None:
    """Write in a savepoint, so that the database's refusal of a double booking is our answer."""
    try:
        with transaction.atomic():
            if fields is None:
                appointment.save()
            else:
                appointment.save(update_fields=[*fields, "updated_at"])
    except IntegrityError as exc:
        raise TransitionNotAllowed(TAKEN) from exc


@transaction.atomic
def appointment_book(*, actor: User, slot_id: int, source: str) -> Appointment:
    """The patient or the representative chooses one offered time."""
    case, role = case_for(actor, _case_id_of(Slot, slot_id), Action.BOOK_APPOINTMENT)
    _open(case)
    if Appointment.objects.filter(case=case, state=Appointment.State.BOOKED).exists():
        raise TransitionNotAllowed(
            Text(
                "U heeft al een afspraak. Verzet die afspraak als u een andere tijd wilt.",
                "You already have an appointment. Move it if you want another time.",
            )
        )
    slot = _free_slot(case, slot_id)
    appointment = Appointment(case=case, slot=slot, booked_by=actor, booked_role=role)
    _save(appointment)
    _log(actor, role, case, "create", "appointment", source)
    appointment_mail(case=case, kind="appointment_booked", actor=actor)
    schedule_reminder(appointment)
    return appointment


def _own_booked(case: SecondOpinionCase, appointment_id: int) -> Appointment:
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("slot")
        .filter(pk=appointment_id, case=case)
        .first()
    )
    if appointment is None:
        raise NotFound(NOT_FOUND)
    if appointment.state != Appointment.State.BOOKED:
        raise TransitionNotAllowed(
            Text("Deze afspraak staat niet meer open.", "This appointment is no longer open.")
        )
    if appointment.slot.starts_at <= timezone.now() + CUTOFF:
        raise TransitionNotAllowed(TOO_LATE)
    return appointment


@transaction.atomic
def appointment_move(*, actor: User, appointment_id: int, slot_id: int, source: str) -> Appointment:
    """Move the appointment to another time offered on the same case; calendars get SEQUENCE + 1."""
    case, role = case_for(actor, _case_id_of(Appointment, appointment_id), Action.BOOK_APPOINTMENT)
    _open(case)
    appointment = _own_booked(case, appointment_id)
    if appointment.slot_id == slot_id:
        raise InvalidInput(
            Text(
                "Nieuwe tijd: kies een andere tijd dan de huidige.",
                "New time: choose a time other than the current one.",
            ),
            field="slot",
        )
    appointment.slot = _free_slot(case, slot_id)
    appointment.sequence += 1
    appointment.reminder_sent_at = None
    _save(appointment, ["slot", "sequence", "reminder_sent_at"])
    _log(actor, role, case, "update", "appointment", source)
    appointment_mail(case=case, kind="appointment_moved", actor=actor)
    schedule_reminder(appointment)
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: User, appointment_id: int, reason: str, source: str) -> Appointment:
    """Cancel the appointment, with a reason; the time is free again and calendars get a CANCEL."""
    case, role = case_for(actor, _case_id_of(Appointment, appointment_id), Action.BOOK_APPOINTMENT)
    text = reason.strip()
    if control_character(text) is not None or is_blank(text) or len(text) > REASON_MAX:
        raise InvalidInput(
            Text(
                f"Reden: schrijf kort waarom (ten hoogste {REASON_MAX} tekens).",
                f"Reason: write briefly why (at most {REASON_MAX} characters).",
            ),
            field="reason",
        )
    appointment = _own_booked(case, appointment_id)
    appointment.state = Appointment.State.CANCELLED
    appointment.cancel_reason = text
    appointment.cancelled_at = timezone.now()
    appointment.sequence += 1
    _save(appointment, ["state", "cancel_reason", "cancelled_at", "sequence"])
    _log(actor, role, case, "update", "appointment", source)
    appointment_mail(case=case, kind="appointment_cancelled", actor=actor)
    return appointment


OUTCOMES = (Appointment.State.ATTENDED, Appointment.State.NO_SHOW)


@transaction.atomic
def appointment_record_outcome(*, actor: User, appointment_id: int, outcome: str, source: str) -> Appointment:
    """The coordinator or the giver records, after the time, whether the patient came."""
    case, role = case_for(actor, _case_id_of(Appointment, appointment_id), Action.RECORD_ATTENDANCE)
    if outcome not in OUTCOMES:
        raise InvalidInput(
            Text("Uitkomst: kies gekomen of niet gekomen.", "Outcome: choose attended or did not come."),
            field="outcome",
        )
    appointment = (
        Appointment.objects.select_for_update()
        .select_related("slot")
        .filter(pk=appointment_id, case=case)
        .get()
    )
    if appointment.state != Appointment.State.BOOKED:
        raise TransitionNotAllowed(
            Text(
                "Voor deze afspraak is al iets vastgelegd.",
                "Something has already been recorded for this appointment.",
            )
        )
    if appointment.slot.starts_at > timezone.now():
        raise TransitionNotAllowed(
            Text(
                "Dit kan pas als de afspraak is begonnen.",
                "This is possible once the appointment has started.",
            )
        )
    appointment.state = outcome
    appointment.outcome_recorded_at = timezone.now()
    appointment.outcome_recorded_by = actor
    _save(appointment, ["state", "outcome_recorded_at", "outcome_recorded_by"])
    _log(actor, role, case, "update", "appointment", source)
    return appointment
