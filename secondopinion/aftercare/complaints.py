"""Complaints under the Wkkgz (R28: the giver's organisation's complaint scheme), as one table of steps.

    received ─acknowledge─► acknowledged ─handle─► in_handling ─decide─► decided
                              └──────── extend (once, with a written notice) ──┘

A complaint goes to the complaint scheme of the giver's organisation (seed 000), which need not be the
organisation that handles the request: the complaint stores that organisation when it is filed, and
every step is its complaints officer's (Action.HANDLE_COMPLAINT, access/policy.py), one transaction:
lock the case and the complaint, check the step is in the table from the complaint's state, write it
with its date, log one access event and tell the complainant's side by e-mail that there is news
(never what). The terms come from deadlines.py and are stored on the complaint.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for, locked_case
from secondopinion.access.permissions import PATIENT_SIDE, Action, permitted, refusal
from secondopinion.access.policy import acting_for, complaint_roles, roles_for
from secondopinion.accounts.models import User
from secondopinion.aftercare import deadlines
from secondopinion.aftercare.models import COMPLAINT_MAX_LENGTH, Complaint
from secondopinion.aftercare.writing import clean_text, long_date, notify, patient_side, staff
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.complaint_scheme import complaint_organisation

# R28, seed 002: only for a denturist's second opinion may the officer declare it inadmissible.
INADMISSIBLE_PROTOCOLS = frozenset({"denturist-ont"})
# The disputes body a complainant who is not satisfied may turn to (Wkkgz art. 18); TM_DISPUTES_BODY
# names the one the organisations using this installation are affiliated with.
DEFAULT_DISPUTES_BODY = "Geschillencommissie Zorg Algemeen"

COMPLAINT_NOT_FOUND = Text(
    "Deze klacht bestaat niet of u heeft er geen toegang toe.",
    "This complaint does not exist or you have no access to it.",
)

S = Complaint.State
STATE_LABELS: dict[str, Text] = {
    S.RECEIVED: Text("ontvangen", "received"),
    S.ACKNOWLEDGED: Text("ontvangst bevestigd", "receipt confirmed"),
    S.IN_HANDLING: Text("in behandeling", "being handled"),
    S.DECIDED: Text("beslist", "decided"),
}
JUDGMENT_LABELS: dict[str, Text] = {
    Complaint.Judgment.WELL_FOUNDED: Text("gegrond", "well-founded"),
    Complaint.Judgment.PARTLY: Text("deels gegrond", "partly well-founded"),
    Complaint.Judgment.NOT_WELL_FOUNDED: Text("ongegrond", "not well-founded"),
}


@dataclass(frozen=True)
class Step:
    name: str
    sources: frozenset[str]
    target: str | None  # None: the complaint stays in its state (the extension)
    label: Text


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "acknowledge",
            frozenset({S.RECEIVED}),
            S.ACKNOWLEDGED,
            Text("Ontvangst bevestigen", "Acknowledge"),
        ),
        Step(
            "handle",
            frozenset({S.ACKNOWLEDGED}),
            S.IN_HANDLING,
            Text("In behandeling nemen", "Start handling"),
        ),
        Step(
            "extend",
            frozenset({S.ACKNOWLEDGED, S.IN_HANDLING}),
            None,
            Text("Termijn verlengen", "Extend the term"),
        ),
        Step("decide", frozenset({S.IN_HANDLING}), S.DECIDED, Text("Beslissen", "Decide")),
    )
}


def open_steps(complaint: Complaint) -> list[Step]:
    """The steps the table allows from the complaint's state now (one extension only)."""
    return [
        step
        for step in STEPS.values()
        if complaint.state in step.sources and not (step.name == "extend" and complaint.extended_at)
    ]


def received_on(complaint: Complaint) -> dt.date:
    return timezone.localdate(complaint.filed_at)


