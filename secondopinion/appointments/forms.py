"""The forms of appointments. They parse, and say which field is wrong; the services decide."""

import datetime as dt

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from secondopinion.appointments.models import MAX_MINUTES, MIN_MINUTES, Appointment, ConsultKind, Slot
from secondopinion.appointments.services import REASON_MAX
from secondopinion.appointments.times import AMSTERDAM, latest_slot_day, local
from secondopinion.core.day_field import DayField
from secondopinion.core.forms import PlainTextForm


class SlotForm(PlainTextForm, forms.Form):
    """A time the practice offers: day and clock time in the Netherlands, how long, what kind, where."""

    kind = forms.ChoiceField(
        label=_("Kind of appointment"), choices=ConsultKind.choices, widget=forms.RadioSelect
    )
    day = DayField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=MIN_MINUTES, max_value=MAX_MINUTES, initial=30
    )
    location = forms.CharField(
        label=_("Place, telephone number or link"),
        max_length=300,
        help_text=_(
            "An address for a visit, a number for a telephone call, an https:// link for a video call."
        ),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        day, time = data.get("day"), data.get("time")
        if day is not None and day > latest_slot_day(local(timezone.now()).date()):
            self.add_error("day", _("Choose a day at most one year from today."))
            day = None
        if day is not None and time is not None:
            naive = dt.datetime.combine(day, time)
            aware = naive.replace(tzinfo=AMSTERDAM)
            # A clock time skipped when summer time starts does not exist; say so rather than guess.
            if local(aware.astimezone(dt.UTC)).replace(tzinfo=None) != naive:
                self.add_error("time", _("This time does not exist on that day: the clocks move forward."))
            else:
                data["starts_at"] = aware.astimezone(dt.UTC)
        return data


def slot_label(slot: Slot) -> str:
    starts = local(slot.starts_at)
    return f"{formats.date_format(starts, 'l j F Y')}, {starts:%H:%M} ({ConsultKind(slot.kind).label})"


class MoveForm(PlainTextForm, forms.Form):
    slot = forms.TypedChoiceField(label=_("New time"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, slots: list[Slot], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(slot.pk, slot_label(slot)) for slot in slots]  # type: ignore[attr-defined]


class CancelForm(PlainTextForm, forms.Form):
    reason = forms.CharField(
        label=_("Why do you cancel?"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(PlainTextForm, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did the patient come?"),
        choices=[
            (Appointment.State.ATTENDED, _("Yes, the patient came")),
            (Appointment.State.NO_SHOW, _("No, the patient did not come")),
        ],
        widget=forms.RadioSelect,
    )
