"""Which running cases wait past the due date of their next step, in one query: the day each entered
its state (its last status change to it, else its submission) and the days its organisation (or else its
protocol) plans for that state, with the calendar-day arithmetic of planning/dates.py."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Case,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.planning.dates import due_date, is_overdue
from secondopinion.planning.models import OverdueReminder, StepDuration
from secondopinion.protocols.durations import NEXT, default_days
from secondopinion.protocols.registry import PROTOCOLS


@dataclass(frozen=True)
class OverdueStep:
    case_id: int
    version: int
    status: str
    due: dt.date


def default_days_case() -> Case:
    """The protocol's expected days for the state the case waits in, as one CASE over the table."""
    whens = [
        When(protocol=code, status=status.value, then=Value(days))
        for code in PROTOCOLS
        for status, days in default_days(code).items()
    ]
    return Case(*whens, default=Value(None), output_field=IntegerField())


def entered_at() -> Coalesce:
    """When the case entered the state it is in: its last status change to it, else its submission."""
    last_change = Subquery(
        StatusChange.objects.filter(case=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-at", "-id")
        .values("at")[:1],
        output_field=DateTimeField(),
    )
    return Coalesce(last_change, F("created_at"))


def planned_days() -> Coalesce:
    """The days the case's organisation plans for its state, else its protocol's."""
    own_days = Subquery(
        StepDuration.objects.filter(
            organisation_id=OuterRef("organisation_id"),
            protocol=OuterRef("protocol"),
            status=OuterRef("status"),
        ).values("days")[:1],
        output_field=IntegerField(),
    )
    return Coalesce(own_days, default_days_case())


def due_at() -> ExpressionWrapper:
    """`entered_at` plus `due_days` in 24-hour periods (annotate both first)."""
    return ExpressionWrapper(
        F("entered_at")
        + ExpressionWrapper(F("due_days") * dt.timedelta(days=1), output_field=DurationField()),
        output_field=DateTimeField(),
    )


def with_due(cases: QuerySet[SecondOpinionCase]) -> QuerySet[SecondOpinionCase]:
    """Cases waiting in a state of the main path, with `entered_at` and `due_days` (and `due_at`, the
    same in 24-hour periods: a filter that never misses a late case, refined by due_date)."""
    return (
        cases.filter(status__in=[s.value for s in NEXT])
        .annotate(entered_at=entered_at(), due_days=planned_days())
        .annotate(due_at=due_at())
    )


def overdue_steps(*, today: dt.date | None = None, unreminded: bool = True) -> list[OverdueStep]:
    """Every step past its due day (one query); by default only those not yet reminded."""
    today = today or timezone.localdate()
    cases = with_due(SecondOpinionCase.objects.order_by())
    if unreminded:
        reminded = OverdueReminder.objects.filter(case=OuterRef("pk"), version=OuterRef("version"))
        cases = cases.filter(~Exists(reminded))
    # A day late on the calendar is at least 23 hours late in UTC: nothing overdue is left out here.
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    cases = cases.filter(Q(due_at__lt=start_of_today + dt.timedelta(hours=1)))
    found = []
    rows = cases.values_list("pk", "version", "status", "entered_at", "due_days")  # type: ignore[misc]
    for case_id, version, status, entered_at, days in rows:
        due = due_date(entered_at, days)
        if is_overdue(due, today):
            found.append(OverdueStep(case_id, version, status, due))
    return found
