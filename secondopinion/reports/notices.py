"""R6: the giver's direct word to a colleague, outside the report and never shown to the patient."""

from dataclasses import dataclass, replace
from datetime import datetime

from django.db import transaction

from secondopinion.access.doors import blocked, case_for, judge
from secondopinion.access.permissions import Action
from secondopinion.access.policy import visible_cases_filter
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record, access_record_each
from secondopinion.cases.evidence import action_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.snapshot import notice_quoted_in, snapshot_of
from secondopinion.core.errors import InvalidInput
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import visible_length
from secondopinion.protocols import shared
from secondopinion.protocols.common import REPORT_FINAL
from secondopinion.protocols.engine import COLLEGIAL_NOTICE, Decision, Violation
from secondopinion.protocols.registry import get_protocol
from secondopinion.reports.models import CollegialNotice

# An addendum joins the sealed report and is printed with it: R6 judges it as it judges the report
# when it is finalised.
ADDENDUM_QUOTES_NOTICE = Text(
    "Het addendum citeert de collegiale melding; die hoort rechtstreeks bij de collega, buiten het "
    "rapport. Laat het citaat weg.",
    "The addendum quotes the collegial notice; it belongs with the colleague directly, outside the "
    "report. Leave the quotation out.",
)


@transaction.atomic
def collegial_notice_send(*, actor: User, case_id: int, text: str, source: str) -> CollegialNotice:
    """The giver tells the treating practitioner directly; the notice never enters the report."""
    case, _role = case_for(actor, case_id, Action.SEND_COLLEGIAL_NOTICE)
    if visible_length(text) < 10:
        raise InvalidInput(
            Text("Schrijf de melding (minstens 10 tekens).", "Write the notice (at least 10 characters)."),
            field="text",
        )
    decision = judge(case, COLLEGIAL_NOTICE)
    notice = CollegialNotice.objects.create(case=case, author=actor, text=text.strip())
    action_record(case=case, action=COLLEGIAL_NOTICE, decision=decision, actor=actor, role=Role.GIVER)
    access_record(
        actor=actor,
        action="send",
        data="collegial-notice",
        source=source,
        role=Role.GIVER,
        basis=Role.GIVER,
        case=case,
    )
    return notice


@dataclass(frozen=True)
class ReceivedNotice:
    """A collegial notice as its addressee may read it: the case and the patient only where he may
    know them (`patient_known`), else None, so no face can show them by mistake."""

    id: int
    text: str
    author: str
    created_at: datetime
    case_id: int | None
    case_reference: str | None
    patient_name: str | None

    @property
    def patient_known(self) -> bool:
        return self.case_id is not None


def collegial_notices_for(*, user: User, source: str) -> list[ReceivedNotice]:
    """The notices addressed to this practitioner as the treating one, newest first.

    R6 tells him about his own conduct; who the patient is reaches him only as R23/R18 allow it: he
    referred or asked himself, or her consent to inform him is in force now (the same decision as
    roles_for, access/policy.py). Without it the notice carries neither the patient nor the case.
    Even then it reveals that a patient of his asked for a second opinion: each case shown is logged
    as a read of that patient's data (NEN 7513), so it appears in her "who looked at my file".
    """
    practitioner = getattr(user, "practitioner", None)
    if practitioner is None:
        return []
    rows = list(
        CollegialNotice.objects.filter(case__treating_practitioner=practitioner)
        .select_related("case", "case__patient", "author")
        .order_by("-created_at", "-pk")
    )
    cases = {row.case_id: row.case for row in rows}
    known = set(
        SecondOpinionCase.objects.filter(visible_cases_filter(user), pk__in=sorted(cases)).values_list(
            "pk", flat=True
        )
    )
    if cases:  # one event per case shown, in one INSERT: the list costs the same however long
        access_record_each(
            actor=user,
            action="read",
            data="collegial-notices",
            source=source,
            role=Role.TREATING,
            basis="addressee",
            cases=list(cases.values()),
        )
    else:
        access_record(
            actor=user,
            action="read",
            data="collegial-notices",
            source=source,
            role=Role.TREATING,
            basis="addressee",
        )
    return [_as_received(row, known=row.case_id in known) for row in rows]


def _as_received(notice: CollegialNotice, *, known: bool) -> ReceivedNotice:
    return ReceivedNotice(
        id=notice.pk,
        text=notice.text,
        author=str(notice.author),
        created_at=notice.created_at,
        case_id=notice.case_id if known else None,
        case_reference=notice.case.reference if known else None,
        patient_name=notice.case.patient.name if known else None,
    )


def notice_refuse_in_addendum(*, case: SecondOpinionCase, text: str) -> None:
    """R6 for an addendum: one that quotes a collegial notice is refused (RuleBlocked naming R6)
    before anything is stored. The same quotation test and the same rule that keep a quoting report
    from being finalised, judged on the report as the addendum would leave it."""
    if not notice_quoted_in(case, [text]):
        return
    protocol = get_protocol(case.protocol)
    try:
        rule = protocol.rule("R6")
    except KeyError:  # every protocol carries R6 (domain contract); a new one is held to it too
        rule = shared.R6
    verdict = rule.check(replace(snapshot_of(case), collegial_notice_in_report=True), REPORT_FINAL)
    if verdict is not None:
        raise blocked(Decision(action=REPORT_FINAL, violations=(Violation(rule, ADDENDUM_QUOTES_NOTICE),)))
