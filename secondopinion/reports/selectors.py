"""The one door for taking the written report out of the product, for web and API alike: first the
check (R23: who may read the report, a draft only the giver and the practice staff), then the access
log's export event, then the file. A refused export writes no export event."""

from dataclasses import dataclass

from secondopinion.access.permissions import Action, acting_role
from secondopinion.access.policy import acting_for, can_read_report, roles_for
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import cases_visible_to
from secondopinion.core.errors import CASE_NOT_FOUND, NotFound
from secondopinion.reports.formats import REPORT_FORMATS
from secondopinion.reports.rendering import report_file


@dataclass(frozen=True)
class ReportExport:
    case: SecondOpinionCase
    content: bytes
    content_type: str
    filename: str


def report_export(*, user: User, case_id: int, kind: str, language: str, source: str) -> ReportExport:
    """The report of `case_id` as `kind` ("pdf" or "docx") in `language`, logged as an export; NotFound
    for anyone who may not read it, exactly as for a case they have no relation to."""
    if kind not in REPORT_FORMATS:
        raise NotFound(CASE_NOT_FOUND)
    case = cases_visible_to(user).select_related("report", "agreements").filter(pk=case_id).first()
    roles = roles_for(user, case) if case is not None else frozenset()
    if case is None or not roles or not can_read_report(user, case, roles):
        raise NotFound(CASE_NOT_FOUND)
    action = Action.READ_FINAL_REPORT if case.report.state == "final" else Action.READ_DRAFT_REPORT
    role = acting_role(action, roles)
    assert role is not None  # can_read_report asked the same table
    access_record(
        actor=user,
        action="export",
        data="report",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return ReportExport(
        case=case,
        content=report_file(case, kind, language),
        content_type=REPORT_FORMATS[kind][1],
        filename=f"tweede-mening-{case.reference.lower()}.{kind}",
    )
