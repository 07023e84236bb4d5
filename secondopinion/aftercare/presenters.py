"""The patient's journey (seed 004) mapped onto the case's status: which step is done, which is now,
what happens next and who is waiting on whom. Pure arrangement: no access decision is made here."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from secondopinion.aftercare import deadlines
from secondopinion.aftercare.complaints import (
    JUDGMENT_LABELS,
    current_due,
    disputes_body,
    received_on,
)
from secondopinion.aftercare.complaints import (
    STATE_LABELS as COMPLAINT_STATE_LABELS,
)
from secondopinion.aftercare.models import Complaint
from secondopinion.aftercare.writing import long_date
from secondopinion.billing.reimbursement import referral_note
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.roles import ROLE_LABELS, Role
from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import FINAL_STATES, Status

DONE, NOW, LATER, OPTIONAL, SKIPPED = "done", "now", "later", "optional", "skipped"

STATE_LABELS: dict[str, Text] = {
    DONE: Text("gedaan", "done"),
    NOW: Text("nu", "now"),
    LATER: Text("later", "later"),
    OPTIONAL: Text("niet gedaan — dat hoeft niet", "not done — that is not required"),
    SKIPPED: Text("vervalt", "no longer applies"),
}

# The journey of seed 004, in the patient's words.
TALK = Text("Praat met uw eigen behandelaar", "Talk with your own practitioner")
DISCUSS = Text("Bespreek de aanvraag", "Discuss the request")
REFERRAL = Text("Verwijzing en vergoeding", "Referral and reimbursement")
FIND = Text("Een onafhankelijke gever vinden", "Find an independent giver")
OPINION = Text("De second opinion zelf", "The second opinion itself")
EVALUATE = Text("Evalueren en terugkeren naar uw behandelaar", "Evaluate and return to your practitioner")

# Where the opinion itself stands: from the giver's explanation to the final report.
OPINION_STATES = (
    Status.ASSIGNED,
    Status.INFORMED,
    Status.GATHERING_RECORDS,
    Status.IN_EXAMINATION,
    Status.REPORT_DRAFT,
)
ORDER = [Status.SUBMITTED, Status.ACCEPTED, *OPINION_STATES, Status.REPORT_FINAL, Status.CLOSED]

# Who the case waits on in each status, and what that person does next.
WAITING: dict[Status, tuple[Role | None, Text]] = {
    Status.SUBMITTED: (
        Role.COORDINATOR,
        Text(
            "De coördinator beoordeelt of uw vraag een second opinion is.",
            "The coordinator checks whether your question is a second opinion.",
        ),
    ),
    Status.ACCEPTED: (
        Role.COORDINATOR,
        Text(
            "De coördinator zoekt een onafhankelijke gever van dezelfde discipline. Uw zorgverzekeraar kan met "
            "zorgbemiddeling helpen.",
            "The coordinator looks for an independent giver of the same discipline. Your insurer's care mediation can help.",
        ),
    ),
    Status.ASSIGNED: (
        Role.GIVER,
        Text(
            "De gever legt uit wat de second opinion inhoudt, wat hij kost en wie het rapport krijgt.",
            "The giver explains what the second opinion involves, what it costs and who receives the report.",
        ),
    ),
    Status.INFORMED: (
        Role.GIVER,
        Text("De gever start het onderzoek.", "The giver starts the examination."),
    ),
    Status.GATHERING_RECORDS: (
        Role.TREATING,
        Text(
            "Uw eigen behandelaar levert met uw toestemming uw gegevens aan.",
            "Your own practitioner provides your records, with your consent.",
        ),
    ),
    Status.IN_EXAMINATION: (
        Role.GIVER,
        Text(
            "De gever onderzoekt en legt de bevindingen vast.", "The giver examines and records the findings."
        ),
    ),
    Status.REPORT_DRAFT: (
        Role.GIVER,
        Text("De gever schrijft het rapport.", "The giver writes the report."),
    ),
    Status.REPORT_FINAL: (
        Role.PATIENT,
        Text(
            "Lees het rapport en bespreek het met uw eigen behandelaar; daarna rondt de coördinator uw "
            "second opinion af.",
            "Read the report and discuss it with your own practitioner; then the coordinator closes your "
            "second opinion.",
        ),
    ),
}
EVALUATION_DUE = Text(
    "Vertel ons wat u besluit en hoe tevreden u bent (evaluatie).",
    "Tell us what you decide and how satisfied you are (evaluation).",
)
NOTHING_PENDING = Text("Niemand: er hoeft niets meer te gebeuren.", "Nobody: nothing more needs to happen.")


@dataclass(frozen=True)
class JourneyStep:
    label: Text
    state: str
    note: Text | None = None

    @property
    def state_label(self) -> Text:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Journey:
    steps: list[JourneyStep]
    waiting_on: Text
    next_step: Text
    yours: bool  # the case waits on the patient


def _progress(status: Status) -> int:
    return ORDER.index(status) if status in ORDER else -1


def journey(case: SecondOpinionCase, *, evaluated: bool) -> Journey:
    """The six steps of seed 004 for this case, and who the case waits on now."""
    status = Status(case.status)
    stopped = status in FINAL_STATES and status != Status.CLOSED
    at = _progress(status)
    informed = case.own_practitioner_informed or case.requester_kind in ("referrer", "practitioner")
    steps = [
        JourneyStep(TALK, DONE if informed else OPTIONAL),
        # Step 2 of seed 004: tell the doctor you ask for one, and ask him for a referral. Done when the
        # own practitioner knows, or a doctor referred; otherwise it stays what it is: optional.
        JourneyStep(DISCUSS, DONE if informed or case.has_referral else OPTIONAL),
        JourneyStep(
            REFERRAL,
            DONE if case.has_referral else OPTIONAL,
            None if case.has_referral else referral_note(case.protocol),
        ),
        _stage(FIND, at, _progress(Status.ACCEPTED), _progress(Status.ASSIGNED), stopped),
        _stage(OPINION, at, _progress(Status.ASSIGNED), _progress(Status.REPORT_FINAL), stopped),
        JourneyStep(
            EVALUATE,
            SKIPPED
            if stopped
            else DONE
            if evaluated
            else NOW
            if at >= _progress(Status.REPORT_FINAL)
            else LATER,
        ),
    ]
    who: Role | None
    if status == Status.CLOSED and not evaluated:
        who, what = Role.PATIENT, EVALUATION_DUE
    elif status in WAITING:
        who, what = WAITING[status]
    else:
        who, what = None, NOTHING_PENDING
    waiting_on = ROLE_LABELS[who] if who is not None else NOTHING_PENDING
    if who == Role.PATIENT:
        waiting_on = Text("U", "You")
    return Journey(steps, waiting_on, what, who == Role.PATIENT)


def _stage(label: Text, at: int, start: int, end: int, stopped: bool) -> JourneyStep:
    if at >= end:
        return JourneyStep(label, DONE)
    if stopped:
        return JourneyStep(label, SKIPPED)
    return JourneyStep(label, NOW if at >= start else LATER)


# The patient's own answer to "What do you decide after the second opinion?", in the first person; the
# stored value stays the closure decision's key (protocols/vocabulary.py CLOSURE_DECISIONS), whose third
# person words the practice reads.
EVALUATION_DECISIONS: dict[str, Text] = {
    "accept_opinion": Text("Ik neem het advies over", "I follow the advice"),
    "continue_treatment": Text("Ik ga door met de behandeling", "I continue the treatment"),
    "stop_treatment": Text("Ik stop met de behandeling", "I stop the treatment"),
    "other_practitioner": Text("Ik zoek een andere behandelaar", "I look for another practitioner"),
    "undecided": Text("Ik heb nog geen besluit genomen", "I have not decided yet"),
}

SATISFACTION_LABELS: dict[int, Text] = {
    1: Text("zeer ontevreden", "very dissatisfied"),
    2: Text("ontevreden", "dissatisfied"),
    3: Text("neutraal", "neutral"),
    4: Text("tevreden", "satisfied"),
    5: Text("zeer tevreden", "very satisfied"),
}


@dataclass(frozen=True)
class ComplaintStatus:
    """A complaint's state and dates in plain words, for the complainant and for the officer's lists."""

    complaint: Complaint
    state_label: str
    judgment_label: str
    events: list[tuple[str, str]]  # (day, what happened), oldest first
    next_term: str  # what the complainant waits for, and until when; "" once decided
    due: dt.date | None
    overdue: bool
    disputes_route: str  # once decided


def complaint_status(complaint: Complaint, today: dt.date, language: str) -> ComplaintStatus:
    def day(moment: dt.datetime | dt.date) -> str:
        if isinstance(moment, dt.datetime):
            moment = timezone.localdate(moment)
        return long_date(moment).in_language(language)

    events = [(day(complaint.filed_at), Text("Uw klacht is ontvangen.", "Your complaint was received."))]
    if complaint.acknowledged_at:
        events.append(
            (
                day(complaint.acknowledged_at),
                Text("Wij hebben de ontvangst bevestigd.", "We confirmed receipt."),
            )
        )
    if complaint.handling_started_at:
        events.append(
            (
                day(complaint.handling_started_at),
                Text("Uw klacht wordt behandeld.", "Your complaint is being handled."),
            )
        )
    if complaint.extended_at:
        events.append(
            (
                day(complaint.extended_at),
                Text(
                    f"Wij hebben meer tijd nodig, tot {day(complaint.decide_by)}. Reden: "
                    f"{complaint.extension_reason}",
                    f"We need more time, until {day(complaint.decide_by)}. Reason: {complaint.extension_reason}",
                ),
            )
        )
    judgment = JUDGMENT_LABELS.get(complaint.judgment)
    if complaint.decided_at:
        events.append(
            (
                day(complaint.decided_at),
                Text(
                    f"Wij hebben beslist: uw klacht is {judgment.nl}." if judgment else "Wij hebben beslist.",
                    f"We decided: your complaint is {judgment.en}." if judgment else "We decided.",
                ),
            )
        )
    due = current_due(complaint)
    if complaint.state == Complaint.State.RECEIVED:
        term = Text(
            f"U hoort uiterlijk {day(complaint.acknowledge_by)} dat wij uw klacht hebben ontvangen. "
            f"De beslissing krijgt u uiterlijk {day(complaint.decide_by)}.",
            f"By {day(complaint.acknowledge_by)} at the latest we confirm that we received your complaint. "
            f"You get the decision by {day(complaint.decide_by)} at the latest.",
        )
    elif due is not None:
        term = Text(
            f"U krijgt de beslissing uiterlijk {day(complaint.decide_by)}.",
            f"You get the decision by {day(complaint.decide_by)} at the latest.",
        )
    else:
        term = Text("", "")
    route = Text("", "")
    if complaint.state == Complaint.State.DECIDED:
        until = day(deadlines.disputes_until(received_on(complaint)))
        body = complaint.disputes_body or disputes_body()
        route = Text(
            f"Niet tevreden met de beslissing? U kunt uw klacht tot en met {until} voorleggen aan de "
            f"geschilleninstantie: {body}.",
            f"Not satisfied with the decision? You can take your complaint to the disputes body until "
            f"{until}: {body}.",
        )
    return ComplaintStatus(
        complaint,
        COMPLAINT_STATE_LABELS[complaint.state].in_language(language),
        judgment.in_language(language) if judgment else "",
        [(when, text.in_language(language)) for when, text in events],
        term.in_language(language),
        due,
        deadlines.is_overdue(due, today),
        route.in_language(language),
    )
