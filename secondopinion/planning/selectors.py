"""The expected dates of a case's next steps, from its timeline and the days its organisation (or else
its protocol) plans per step. Reads no patient data beyond the case the caller has already read (and
logged) through the case's own door; one query for the organisation's days."""

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from secondopinion.cases.selectors import case_timeline
from secondopinion.core.refcache import ReferenceCache
from secondopinion.planning.models import StepDuration
from secondopinion.protocols.durations import Expected, default_days, expected_steps
from secondopinion.protocols.lifecycle import Status

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase


# An organisation's own days per protocol, kept in the process (core/refcache.py); emptied when a
# StepDuration is saved or deleted (planning/apps.py).
OWN_DAYS = ReferenceCache("step days")


def step_days(*, organisation_id: int | None, protocol: str) -> dict[Status, int]:
    """The protocol's defaults with the organisation's own days over them (a new dict each call)."""
    days = default_days(protocol)
    if organisation_id is not None:
        days.update(OWN_DAYS.get((organisation_id, protocol), lambda: _own_days(organisation_id, protocol)))
    return days


def _own_days(organisation_id: int, protocol: str) -> tuple[tuple[Status, int], ...]:
    rows = StepDuration.objects.filter(organisation_id=organisation_id, protocol=protocol).order_by()
    return tuple((Status(status), n) for status, n in rows.values_list("status", "days"))


def _entered_on(case: "SecondOpinionCase") -> dt.date:
    """The day the case entered its current state: its last status change to it, else its submission."""
    entered = case.created_at
    for change in case_timeline(case):
        if change.to_status == case.status:
            entered = change.at
    return timezone.localdate(entered)


def case_expected_steps(case: "SecondOpinionCase", *, today: dt.date | None = None) -> list[Expected]:
    """Each step still to come with its expected date; the first is the next one (overdue when past)."""
    key = (case.pk, case.status, case.version)
    cached = case.__dict__.get("_tm_expected_steps")
    if cached is not None and cached[0] == key and today is None:
        return cached[1]
    days = step_days(organisation_id=case.organisation_id, protocol=case.protocol)
    steps = expected_steps(
        status=case.status, entered_on=_entered_on(case), days=days, today=today or timezone.localdate()
    )
    if today is None:
        case.__dict__["_tm_expected_steps"] = (key, steps)
    return steps
