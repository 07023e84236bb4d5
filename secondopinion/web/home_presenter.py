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
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from secondopinion.access.policy import complaints_organisations, coordinator_organisations, represents_anyone
from secondopinion.accounts.models import User
from secondopinion.audit.security_review import security_log_readable
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import FINAL_STATES, Status
from secondopinion.web import worklist
from secondopinion.web.in_writing import spoken_status
from secondopinion.web.presenters import PATIENT_STATUS
from secondopinion.web.templatetags.web import status_label


def home_kind(user: User) -> str:
    """Which home page fits the user: presentation only, the case list is scoped by the core."""
    if coordinator_organisations(user):  # the staff roles as read with the user's identity
        return "coordinator"
    if getattr(user, "practitioner", None) is not None:
        return "practitioner"
    if getattr(user, "patient", None) is not None:
        return "patient"
    if represents_anyone(user):  # family or a mentor acting for a patient: the patient's page, not a worklist
        return "representative"
    return "other"


WORKLIST_PAGE = 50

# A practitioner with no case at all (a GP or treating dentist before his first request or referral):
# what will appear here and how to start, rather than "no cases are assigned to you", which speaks only
# to a giver.
NO_CASES_YET = Text(
    "U heeft nog geen casussen. Hier komen de second opinions die u voor een patiënt aanvraagt, waarvoor u "
    "een patiënt verwijst, of die u als gever krijgt toegewezen. Rapporten die voor u klaarstaan vindt u bij "
    "Rapporten voor mij.",
    "You have no cases yet. The second opinions you ask for a patient, refer a patient for, or are assigned "
    "as giver appear here. Reports waiting for you are under Reports for me.",
)


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
    side = {"coordinator": "practice", "patient": "patient", "representative": "patient"}.get(kind, "")
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
    page_words = _PageWords.now(status_column=sort != "status", unread_column=side == "practice")
    for case in listed:
        case.timing = timing = worklist.timing(case, today)  # type: ignore[attr-defined]
        case.row = _row(case, timing, page_words)  # type: ignore[attr-defined]
    practitioner = getattr(user, "practitioner", None)
    mine = practitioner.pk if practitioner is not None else None
    assigned = [c for c in listed if mine is not None and c.giver_id == mine]
    others = [c for c in listed if mine is None or c.giver_id != mine]
    return {
        "kind": kind,
        "reviews_access_log": bool(complaints_organisations(user)),
        # The administrator's own pages: the security log (the complaints officer's line above has it
        # already) and the admin site (tariffs, durations, the directory), which nothing else links to.
        "security_log_link": security_log_readable(user) and not complaints_organisations(user),
        "administers": user.is_active and user.is_staff,
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
        # Nothing at all, not merely nothing found or nothing in the chosen state.
        "no_cases_yet": NO_CASES_YET if kind == "practitioner" and not counts and not query.strip() else None,
        "patient_cases": [(c, _patient_status(c, side), selectors.case_hold(c)) for c in listed],
    }


def _patient_status(case: SecondOpinionCase, side: str) -> Any:
    """The line of the patient's list: where the request stands, said for a spoken advice (R14) where
    the list read the agreements (the patient's side), else as PATIENT_STATUS says it."""
    spoken = spoken_status(case) if side == "patient" else None
    return (spoken or PATIENT_STATUS[Status(case.status)])[0]


@dataclass(frozen=True, slots=True)
class Row:
    """A worklist row, made once in Python. Fifty rows of some twenty template variables each (a
    lookup, a conversion and an escape apiece), date filters and url tags cost the page more than its
    queries; `html` is the `<tr>` the template writes as is (tests/web/test_worklist.py holds it to
    the markup the template used to make)."""

    html: SafeString


_PK = 987654321  # a stand-in id: the case link is reversed once per page, not once per row


@dataclass(frozen=True, slots=True)
class _PageWords:
    """What every row of a page shares, translated (and escaped) once in the active language: the
    column labels, the month names, the link around a case's id, and which optional columns show."""

    labels: dict[str, str]
    months: dict[int, str]
    link: tuple[str, str]
    status_column: bool
    unread_column: bool

    @classmethod
    def now(cls, *, status_column: bool, unread_column: bool) -> "_PageWords":
        words = {
            "reference": gettext("Reference"),
            "patient": gettext("Patient"),
            "treating": gettext("Treating practitioner"),
            "giver": gettext("Giver"),
            "status": gettext("Status"),
            "submitted": gettext("Submitted"),
            "days": gettext("Days open"),
            "due": gettext("Next step due"),
            "unread": gettext("Unread messages"),
            "hold_title": gettext("Do not adjust the prosthesis (R3)"),
            "hold": gettext("prosthesis hold"),
            "overdue": gettext("overdue"),
        }
        before, after = reverse("web:case", args=[_PK]).split(str(_PK))
        return cls(
            labels={key: escape(text) for key, text in words.items()},
            months={number: str(name) for number, name in MONTHS.items()},
            link=(before, after),
            status_column=status_column,
            unread_column=unread_column,
        )


def _day(day: dt.date, months: dict[int, str]) -> str:
    """A day as the template's date:"j F Y" writes it ("3 december 2026"), with the month's name in
    the active language."""
    return f"{day.day} {months[day.month]} {day.year}"


def _row(case: SecondOpinionCase, timing: worklist.Timing, words: _PageWords) -> Row:
    """The row's `<tr>`: every value from the case escaped here, the labels escaped once per page."""
    label = words.labels
    before, after = words.link
    url = escape(f"{before}{case.pk}{after}")
    hold = ""
    if case.prosthesis_hold_since and case.status not in FINAL_STATES:
        hold = f' <span class="tag" title="{label["hold_title"]}">{label["hold"]}</span>'
    submitted = _day(timezone.localdate(case.created_at), words.months)
    cells = [
        f'<th scope="row" data-label="{label["reference"]}"><a href="{url}">{escape(case.reference)}</a>{hold}</th>',
        f'<td data-label="{label["patient"]}">{escape(case.patient)}</td>',
        f'<td data-label="{label["treating"]}">{escape(case.treating_practitioner)}</td>',
        f'<td data-label="{label["giver"]}">{escape(case.giver) if case.giver else "—"}</td>',
    ]
    if words.status_column:
        cells.append(f'<td data-label="{label["status"]}">{escape(status_label(case.status))}</td>')
    cells.append(f'<td data-label="{label["submitted"]}">{escape(submitted)}</td>')
    days = timing.days_open
    cells.append(f'<td data-label="{label["days"]}" class="days-open">{"—" if days is None else days}</td>')
    if timing.due:
        overdue = f' <span class="tag tag--overdue">{label["overdue"]}</span>' if timing.overdue else ""
        due = escape(_day(timing.due, words.months))
        when = f'<time datetime="{timing.due.isoformat()}">{due}</time>{overdue}'
    else:
        when = "—"
    cells.append(f'<td data-label="{label["due"]}" class="due">{when}</td>')
    if words.unread_column:
        unread = getattr(case, "unread_messages", 0)
        count = f'<a href="{url}#messages"><strong>{unread}</strong></a>' if unread else "0"
        cells.append(f'<td data-label="{label["unread"]}" class="unread">{count}</td>')
    return Row(mark_safe(f"<tr>{''.join(cells)}</tr>"))  # noqa: S308  (every value escaped above)


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
