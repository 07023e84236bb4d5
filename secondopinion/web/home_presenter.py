"""The home page's worklist as the templates show it, assembled from the core's selectors: which home
fits the user, a count per state, one page of cases with days open, due dates and unread messages
(web/worklist.py). No access decision is made here: the cases come scoped from the core."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS

from secondopinion.access.policy import complaints_organisations, coordinator_organisations
from secondopinion.accounts.models import User
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.protocols.lifecycle import Status
from secondopinion.web import worklist
from secondopinion.web.presenters import PATIENT_STATUS


def home_kind(user: User) -> str:
    """Which home page fits the user: presentation only, the case list is scoped by the core."""
    if coordinator_organisations(user):  # the staff roles as read with the user's identity
        return "coordinator"
    if getattr(user, "practitioner", None) is not None:
        return "practitioner"
    if getattr(user, "patient", None) is not None:
        return "patient"
    return "other"


WORKLIST_PAGE = 50


def home_context(
    user: User,
    cases: QuerySet[SecondOpinionCase],
    selected: str,
    page_number: str | None = None,
    *,
    query: str = "",
    sort: str = "status",
) -> dict[str, Any]:
    """The worklist: a count per state (one query), then one page of cases (one query) with days open,
    the due date of the step each waits for and unread messages (web/worklist.py), found by case number
    or patient name and sorted by status, days open or due date. An organisation with thousands of
    cases pages through them instead of rendering them all."""
    kind = home_kind(user)
    sort = sort if sort in worklist.SORTS else "status"
    cases = worklist.searched(cases, query, names=kind != "patient")
    counts = dict(cases.order_by().values_list("status").annotate(n=Count("id", distinct=True)))
    states = [(status, counts[status]) for status in Status if status in counts]
    if selected not in counts:
        selected = ""
    side = {"coordinator": "practice", "patient": "patient"}.get(kind, "")
    chosen = cases.filter(status=selected) if selected else cases
    paginator = Paginator(worklist.page_keys(chosen, sort), WORKLIST_PAGE)
    paginator.count = counts[selected] if selected else sum(counts.values())  # known: no COUNT query
    page = paginator.get_page(page_number)
    # Two short queries: the page's ids cut from the ordered keys, then those cases read whole by id.
    # (As one query with the ids as a subquery, PostgreSQL, which may reorder only a few joins at a
    # time here, joined all cases before picking the page's 50.)
    ids: list[int] = list(page.object_list)  # type: ignore[arg-type]
    listed = worklist.page_cases(ids, reader_side=side, sort=sort)
    today = timezone.localdate()
    months = {number: str(name) for number, name in MONTHS.items()}  # translated once, not per cell
    for case in listed:
        case.timing = timing = worklist.timing(case, today)  # type: ignore[attr-defined]
        case.row = _row(case, timing, months)  # type: ignore[attr-defined]
    practitioner = getattr(user, "practitioner", None)
    mine = practitioner.pk if practitioner is not None else None
    assigned = [c for c in listed if mine is not None and c.giver_id == mine]
    others = [c for c in listed if mine is None or c.giver_id != mine]
    return {
        "kind": kind,
        "reviews_access_log": bool(complaints_organisations(user)),
        "states": states,
        "total": sum(counts.values()),
        "selected": selected,
        "page": page,
        "query": query.strip()[: worklist.SEARCH_MAX],
        "sort": sort,
        "unread_column": side == "practice",
        "groups": _grouped(
            others if kind == "practitioner" else listed,
            None if kind == "practitioner" else counts,
            flat=sort != "status",
        ),
        "assigned_groups": _grouped(assigned, flat=sort != "status"),
        "patient_cases": [(c, PATIENT_STATUS[Status(c.status)][0], selectors.case_hold(c)) for c in listed],
    }


@dataclass(frozen=True, slots=True)
class Row:
    """What a worklist row shows beyond the case's own fields, made once in Python: fifty rows of
    date filters and url tags cost the template more than the rest of the page."""

    url: str
    submitted: str
    due_iso: str
    due: str


def _day(day: dt.date, months: dict[int, str]) -> str:
    """A day as the template's date:"j F Y" writes it ("3 december 2026"), with the month's name in
    the active language."""
    return f"{day.day} {months[day.month]} {day.year}"


def _row(case: SecondOpinionCase, timing: worklist.Timing, months: dict[int, str]) -> Row:
    due = timing.due
    return Row(
        url=reverse("web:case", args=[case.pk]),
        submitted=_day(timezone.localdate(case.created_at), months),
        due_iso=due.isoformat() if due else "",
        due=_day(due, months) if due else "",
    )


def _grouped(
    cases: Sequence[SecondOpinionCase], totals: dict[str, int] | None = None, *, flat: bool = False
) -> list[tuple[Status | None, list[SecondOpinionCase], int]]:
    """The cases of one page by status, each with how many the status holds in all (a page may show part);
    sorted by anything else, one group (status None) in that order."""
    if flat:
        return [(None, list(cases), sum((totals or {}).values()) or len(cases))] if cases else []
    groups = [(status, [c for c in cases if c.status == status]) for status in Status]
    return [
        (status, members, (totals or {}).get(status, len(members))) for status, members in groups if members
    ]
