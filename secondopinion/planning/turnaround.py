"""An organisation's turnaround: the days from request (submission) to final report, as the median and
the 90th percentile, per protocol and per month of the final report (planning/dates.py: calendar days,
percentiles by linear interpolation). Read by the organisation's coordinators (access/permissions.py,
Action.READ_TURNAROUND) in one pass: one query for every case with a final report, whatever their number,
the organisations' names and the reminders of overdue steps in two more. The figures name no patient; reading them is logged."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from secondopinion.access.permissions import Action, coordinators_may
from secondopinion.access.policy import coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.audit.kinds import DataKind
from secondopinion.audit.services import access_record
from secondopinion.cases.models import StatusChange
from secondopinion.core.errors import NotFound
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.planning.dates import days_between, percentile
from secondopinion.planning.models import OverdueReminder, StepDuration
from secondopinion.protocols.registry import PROTOCOLS

NO_SUCH_PAGE = Text("Deze pagina bestaat niet.", "This page does not exist.")
RECENT_REMINDERS = 20
# The directory's organisation, through planning's own relation (the directory imports planning).
Organisation = StepDuration._meta.get_field("organisation").related_model


@dataclass(frozen=True)
class Row:
    protocol: str
    month: dt.date | None  # the first day of the month; None for all months together
    count: int
    median: float | None
    p90: float | None

    @property
    def protocol_name(self) -> str:
        """The protocol's name in the reader's language."""
        protocol = PROTOCOLS.get(self.protocol)
        return str(protocol.name) if protocol is not None else self.protocol


@dataclass
class OrganisationTurnaround:
    organisation_id: int
    name: str
    by_protocol: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    reminders: list[OverdueReminder] = field(default_factory=list)


def _row(protocol: str, month: dt.date | None, days: list[int]) -> Row:
    return Row(protocol, month, len(days), percentile(days, 0.5), percentile(days, 0.9))


def turnaround_figures(
    organisations: dict[int, str], durations: list[tuple[int, str, dt.datetime, dt.datetime]]
):
    """Group (organisation, protocol, submitted, final) into the figures; pure, so tests can feed it."""
    per_protocol: dict[tuple[int, str], list[int]] = defaultdict(list)
    per_month: dict[tuple[int, str, dt.date], list[int]] = defaultdict(list)
    for organisation_id, protocol, submitted, final in durations:
        taken = days_between(submitted, final)
        month = timezone.localdate(final).replace(day=1)
        per_protocol[(organisation_id, protocol)].append(taken)
        per_month[(organisation_id, protocol, month)].append(taken)
    out = {pk: OrganisationTurnaround(pk, name) for pk, name in organisations.items()}
    for (pk, protocol), days in sorted(per_protocol.items()):
        out[pk].by_protocol.append(_row(protocol, None, days))
    for (pk, protocol, month), days in sorted(
        per_month.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1])
    ):
        out[pk].by_month.append(_row(protocol, month, days))
    return [out[pk] for pk in sorted(out, key=lambda pk: organisations[pk])]


def turnaround_for(*, user: User, source: str, action: str = "read") -> list[OrganisationTurnaround]:
    """The figures of every organisation the user coordinates; NotFound for anyone else."""
    orgs = coordinator_organisations(user) if coordinators_may(Action.READ_TURNAROUND) else set()
    if not orgs:
        raise NotFound(NO_SUCH_PAGE)
    access_record(
        actor=user,
        action=action,
        data=DataKind.TURNAROUND.of(),
        source=source,
        role=Role.COORDINATOR,
        basis=Role.COORDINATOR,
    )
    names = dict(Organisation._default_manager.filter(pk__in=sorted(orgs)).values_list("pk", "name"))
    durations = list(
        StatusChange.objects.filter(to_status="report_final", case__organisation_id__in=sorted(orgs))
        .order_by()
        .values_list("case__organisation_id", "case__protocol", "case__created_at", "at")
    )
    reminders = list(
        OverdueReminder.objects.filter(case__organisation_id__in=sorted(orgs))
        .select_related("case")
        .annotate(organisation_id=F("case__organisation_id"))
        .order_by("-created_at", "-id")[: RECENT_REMINDERS * len(orgs)]
    )
    figures = turnaround_figures(names, durations)
    by_pk = {figure.organisation_id: figure for figure in figures}
    for reminder in reminders:
        if len(by_pk[reminder.organisation_id].reminders) < RECENT_REMINDERS:
            by_pk[reminder.organisation_id].reminders.append(reminder)
    return figures
