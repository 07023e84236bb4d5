"""R6: the giver's direct word to a colleague, outside the report and never shown to the patient."""

from dataclasses import replace

from django.db import transaction
from django.db.models import QuerySet

from secondopinion.access.doors import blocked, case_for, judge
from secondopinion.access.permissions import Action
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
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


def collegial_notices_for(*, user: User, source: str) -> QuerySet[CollegialNotice]:
    """The notices addressed to this practitioner as the treating one; reading them is logged."""
    practitioner = getattr(user, "practitioner", None)
    if practitioner is None:
        return CollegialNotice.objects.none()
    notices = (
        CollegialNotice.objects.filter(case__treating_practitioner=practitioner)
        .select_related("case", "case__patient", "author")
        .order_by("-created_at")
    )
    access_record(
        actor=user,
        action="read",
        data="collegial-notices",
        source=source,
        role=Role.TREATING,
        basis="addressee",
    )
    return notices


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
