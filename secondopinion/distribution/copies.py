"""R14: copies of the final report that went outside the portal to someone the agreements made
beforehand named (Agreements.copy_recipients): the coordinator records each one, and those who read
the distribution read them. The copy itself travels by post, secure e-mail or in the patient's hand;
the product keeps only that it went, to whom, how and on which day."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for, read_case_for
from secondopinion.access.permissions import Action, permitted
from secondopinion.access.policy import acting_for
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import (
    InvalidInput,
    TransitionNotAllowed,
)
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.distribution.models import OutsideCopy
from secondopinion.reports.models import Report

NAME_MAX = OutsideCopy._meta.get_field("recipient_name").max_length or 200

NOT_FINAL = Text(
    "Een kopie wordt pas vastgelegd als het rapport definitief is.",
    "A copy is recorded only once the report is final.",
)
NAME_MISSING = Text("Vul in aan wie de kopie ging.", "Fill in who the copy went to.")
NAME_TOO_LONG = Text(
    f"De naam van de ontvanger is te lang (hoogstens {NAME_MAX} tekens).",
    f"The recipient's name is too long (at most {NAME_MAX} characters).",
)
CHANNEL_UNKNOWN = Text(
    "Kies hoe de kopie is verstuurd: per post, per beveiligde e-mail of meegegeven aan de patiënt.",
    "Choose how the copy was sent: by post, by secure e-mail or handed to the patient.",
)
IN_THE_FUTURE = Text(
    "De verzenddatum ligt in de toekomst. Vul de dag in waarop de kopie is verstuurd.",
    "The date sent is in the future. Fill in the day the copy was sent.",
)


def _before_final(finalised_on: dt.date) -> Text:
    day = finalised_on.strftime("%d-%m-%Y")
    return Text(
        f"De verzenddatum ligt vóór de dag waarop het rapport definitief werd ({day}).",
        f"The date sent is before the day the report became final ({day}).",
    )


@transaction.atomic
def outside_copy_record(
    *,
    actor: User,
    case_id: int,
    recipient_name: str,
    channel: str,
    sent_on: dt.date,
    source: str,
) -> OutsideCopy:
    """R14: record that a copy of the final report went outside the portal; checked, stored and
    logged (NEN 7513) in one transaction, or refused with the field named and nothing changed."""
    case, role = case_for(actor, case_id, Action.RECORD_OUTSIDE_COPY)
    report = Report.objects.filter(case_id=case.pk, state=Report.State.FINAL).first()
    if report is None or report.finalised_at is None:
        raise TransitionNotAllowed(NOT_FINAL)
    name = " ".join(recipient_name.split())
    if not name:
        raise InvalidInput(NAME_MISSING, field="recipient_name")
    if len(name) > NAME_MAX:
        raise InvalidInput(NAME_TOO_LONG, field="recipient_name")
    if channel not in OutsideCopy.Channel.values:
        raise InvalidInput(CHANNEL_UNKNOWN, field="channel")
    if sent_on > timezone.localdate():
        raise InvalidInput(IN_THE_FUTURE, field="sent_on")
    finalised_on = timezone.localdate(report.finalised_at)
    if sent_on < finalised_on:
        raise InvalidInput(_before_final(finalised_on), field="sent_on")
    copy = OutsideCopy.objects.create(
        case=case,
        report=report,
        recipient_name=name,
        channel=channel,
        sent_on=sent_on,
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    access_record(
        actor=actor,
        action="create",
        data="report:outside-copy",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return copy


def outside_copies_of(case: SecondOpinionCase, roles: frozenset[Role]) -> list[OutsideCopy] | None:
    """The copies recorded for the case page, or None for a role that does not read them. Read as part
    of the case page, whose read is logged; no query when the case's own read found none."""
    if not permitted(Action.READ_OUTSIDE_COPIES, roles):
        return None
    if case.__dict__.get("tm_outside_copies") is False:
        return []
    return list(OutsideCopy.objects.filter(case=case).select_related("recorded_by").order_by("sent_on", "pk"))


def outside_copy_list(*, user: User, case_id: int, source: str) -> list[OutsideCopy]:
    """R14 on its own (the API): the copies recorded for a case, oldest first, for the roles that read
    them where the case page shows them (READ_OUTSIDE_COPIES); NotFound for anyone unrelated to the
    case, NotPermitted for a related role that does not read them. The read is logged (NEN 7513)."""
    case, role = read_case_for(user, case_id, Action.READ_OUTSIDE_COPIES)
    access_record(
        actor=user,
        action="read",
        data="report:outside-copy",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return list(OutsideCopy.objects.filter(case=case).select_related("recorded_by").order_by("sent_on", "pk"))
