"""What the appointment pages show, from what the selectors read: presentation only; who may do what
is the one table's answer (access/permissions.py), asked here so a page offers only what would pass."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from secondopinion.access.permissions import Action, permitted
from secondopinion.appointments.forms import CancelForm, MoveForm, OutcomeForm, SlotForm
from secondopinion.appointments.models import Appointment
from secondopinion.appointments.selectors import CaseAppointments
from secondopinion.appointments.services import TOO_FAR
from secondopinion.appointments.times import CUTOFF
from secondopinion.core.errors import DomainError
from secondopinion.protocols.lifecycle import FINAL_STATES

# A service's field that the form asks for in other words: the offered time's instant (`starts_at`) is
# typed as a day and a clock time; its refusal (in the past, within 24 hours; or more than a year
# ahead) is said on the day.
_ON_FORM = {"starts_at": ("day", _("Choose a day and time more than 24 hours from now."))}
_TOO_FAR_ON_FORM = _("Choose a day at most one year from today.")


def attach_error(form: forms.Form, error: DomainError) -> DomainError | None:
    """Put an error about one field on that field (the form shows it there, named); return the error
    when it names no field of the form, for the page to show above (never dropped)."""
    if error.field in _ON_FORM and _ON_FORM[error.field][0] in form.fields:
        name, words = _ON_FORM[error.field]
        form.add_error(name, str(_TOO_FAR_ON_FORM if error.detail == TOO_FAR else words))
        return None
    if error.field and error.field in form.fields:
        form.add_error(error.field, str(error.detail))
        return None
    return error


def _form(bound: tuple[str, forms.Form] | None, key: str, fresh: forms.Form) -> forms.Form:
    return bound[1] if bound is not None and bound[0] == key else fresh


def page_context(
    data: CaseAppointments,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
) -> dict[str, Any]:
    now = timezone.now()
    case, roles = data.case, data.roles
    current = next((a for a in data.appointments if a.state == Appointment.State.BOOKED), None)
    changeable = current is not None and current.slot.starts_at > now + CUTOFF
    is_open = case.status not in FINAL_STATES
    may_book = permitted(Action.BOOK_APPOINTMENT, roles) and is_open
    may_offer = permitted(Action.OFFER_SLOTS, roles) and is_open
    move_form = MoveForm(slots=data.open_slots)
    return {
        "case": case,
        "patient_view": may_book or permitted(Action.BOOK_APPOINTMENT, roles),
        "current": current,
        "changeable": changeable,
        "history": [a for a in data.appointments if a is not current],
        "open_slots": data.open_slots,
        "slots": data.slots,
        "may_book": may_book and current is None,
        "may_change": may_book and changeable,
        "may_offer": may_offer,
        "may_record": permitted(Action.RECORD_ATTENDANCE, roles),
        "now": now,
        "offer_form": _form(bound, "offer", SlotForm()),
        "move_form": _form(bound, "move", move_form) if data.open_slots else None,
        "cancel_form": _form(bound, "cancel", CancelForm()),
        "outcome_form": _form(bound, "outcome", OutcomeForm()),
        "bound_key": bound[0] if bound is not None else "",
        "error": error,
    }


def agenda_context(week: list[Appointment], monday: dt.date, iso_week: Any) -> dict[str, Any]:
    """The week's appointments grouped by day (Dutch time), with the weeks before and after."""
    days: dict[dt.date, list[Appointment]] = {}
    for appointment in week:
        days.setdefault(timezone.localtime(appointment.slot.starts_at).date(), []).append(appointment)
    return {
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "days": sorted(days.items()),
        "previous_week": iso_week(monday - dt.timedelta(days=7)),
        "next_week": iso_week(monday + dt.timedelta(days=7)),
        "this_week": iso_week(timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())),
        "now": timezone.now(),
    }
