"""R6: the giver's direct word to a colleague, outside the report and never shown to the patient."""

from django.db import transaction
from django.db.models import QuerySet

from secondopinion.access.doors import case_for, judge
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.evidence import action_record
from secondopinion.core.errors import InvalidInput
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.protocols.engine import COLLEGIAL_NOTICE
from secondopinion.reports.models import CollegialNotice


@transaction.atomic
def collegial_notice_send(*, actor: User, case_id: int, text: str, source: str) -> CollegialNotice:
    """The giver tells the treating practitioner directly; the notice never enters the report."""
    case, _role = case_for(
        actor,
        case_id,
        frozenset({Role.GIVER}),
        Text("Alleen de gever stuurt een collegiale melding.", "Only the giver sends a collegial notice."),
    )
    if len(text.strip()) < 10:
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
