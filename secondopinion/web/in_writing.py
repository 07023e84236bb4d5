"""R14 on the case page: agreed beforehand that the opinion is not put in writing (seeds 001, 002), the
patient hears the advice in a conversation and her side is not sent the report. Her page says so in
plain words, where the download would be, with a button to receive it in writing after all
(web/in_writing_views.py, distribution/written.py); the staff's distribution card says why no copy went
to her, with the rule id. Read from the case as its page read it (agreements joined): no query here."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from secondopinion.access.permissions import PATIENT_SIDE, Action, permitted, primary_role
from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.roles import Role
from secondopinion.distribution.written import ENDED_WITHOUT_OPINION
from secondopinion.protocols.lifecycle import Status

# Where the request stands, for a patient who hears the advice in a conversation (web/presenters.py
# PATIENT_STATUS says it for a written report).
SPOKEN_STATUS: dict[Status, tuple[Any, Any]] = {
    Status.IN_EXAMINATION: (
        _("The practitioner is examining your situation."),
        _("The findings are recorded. As agreed, you hear the advice in a conversation."),
    ),
    Status.REPORT_DRAFT: (
        _("The practitioner is writing down the advice."),
        _("As agreed, you hear the advice in a conversation with the practitioner."),
    ),
    Status.REPORT_FINAL: (
        _("The advice is ready."),
        _(
            "As agreed, you hear the advice in a conversation with the practitioner. Discuss it with your "
            "own practitioner too. You decide, together with them, whether you follow the advice."
        ),
    ),
    Status.CLOSED: (
        _("Your second opinion has been completed."),
        _("As agreed, you heard the advice in a conversation."),
    ),
}


def spoken_status(case: SecondOpinionCase) -> tuple[Any, Any] | None:
    """Where the request stands for a patient who hears the advice in a conversation, or None for a
    written one. Reads the agreements joined with the case (the home page's list joins them)."""
    agreements = getattr(case, "agreements", None)
    if agreements is None or not agreements.withheld_from_patient:
        return None
    return SPOKEN_STATUS.get(Status(case.status))


@dataclass(frozen=True, slots=True)
class InWriting:
    """The agreement 'not in writing' as the page shows it."""

    withheld: bool  # the patient's side is not sent the report (not asked for in writing since)
    final: bool  # the report is final
    may_ask: bool  # this reader may press "in writing after all" now
    asked_at: Any  # when the patient's side asked for it in writing, or None
    asked_by: str  # who asked (for staff)
    asked_by_reader: bool


def in_writing_panel(user: User, case: SecondOpinionCase, roles: frozenset[Role]) -> dict[str, Any]:
    """The context for the patient's page (and the staff's distribution card) of a case whose opinion
    was agreed not to be put in writing; nothing for any other case."""
    agreements = getattr(case, "agreements", None)
    if agreements is None or agreements.written_report:
        return {"in_writing": None}
    report = getattr(case, "report", None)
    withheld = agreements.withheld_from_patient
    asker = agreements.written_requested_by if agreements.written_requested_at else None
    panel = InWriting(
        withheld=withheld,
        final=report is not None and report.state == "final",
        may_ask=withheld
        and permitted(Action.REQUEST_WRITTEN_REPORT, roles)
        and case.status not in ENDED_WITHOUT_OPINION,
        asked_at=agreements.written_requested_at,
        asked_by=str(asker) if asker is not None else "",
        asked_by_reader=asker is not None and asker.pk == user.pk,
    )
    context: dict[str, Any] = {"in_writing": panel}
    spoken = spoken_status(case) if primary_role(roles) in PATIENT_SIDE else None
    if spoken is not None:
        context["patient_status"] = spoken
    return context
