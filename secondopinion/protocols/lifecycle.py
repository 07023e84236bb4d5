"""The case lifecycle as one table: every allowed (from, to) pair, its step and who may take it.

Machine names are those of the domain contract (docs/domain.md, "Case lifecycle").
"""

from dataclasses import dataclass
from enum import StrEnum

from secondopinion.core.roles import Role
from secondopinion.core.text import Text


class Status(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    ASSIGNED = "assigned"
    INFORMED = "informed"
    GATHERING_RECORDS = "gathering_records"
    IN_EXAMINATION = "in_examination"
    REPORT_DRAFT = "report_draft"
    REPORT_FINAL = "report_final"
    CLOSED = "closed"
    REDIRECTED = "redirected"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


STATUS_LABELS: dict[Status, Text] = {
    Status.SUBMITTED: Text("ingediend", "submitted"),
    Status.ACCEPTED: Text("geaccepteerd", "accepted"),
    Status.ASSIGNED: Text("gever toegewezen", "giver assigned"),
    Status.INFORMED: Text("uitleg gegeven", "explained"),
    Status.GATHERING_RECORDS: Text("gegevens opvragen", "gathering records"),
    Status.IN_EXAMINATION: Text("in onderzoek", "in examination"),
    Status.REPORT_DRAFT: Text("rapport in concept", "report in draft"),
    Status.REPORT_FINAL: Text("rapport definitief", "report final"),
    Status.CLOSED: Text("afgesloten", "closed"),
    Status.REDIRECTED: Text("doorgeleid", "redirected"),
    Status.REFUSED: Text("geweigerd", "refused"),
    Status.WITHDRAWN: Text("ingetrokken", "withdrawn"),
}

FINAL_STATES = frozenset({Status.CLOSED, Status.REDIRECTED, Status.REFUSED, Status.WITHDRAWN})
ACTIVE_STATES = frozenset(Status) - FINAL_STATES

# Who may withdraw. A withdrawal is the patient's act: the patient may always withdraw, and so may
# the representative who acts for the patient (WITHDRAWS_OWN). The practice's coordinator only
# records a withdrawal the patient made another way (by telephone, by letter, at the desk), with a
# note saying how and when, which the patient reads (R9). A practice that ends a request for any
# other reason refuses it, with a recorded weighty reason (R9).
WITHDRAWS_OWN = frozenset({Role.PATIENT, Role.REPRESENTATIVE})
WITHDRAWERS = WITHDRAWS_OWN | {Role.COORDINATOR}
TRIAGERS = frozenset({Role.COORDINATOR})
GIVER_ONLY = frozenset({Role.GIVER})


@dataclass(frozen=True, slots=True)
class Step:
    """A step of the lifecycle. `input_rules` are the rules that the step's own input can satisfy
    (the explanation checklist satisfies R13); until then they say what the step needs."""

    name: str
    label: Text
    roles: frozenset[Role]
    input_rules: frozenset[str] = frozenset()


TRIAGE_ACCEPT = Step(
    "accept",
    Text("Accepteren als second opinion", "Accept as second opinion"),
    TRIAGERS,
    frozenset({"R5"}),
)
TRIAGE_REDIRECT = Step(
    "redirect",
    Text("Doorgeleiden met advies", "Redirect with guidance"),
    TRIAGERS,
    frozenset({"R5"}),
)
TRIAGE_REFUSE = Step(
    "refuse",
    Text("Weigeren (zwaarwegende reden)", "Refuse (weighty reason)"),
    TRIAGERS,
    frozenset({"R9"}),
)
ASSIGN = Step("assign", Text("Gever toewijzen", "Assign giver"), TRIAGERS, frozenset({"R10"}))
INFORM = Step(
    "inform",
    Text("Uitleg en afspraken vastleggen", "Record explanation and agreements"),
    GIVER_ONLY,
    frozenset({"R13", "R14", "R15", "R17"}),
)
GATHER = Step("gather", Text("Gegevens opvragen", "Gather records"), GIVER_ONLY)
EXAMINE = Step("examine", Text("Onderzoek starten", "Start examination"), GIVER_ONLY)
FINDINGS = Step("findings", Text("Bevindingen vastleggen", "Record findings"), GIVER_ONLY, frozenset({"R20"}))
FINALISE = Step(
    "finalise", Text("Rapport definitief maken", "Finalise report"), GIVER_ONLY, frozenset({"R22"})
)
CLOSE = Step(
    "close",
    Text("Afsluiten", "Close"),
    frozenset({Role.COORDINATOR, Role.GIVER}),
    frozenset({"R27"}),
)
WITHDRAW = Step("withdraw", Text("Intrekken", "Withdraw"), WITHDRAWERS, frozenset({"R9"}))

TRANSITIONS: dict[tuple[Status, Status], Step] = {
    (Status.SUBMITTED, Status.ACCEPTED): TRIAGE_ACCEPT,
    (Status.SUBMITTED, Status.REDIRECTED): TRIAGE_REDIRECT,
    (Status.SUBMITTED, Status.REFUSED): TRIAGE_REFUSE,
    (Status.ACCEPTED, Status.ASSIGNED): ASSIGN,
    (Status.ASSIGNED, Status.INFORMED): INFORM,
    (Status.INFORMED, Status.GATHERING_RECORDS): GATHER,
    (Status.INFORMED, Status.IN_EXAMINATION): EXAMINE,
    (Status.GATHERING_RECORDS, Status.IN_EXAMINATION): EXAMINE,
    (Status.IN_EXAMINATION, Status.REPORT_DRAFT): FINDINGS,
    (Status.REPORT_DRAFT, Status.REPORT_FINAL): FINALISE,
    (Status.REPORT_FINAL, Status.CLOSED): CLOSE,
    **{(state, Status.WITHDRAWN): WITHDRAW for state in Status if state not in FINAL_STATES},
}


def step_for(current: str, target: str) -> Step | None:
    """The step that moves a case from `current` to `target`, or None when the table has none."""
    try:
        return TRANSITIONS.get((Status(current), Status(target)))
    except ValueError:
        return None


def targets_from(current: str) -> list[Status]:
    return [to for (frm, to) in TRANSITIONS if frm == current]