def current_due(complaint: Complaint) -> dt.date | None:
    """The next term the complaint waits on: the acknowledgement, then the decision; none once decided."""
    if complaint.state == S.DECIDED:
        return None
    return complaint.acknowledge_by if complaint.state == S.RECEIVED else complaint.decide_by


def disputes_body() -> str:
    return getattr(settings, "TM_DISPUTES_BODY", "") or DEFAULT_DISPUTES_BODY


def acknowledge_days() -> int:
    """The scheme's own term for acknowledging receipt, in working days (TM_COMPLAINT_ACKNOWLEDGE_DAYS)."""
    days = getattr(settings, "TM_COMPLAINT_ACKNOWLEDGE_DAYS", None)
    return days if isinstance(days, int) and 1 <= days <= 20 else deadlines.ACKNOWLEDGE_WORKING_DAYS


@transaction.atomic
def complaint_file(*, actor: User, case_id: int, text: str, source: str) -> Complaint:
    """R28: a complaint about how the second opinion went, by its requester (the patient's side, or the
    practitioner who asked for it), for the giver's organisation's complaint scheme; its terms run from
    today."""
    case, role = case_for(actor, case_id, Action.FILE_COMPLAINT)
    body = clean_text(text, field="text", label=Text("Klacht", "Complaint"), limit=COMPLAINT_MAX_LENGTH)
    today = timezone.localdate()
    organisation = complaint_organisation(case)
    complaint = Complaint.objects.create(
        case=case,
        organisation=organisation,
        filed_by=actor,
        filed_role=role,
        text=body,
        scheme=organisation.complaint_scheme,
        disputes_body=disputes_body(),
        acknowledge_by=deadlines.acknowledge_by(today, acknowledge_days()),
        decide_by=deadlines.decide_by(today),
    )
    access_record(
        actor=actor,
        action="create",
        data="complaint",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    notify(staff(organisation.pk, "complaints_officer"), case)
    return complaint


def _locked(actor: User, complaint_id: int, step: str) -> tuple[Complaint, SecondOpinionCase]:
    """The complaint, locked with its case, for the officer of the organisation it went to, when the table
    allows `step`."""
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound(COMPLAINT_NOT_FOUND)
    case = locked_case(complaint.case_id)
    roles = complaint_roles(actor, roles_for(actor, case), complaint)
    if not roles:
        raise NotFound(COMPLAINT_NOT_FOUND)
    if not permitted(Action.HANDLE_COMPLAINT, roles):
        raise NotPermitted(refusal(Action.HANDLE_COMPLAINT))
    complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
    if STEPS[step] not in open_steps(complaint):
        state = STATE_LABELS[complaint.state]
        raise TransitionNotAllowed(
            Text(
                f"Dit kan niet nu de klacht deze stand heeft: {state.nl}.",
                f"This is not possible while the complaint is {state.en}.",
            )
        )
    return complaint, case


def _written(actor: User, complaint: Complaint, case: SecondOpinionCase, source: str) -> Complaint:
    complaint.full_clean()
    complaint.save()
    officer = Role.COMPLAINTS_OFFICER
    access_record(
        actor=actor, action="update", data="complaint", source=source, role=officer, basis=officer, case=case
    )
    filer = complaint.filed_by
    # The complainant's side: the patient's side, and whoever filed the complaint for them (a
    # representative by invitation); the practitioner who asked for the second opinion for his own.
    told = patient_side(case) if complaint.filed_role in PATIENT_SIDE else []
    notify([*told, (filer, filer.email, str(filer))], case)
    return complaint


@transaction.atomic
def complaint_acknowledge(*, actor: User, complaint_id: int, source: str) -> Complaint:
    """Receipt confirmed to the complainant (the scheme: within five working days)."""
    complaint, case = _locked(actor, complaint_id, "acknowledge")
    complaint.state, complaint.acknowledged_at = S.ACKNOWLEDGED, timezone.now()
    return _written(actor, complaint, case, source)


@transaction.atomic
def complaint_start_handling(*, actor: User, complaint_id: int, source: str) -> Complaint:
    complaint, case = _locked(actor, complaint_id, "handle")
    complaint.state, complaint.handling_started_at = S.IN_HANDLING, timezone.now()
    return _written(actor, complaint, case, source)


@transaction.atomic
def complaint_extend(
    *, actor: User, complaint_id: int, until: dt.date, reason: str, source: str
) -> Complaint:
    """Wkkgz art. 17: the decision put off once, by at most four weeks, with a written notice to the
    complainant (the reason and the new date) before the six weeks end."""
    complaint, case = _locked(actor, complaint_id, "extend")
    why = clean_text(reason, field="reason", label=Text("Reden", "Reason"), limit=COMPLAINT_MAX_LENGTH)
    received = received_on(complaint)
    problem = deadlines.extension_problem(received, timezone.localdate(), until)
    if problem is not None:
        latest = long_date(deadlines.latest_extension(received))
        words = {
            "late": Text(
                "De zes weken zijn al voorbij; verlengen kan alleen daarvoor.",
                "The six weeks have already passed; extending is only possible before that.",
            ),
            "not_later": Text(
                "Nieuwe datum: kies een dag na het einde van de zes weken.",
                "New date: choose a day after the end of the six weeks.",
            ),
            "too_far": Text(
                f"Nieuwe datum: ten hoogste vier weken later, dus uiterlijk {latest.nl}.",
                f"New date: at most four weeks later, so {latest.en} at the latest.",
            ),
        }[problem]
        raise InvalidInput(words, field="until")
    complaint.decide_by, complaint.extended_at, complaint.extension_reason = until, timezone.now(), why
    return _written(actor, complaint, case, source)


@transaction.atomic
def complaint_decide(
    *,
    actor: User,
    complaint_id: int,
    judgment: str,
    decision: str,
    inadmissible: bool = False,
    inadmissible_reason: str = "",
    propose_ont_mediation: bool = False,
    source: str,
) -> Complaint:
    """The judgment on the complaint with its reasons (the decision letter); for a denturist's second
    opinion, possibly that it is inadmissible (with the reason) and a proposal for a second opinion by an
    ONT member in mediation (R28)."""
    complaint, case = _locked(actor, complaint_id, "decide")
    if judgment not in JUDGMENT_LABELS:
        raise InvalidInput(
            Text("Oordeel: kies gegrond, deels gegrond of ongegrond.", "Judgment: choose one."),
            field="judgment",
        )
    reasons = clean_text(
        decision, field="decision", label=Text("Motivering", "Reasons"), limit=COMPLAINT_MAX_LENGTH
    )
    reason = clean_text(
        inadmissible_reason,
        field="inadmissible_reason",
        label=Text("Reden", "Reason"),
        limit=COMPLAINT_MAX_LENGTH,
        required=False,
    )
    if (inadmissible or propose_ont_mediation) and case.protocol not in INADMISSIBLE_PROTOCOLS:
        raise InvalidInput(
            Text(
                "Alleen een second opinion van een tandprotheticus kan niet-ontvankelijk worden verklaard of "
                "naar ONT-bemiddeling gaan (R28).",
                "Only a denturist's second opinion can be declared inadmissible or go to ONT mediation (R28).",
            ),
            field="inadmissible" if inadmissible else "propose_ont_mediation",
        )
    if inadmissible and not reason:
        raise InvalidInput(
            Text(
                "Geef de reden van de niet-ontvankelijkheid (R28).",
                "Give the reason it is inadmissible (R28).",
            ),
            field="inadmissible_reason",
        )
    complaint.judgment, complaint.decision = judgment, reasons
    complaint.inadmissible = bool(inadmissible)
    complaint.inadmissible_reason = reason if inadmissible else ""
    complaint.ont_mediation_proposed = bool(propose_ont_mediation)
    complaint.state = S.DECIDED
    complaint.decided_by = actor
    complaint.decided_at = timezone.now()
    return _written(actor, complaint, case, source)
