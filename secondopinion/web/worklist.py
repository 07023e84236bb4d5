"""The worklist's columns, search and sort, built into the one query that reads a page of cases:
days open, the due date of the step the case waits for (protocols/durations.py, with the
organisation's own days from planning), whether it is overdue, and the messages from the patient's
side the practice has not read. Annotated, never looped, so a page costs the same whatever it holds."""

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import partial

from django.db.models import (
    Case,
    Count,
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

from secondopinion.access.permissions import PATIENT_SIDE, PRACTICE_SIDE
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.prepared import IdsIn, Prepared
from secondopinion.planning import overdue
from secondopinion.planning.dates import due_date, is_overdue
from secondopinion.protocols.durations import NEXT
from secondopinion.protocols.lifecycle import FINAL_STATES, Status

SORTS = ("status", "days", "due")
# "TM-2026-00042", "2026-00042", "00042" or "42": a case number as people type it.
_CASE_NUMBER = re.compile(r"^(?:TM-?)?(?:\d{4}-)?0*(\d{1,9})$", re.IGNORECASE)
SEARCH_MAX = 100


def _rank() -> Case:
    return Case(
        *(When(status=status, then=i) for i, status in enumerate(Status)), output_field=IntegerField()
    )


def _unread_from(side: frozenset) -> Coalesce:
    """Messages of `side` on the case that the other side has not read, as a correlated count: no join
    and no GROUP BY over the page's query, so PostgreSQL sorts the cases first and counts for the 50
    it shows (a join with an aggregate made it group all 10,000 cases of an organisation). The message
    model is found through the case's own relation, so the face need not import the aftercare package
    (which imports it)."""
    message = SecondOpinionCase._meta.get_field("messages").related_model
    unread = (
        message._default_manager.filter(
            case=OuterRef("pk"), read_at__isnull=True, author_role__in=[r.value for r in side]
        )
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def annotated(cases: QuerySet[SecondOpinionCase], *, reader_side: str) -> QuerySet[SecondOpinionCase]:
    """The cases with the worklist's facts. `reader_side` is "practice" (unread messages from the
    patient's side), "patient" (unread answers of the practice) or "" (no unread count)."""
    waiting = Q(status__in=[s.value for s in NEXT])
    cases = cases.annotate(
        _rank=_rank(),
        entered_at=overdue.entered_at(),
        due_days=Case(When(waiting, then=overdue.planned_days()), default=Value(None)),
    ).annotate(due_at=overdue.due_at())
    if reader_side:
        side = PATIENT_SIDE if reader_side == "practice" else PRACTICE_SIDE
        cases = cases.annotate(unread_messages=_unread_from(side))
    return cases


def searched(cases: QuerySet[SecondOpinionCase], query: str, *, names: bool) -> QuerySet[SecondOpinionCase]:
    """Cases whose number matches `query`, or (when the reader may see names) whose patient's name
    contains it."""
    query = query.strip()[:SEARCH_MAX]
    if not query:
        return cases
    condition = Q(pk__in=[])
    number = _CASE_NUMBER.match(query)
    if number:
        condition |= Q(pk=int(number.group(1)))
    if names:
        condition |= Q(patient__name__icontains=query)
    return cases.filter(condition)


def page_keys(cases: QuerySet[SecondOpinionCase], sort: str) -> QuerySet[SecondOpinionCase]:
    """The ids of `cases` in the worklist's order, with only what the order needs: the query a page is
    cut from. Sorted by status or days open it reads nothing but the index on (organisation, status,
    created_at, id), so an organisation's 10,000 cases are ordered without reading 10,000 rows; the
    page's 50 are then read whole (`annotated`, by id)."""
    if sort == "due":
        keyed = annotated(cases, reader_side="")
    elif sort == "days":
        keyed = cases
    else:
        keyed = cases.annotate(_rank=_rank())
    return ordered(keyed, sort).values_list("pk", flat=True)  # type: ignore[return-value]


def _page(ids: str, *, reader_side: str, sort: str) -> QuerySet[SecondOpinionCase]:
    cases = SecondOpinionCase.objects.filter(IdsIn("pk", ids)).select_related(
        "patient", "treating_practitioner", "giver", "organisation"
    )
    if reader_side == "patient":
        # R14: whether the patient hears the advice in a conversation (web/in_writing.py spoken_status).
        cases = cases.select_related("agreements")
    return ordered(annotated(cases, reader_side=reader_side), sort)


# One page's query per reader side and order, compiled once per process (core/prepared.py): its
# annotations make a statement of some 15,000 characters that took Django longer to build than
# PostgreSQL to run. Its ids are one parameter (IdsIn), so its SQL is the same for every page.
_PAGES = {
    (side, sort): Prepared(partial(_page, reader_side=side, sort=sort), texts=("ids",))
    for side in ("practice", "patient", "")
    for sort in SORTS
}


def page_cases(keys: list[int], *, reader_side: str, sort: str) -> list[SecondOpinionCase]:
    """The cases of one page, found by the ids `keys` cut from `page_keys` of a visible list (so the
    reader's access was decided there), read whole with what the rows show (`annotated`), in the
    worklist's order."""
    return _PAGES[(reader_side, sort)].all(ids=json.dumps([int(key) for key in keys]))  # type: ignore[return-value]


def ordered(cases: QuerySet[SecondOpinionCase], sort: str) -> QuerySet[SecondOpinionCase]:
    """By status (the lifecycle's order, newest first within it), by days open (longest first) or by
    due date (soonest, overdue first; cases waiting for nothing last)."""
    if sort == "days":
        return cases.order_by("created_at", "pk")
    if sort == "due":
        return cases.order_by(F("due_at").asc(nulls_last=True), "created_at", "pk")
    return cases.order_by(F("_rank").asc(), "-created_at", "-pk")


@dataclass(frozen=True)
class Timing:
    days_open: int | None
    due: dt.date | None
    overdue: bool


def timing(case: SecondOpinionCase, today: dt.date) -> Timing:
    """Days open (until today, for a case still running), and the due date of the step it waits for."""
    if case.status in FINAL_STATES:
        return Timing(None, None, False)
    opened = timezone.localdate(case.created_at)
    # Calendar days from the local day the case entered its state (planning/dates.py), as the case page
    # counts them; `due_at` (24-hour periods in UTC) only sorts, and may fall a day early across a DST change.
    entered_at, days = getattr(case, "entered_at", None), getattr(case, "due_days", None)
    due = due_date(entered_at, days) if entered_at is not None and days is not None else None
    return Timing((today - opened).days, due, due is not None and is_overdue(due, today))
