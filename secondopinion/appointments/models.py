"""Consult appointments: the times the practice offers for a case, and the one the patient chose.

A slot belongs to the handling organisation and the case (optionally to the giver who will see the
patient). An appointment is the patient's choice of one offered slot; moving it points it at another
slot of the same case and raises its SEQUENCE, so calendars replace the event with the same UID. Times
are stored aware, in UTC, and shown in Europe/Amsterdam."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsultKind(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    TELEPHONE = "telephone", _("by telephone")
    VIDEO = "video", _("by video call")


MIN_MINUTES, MAX_MINUTES = 10, 240


class Slot(models.Model):
    """A time the coordinator or the giver offers for a consult on one case."""

    case = models.ForeignKey(
        "cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="appointment_slots"
    )
    organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    giver = models.ForeignKey(
        "directory.Practitioner", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=ConsultKind.choices)
    starts_at = models.DateTimeField()
    minutes = models.PositiveSmallIntegerField()
    # The address (in person), the number to call or be called on (telephone) or the link (video).
    location = models.CharField(max_length=300)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    offered_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["case", "starts_at"], name="slot_case_start"),
            models.Index(fields=["giver", "starts_at"], name="slot_giver_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["in_person", "telephone", "video"]), name="slot_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES), name="slot_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.starts_at:%Y-%m-%d %H:%M}Z ({self.case_id})"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


class Appointment(models.Model):
    """The patient's (or representative's) booking of one offered slot."""

    class State(models.TextChoices):
        BOOKED = "booked", _("booked")
        CANCELLED = "cancelled", _("cancelled")
        ATTENDED = "attended", _("attended")
        NO_SHOW = "no_show", _("did not come")

    # The calendar's UID: the same for the appointment's whole life, whatever slot it moves to.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.SecondOpinionCase", on_delete=models.PROTECT, related_name="appointments")
    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    state = models.CharField(max_length=10, choices=State.choices, default=State.BOOKED)
    # iCalendar SEQUENCE: 0 when booked, one more on every move and on the cancellation.
    sequence = models.PositiveIntegerField(default=0)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_role = models.CharField(max_length=30)
    booked_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancel_reason = models.CharField(max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set once, by the one reminder run that wins the compare-and-set (services.appointment_remind);
    # cleared by a move, so the new time gets its own reminder.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-booked_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["booked", "cancelled", "attended", "no_show"]),
                name="appointment_state_valid",
            ),
            # No double booking: a slot carries at most one appointment that is not cancelled.
            models.UniqueConstraint(
                fields=["slot"], condition=~Q(state="cancelled"), name="appointment_one_per_slot"
            ),
            # The patient holds one booked appointment per case at a time (moving changes its slot).
            models.UniqueConstraint(
                fields=["case"], condition=Q(state="booked"), name="appointment_one_booked_per_case"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.uid} ({self.state}, seq {self.sequence})"
