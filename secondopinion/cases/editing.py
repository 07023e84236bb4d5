"""Writes to a case that are not lifecycle steps: the report's draft sections and its addenda (R24),
and the record that a prosthesis was adjusted while the hold stood (R3). Each is one transaction
that checks access, judges the protocol's rules and logs the access, like the steps in services.py."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for, judge
from secondopinion.access.permissions import Action
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.evidence import action_record
from secondopinion.cases.models import SecondOpinionCase

# Read and checked by case_submit itself before the case is validated.
from secondopinion.cases.services import _refuse_unstorable
from secondopinion.core.errors import (
    InvalidInput,
    TransitionNotAllowed,
)
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.distribution.services import addendum_distribute
from secondopinion.protocols.engine import EDIT_REPORT
from secondopinion.protocols.lifecycle import FINAL_STATES, Status
from secondopinion.protocols.vocabulary import REPORT_SECTIONS
from secondopinion.reports.models import Addendum
from secondopinion.reports.services import report_add_addendum_row, report_write_sections


@transaction.atomic
def case_save_report_draft(
    *, actor: User, case_id: int, sections: dict[str, str], source: str
) -> SecondOpinionCase:
    """Save report sections while the report is a draft (R24: never once final)."""
    case, role = case_for(actor, case_id, Action.WRITE_REPORT)
    decision = judge(case, EDIT_REPORT)
    if case.status != Status.REPORT_DRAFT:
        raise TransitionNotAllowed(
            Text(
                "Het rapport kan alleen in de conceptfase worden bewerkt.",
                "The report can only be edited in draft.",
            ),
        )
    _refuse_unstorable({"report": sections})
    unknown = set(sections) - set(REPORT_SECTIONS)
    if unknown:
        raise InvalidInput(Text("Onbekende rapportsectie.", "Unknown report section."), field="report")
    report_write_sections(case=case, sections=sections)
    action_record(case=case, action=EDIT_REPORT, decision=decision, actor=actor, role=role)
    access_record(
        actor=actor, action="update", data="report", source=source, role=role, basis=role, case=case
    )
    return case


@transaction.atomic
def case_add_addendum(*, actor: User, case_id: int, text: str, source: str) -> Addendum:
    """R24: a correction to a final report is an addendum beside it."""
    case, role = case_for(actor, case_id, Action.ADD_ADDENDUM)
    report = getattr(case, "report", None)
    if report is None or report.state != "final":
        raise TransitionNotAllowed(
            Text(
                "Een addendum hoort bij een definitief rapport.",
                "An addendum belongs to a final report.",
            )
        )
    _refuse_unstorable({"text": text})
    if is_blank(text):
        raise InvalidInput(Text("Schrijf de correctie.", "Write the correction."), field="text")
    addendum = report_add_addendum_row(report=report, actor=actor, text=text)
    access_record(
        actor=actor,
        action="update",
        data="report:addendum",
        source=source,
        role=role,
        basis=role,
        case=case,
    )
    addendum_distribute(case=case, addendum=addendum, actor=actor, source=source)  # R24
    return addendum


@transaction.atomic
def case_record_prosthesis_adjusted(
    *, actor: User, case_id: int, source: str, adjusted_at: datetime | None = None
) -> SecondOpinionCase:
    """R3: record that the prosthesis was adjusted while the hold stood; the case no longer follows R3."""
    case, role = case_for(actor, case_id, Action.RECORD_PROSTHESIS_ADJUSTED)
    hold_since = case.prosthesis_hold_since
    if hold_since is None or case.status in FINAL_STATES:
        raise TransitionNotAllowed(
            Text("Er staat geen prothesestop op deze casus.", "There is no prosthesis hold on this case.")
        )
    if case.prosthesis_adjusted_at is not None:
        raise TransitionNotAllowed(
            Text("De aanpassing is al vastgelegd.", "The adjustment has already been recorded."),
            field="adjusted_at",
        )
    now = timezone.now()
    when = adjusted_at or now
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    if not hold_since <= when <= now:
        raise InvalidInput(
            Text(
                "Het moment van aanpassen ligt tussen het begin van de prothesestop en nu.",
                "The moment of adjustment lies between the start of the prosthesis hold and now.",
            ),
            field="adjusted_at",
        )
    case.prosthesis_adjusted_at = when
    case.save(update_fields=["prosthesis_adjusted_at", "updated_at"])
    access_record(
        actor=actor,
        action="update",
        data="case:prosthesis-adjusted",
        source=source,
        role=role,
        basis=role,
        case=case,
    )
    return case
