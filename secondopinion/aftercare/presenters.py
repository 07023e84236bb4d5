"""The patient's journey (seed 004) mapped onto the case's status: which step is done, which is now,
what happens next and who is waiting on whom. Pure arrangement: no access decision is made here."""

from dataclasses import dataclass

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.roles import ROLE_LABELS, Role
from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import FINAL_STATES, Status

DONE, NOW, LATER, OPTIONAL, SKIPPED = "done", "now", "later", "optional", "skipped"

STATE_LABELS: dict[str, Text] = {
    DONE: Text("gedaan", "done"),
    NOW: Text("nu", "now"),
    LATER: Text("later", "later"),
    OPTIONAL: Text("niet gedaan (mag)", "not done (optional)"),
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
            "Lees het rapport en bespreek het met uw eigen behandelaar; daarna sluit de coördinator de casus af.",
            "Read the report and discuss it with your own practitioner; then the coordinator closes the case.",
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
        JourneyStep(DISCUSS, DONE),
        JourneyStep(
            REFERRAL,
            DONE if case.has_referral else OPTIONAL,
            None
            if case.has_referral
            else Text(
                "Zonder verwijzing vergoedt de basisverzekering meestal niet; uw huisarts kan verwijzen.",
                "Without a referral the basic insurance usually does not pay; your GP can refer you.",
            ),
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


SATISFACTION_LABELS: dict[int, Text] = {
    1: Text("zeer ontevreden", "very dissatisfied"),
    2: Text("ontevreden", "dissatisfied"),
    3: Text("neutraal", "neutral"),
    4: Text("tevreden", "satisfied"),
    5: Text("zeer tevreden", "very satisfied"),
}
