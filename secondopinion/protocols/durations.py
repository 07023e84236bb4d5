"""How long each step of a second opinion is expected to take, in days, and the dates that follow from a
case's timeline. Pure Python like the rest of the rules; an organisation may set its own days per protocol
and step (planning/models.py), which replace these defaults.

The seeds give no durations. The defaults are what a Dutch practice would plan with: a request is
triaged within a week; a dental practice assigns a giver and plans the explanation within two weeks; the
own practitioner has two weeks to send records (the upload link's validity, TM_UPLOAD_LINK_DAYS); the
written report follows the examination within two weeks. Hospitals (medical specialists) plan further
ahead. An administrator changes them per organisation in the admin.
"""

import datetime as dt
from dataclasses import dataclass

from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import STATUS_LABELS, Status

# The main path: the state a case waits in, and the step it waits for.
NEXT: dict[Status, Status] = {
    Status.SUBMITTED: Status.ACCEPTED,
    Status.ACCEPTED: Status.ASSIGNED,
    Status.ASSIGNED: Status.INFORMED,
    Status.INFORMED: Status.IN_EXAMINATION,
    Status.GATHERING_RECORDS: Status.IN_EXAMINATION,
    Status.IN_EXAMINATION: Status.REPORT_DRAFT,
    Status.REPORT_DRAFT: Status.REPORT_FINAL,
    Status.REPORT_FINAL: Status.CLOSED,
}
WAITING_STATES = tuple(NEXT)

ORAL = {
    Status.SUBMITTED: 5,
    Status.ACCEPTED: 7,
    Status.ASSIGNED: 14,
    Status.INFORMED: 7,
    Status.GATHERING_RECORDS: 14,
    Status.IN_EXAMINATION: 14,
    Status.REPORT_DRAFT: 7,
    Status.REPORT_FINAL: 14,
}
HOSPITAL = {
    Status.SUBMITTED: 7,
    Status.ACCEPTED: 14,
    Status.ASSIGNED: 28,
    Status.INFORMED: 14,
    Status.GATHERING_RECORDS: 14,
    Status.IN_EXAMINATION: 21,
    Status.REPORT_DRAFT: 7,
    Status.REPORT_FINAL: 14,
}
GENERAL_PRACTICE = {**ORAL, Status.ASSIGNED: 14, Status.IN_EXAMINATION: 7}

DEFAULT_DAYS: dict[str, dict[Status, int]] = {
    "dental-knmt": ORAL,
    "denturist-ont": ORAL,
    "medical-specialist": HOSPITAL,
    "general-practice": GENERAL_PRACTICE,
}
# A protocol added later (README, "Adding a protocol") plans like a hospital until it states its own.
FALLBACK = HOSPITAL


# The step as the patient reads it (B1), rather than the state's name.
PLAIN_STEPS: dict[Status, Text] = {
    Status.ACCEPTED: Text("de praktijk beoordeelt uw aanvraag", "the practice reviews your request"),
    Status.ASSIGNED: Text(
        "de praktijk kiest een onafhankelijke behandelaar voor u",
        "the practice chooses an independent practitioner for you",
    ),
    Status.INFORMED: Text(
        "een gesprek waarin de behandelaar uitlegt wat er gaat gebeuren",
        "a talk in which the practitioner explains what will happen",
    ),
    Status.IN_EXAMINATION: Text("het onderzoek begint", "the examination starts"),
    Status.REPORT_DRAFT: Text(
        "de behandelaar schrijft het advies op", "the practitioner writes down the advice"
    ),
    Status.REPORT_FINAL: Text("uw advies is klaar", "your advice is ready"),
    Status.CLOSED: Text("uw aanvraag wordt afgerond", "your request is completed"),
}


def default_days(protocol: str) -> dict[Status, int]:
    return dict(DEFAULT_DAYS.get(protocol, FALLBACK))


@dataclass(frozen=True, slots=True)
class Expected:
    """A step still to come and the day it is expected by."""

    status: Status
    due: dt.date
    overdue: bool

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def plain_label(self) -> str:
        return str(PLAIN_STEPS[self.status])


def expected_steps(
    *, status: str, entered_on: dt.date, days: dict[Status, int], today: dt.date
) -> list[Expected]:
    """Each step still to come on the main path, with its expected date. The next one is due `days` after
    the case entered its state; each later one that many days after the step before, counted from today
    when that step is already late. Empty for a case that has ended (closed, redirected, refused,
    withdrawn)."""
    try:
        current = Status(status)
    except ValueError:
        return []
    out: list[Expected] = []
    start = entered_on
    while current in NEXT:
        due = start + dt.timedelta(days=days.get(current, FALLBACK[current]))
        out.append(Expected(NEXT[current], due, overdue=not out and due < today))
        start = max(due, today)
        current = NEXT[current]
    return out


def total_days(days: dict[Status, int]) -> int:
    """From submission to the final report on the main path (without gathering records)."""
    state, total = Status.SUBMITTED, 0
    while state in NEXT and state != Status.REPORT_FINAL:
        total += days[state]
        state = NEXT[state]
    return total
