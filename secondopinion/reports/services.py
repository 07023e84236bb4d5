"""Writes to the report: drafting, sealing (R24) and addenda."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from secondopinion.billing.services import billing_add_protocol_line
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.vocabulary import REPORT_SECTIONS
from secondopinion.reports.content import legacy_content_hash, report_content, seal_hash
from secondopinion.reports.models import Addendum, Report
from secondopinion.reports.notices import notice_refuse_in_addendum
from secondopinion.reports.tasks import render_final_report

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase


def report_write_sections(*, case: "SecondOpinionCase", sections: dict[str, str]) -> Report:
    """Write sections into the draft; callers have checked access and R24 already."""
    report, _created = Report.objects.get_or_create(case=case)
    for key, value in sections.items():
        if key in REPORT_SECTIONS:
            setattr(report, key, value.strip())
    report.full_clean()
    report.save()
    return report


def report_content_hash(report: Report) -> str:
    """The hash the report's seal must equal: over its sealed structured content, or, for a report
    sealed before that existed, over its text sections (reports/content.py says what each covers)."""
    if report.sealed_content:
        return seal_hash(report.sealed_content)
    return legacy_content_hash(report)


@transaction.atomic
def report_finalise(*, case: "SecondOpinionCase", actor: "User") -> Report:
    """Bill the protocol's tariff code (R25), then seal the structured report (R24)."""
    report = Report.objects.select_for_update().get(case=case)
    # Hospital and GP care is billed through their own systems (DBC); only a protocol with a
    # tariff code of its own (R25) gets a billing line here. It is added first, so that the costs
    # section the seal covers names it.
    if get_protocol(case.protocol).billing_code:
        billing_add_protocol_line(case=case, actor=actor, on=timezone.localdate())
    report.state = Report.State.FINAL
    report.finalised_at = timezone.now()
    report.finalised_by = actor
    report.sealed_content = report_content(case, report)
    report.content_hash = seal_hash(report.sealed_content)
    report.save()
    schedule_rendering(report)
    return report


def report_add_addendum_row(*, report: Report, actor: "User", text: str) -> Addendum:
    """Add an addendum to the final report. It is printed with the report, so R6 judges it as it
    judged the report's sections: an addendum quoting a collegial notice is refused, nothing stored."""
    notice_refuse_in_addendum(case=report.case, text=text)
    addendum = Addendum.objects.create(report=report, author=actor, text=text.strip())
    # The stored renderings print the addenda too: they are made again, with this one.
    schedule_rendering(report)
    return addendum


def schedule_rendering(report: Report) -> None:
    """Render the final report once the transaction commits; a rolled-back one renders nothing."""
    report_id = report.pk
    transaction.on_commit(lambda: render_final_report.enqueue(report_id))
