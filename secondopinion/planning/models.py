"""An organisation's own expected durations per protocol and step; the defaults are in
protocols/durations.py. Not patient data: kept by an administrator with the organisation."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from secondopinion.protocols.durations import WAITING_STATES
from secondopinion.protocols.lifecycle import STATUS_LABELS
from secondopinion.protocols.registry import PROTOCOLS

MAX_DAYS = 365


def _days_in_range(value: int) -> None:
    if value is not None and not 1 <= value <= MAX_DAYS:
        raise ValidationError(
            gettext("Give a number of days from 1 to %(max)s.") % {"max": MAX_DAYS}, code="range"
        )


class StepDuration(models.Model):
    """How many days this organisation expects a case of this protocol to wait in a state."""

    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="step_durations",
        verbose_name=_("organisation"),
    )
    protocol = models.CharField(
        _("protocol"), max_length=40, choices=[(c, str(p.name.en)) for c, p in PROTOCOLS.items()]
    )
    status = models.CharField(
        _("step after"),
        max_length=30,
        choices=[(s.value, STATUS_LABELS[s].en) for s in WAITING_STATES],
        help_text=_("The state the case waits in; the days run until its next step."),
    )
    days = models.PositiveSmallIntegerField(_("days"), validators=[_days_in_range])

    class Meta:
        verbose_name = _("expected duration")
        verbose_name_plural = _("expected durations")
        ordering = ["organisation", "protocol", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "protocol", "status"], name="unique_step_duration"
            ),
            models.CheckConstraint(
                condition=models.Q(days__gte=1, days__lte=MAX_DAYS), name="step_duration_days_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.protocol} {self.status}: {self.days}"


class OverdueReminder(models.Model):
    """A step that went past its due date, and the coordinators were told once (planning/reminders.py).

    The step is the case's stay in one state, named by the case's version (bumped by every transition):
    the same stay is reminded once however often the task runs; a later stay in a state is a new step."""

    case = models.ForeignKey("cases.SecondOpinionCase", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=30)
    due = models.DateField()
    coordinators_told = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_overdue_reminder_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version} {self.status} due {self.due}"
