"""Writes of the distribution (R23): sending the final report and its addenda, and withdrawing a
sending whose consent was revoked (R18). Called inside the transaction of the step that causes them."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondopinion.access.permissions import primary_role
from secondopinion.access.policy import acting_for, roles_for, visible_cases_filter
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import CASE_NOT_FOUND, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.distribution.models import Sending
from secondopinion.distribution.selectors import Recipient, distribution_recipients
from secondopinion.notifications.services import notification_queue
from secondopinion.reports.models import Addendum, Report
from secondopinion.reports.selectors import ReportExport, report_export

NOT_A_PRACTITIONER = Text(
    "Alleen een behandelaar die het rapport ontving, bevestigt de ontvangst.",
    "Only a practitioner who received the report acknowledges it.",
)
NOT_FINAL = Text("Alleen een definitief rapport wordt verstuurd.", "Only a final report is sent.")


def _final_report(case: SecondOpinionCase) -> Report | None:
    return Report.objects.filter(case_id=case.pk, state=Report.State.FINAL).first()


def _send(
    *,
    case: SecondOpinionCase,
    report: Report,
    recipient: Recipient,
    actor: User,
    source: str,
    addendum: Addendum | None = None,
) -> Sending:
    """One sending: the row, its e-mail notice (no medical content), and its access-log event."""
    notification = notification_queue(
        kind="case_update" if addendum is not None else "report_ready",
        email=recipient.email,
        name=recipient.name,
        reference=case.reference,
        path=reverse("web:case", kwargs={"case_id": case.pk}),
        language=recipient.language,
        recipient=recipient.user,
    )
    sending = Sending.objects.create(
        case=case,
        report=report,
        addendum=addendum,
        recipient_kind=recipient.kind,
        recipient_user=recipient.user,
        recipient_practitioner=recipient.practitioner,
        recipient_name=recipient.name[:200],
        rule_id=recipient.rule_id,
        basis=recipient.basis,
        consent_id=recipient.consent_id,
        notification=notification,
        sent_by=actor,
        sent_at=timezone.now(),
        content_hash=report.content_hash,
    )
    role = primary_role(roles_for(actor, case)) or "system"
    access_record(
        actor=actor,
        action="send",
        data="report:addendum" if addendum is not None else "report",
        source=source,
        role=role,
        basis=sending.access_basis,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return sending


def _send_to_new_recipients(
    *, case: SecondOpinionCase, report: Report, actor: User, source: str
) -> list[Sending]:
    holding = set(
        Sending.objects.filter(
            case=case, report=report, addendum__isnull=True, withdrawn_at__isnull=True
        ).values_list("recipient_user_id", flat=True)
    )
    return [
        _send(case=case, report=report, recipient=recipient, actor=actor, source=source)
        for recipient in distribution_recipients(case)
        if recipient.user.pk not in holding
    ]


@transaction.atomic
def report_distribute(*, case: SecondOpinionCase, actor: User, source: str) -> list[Sending]:
    """R23: make the final report available to everyone it is due to now, each sending recorded,
    logged and announced by an e-mail without medical content."""
    report = _final_report(case)
    if report is None:
        raise TransitionNotAllowed(NOT_FINAL)
    return _send_to_new_recipients(case=case, report=report, actor=actor, source=source)


@transaction.atomic
def addendum_distribute(
    *, case: SecondOpinionCase, addendum: Addendum, actor: User, source: str
) -> list[Sending]:
    """R24: an addendum goes to the report's recipients as they stand now (the ledger re-read)."""
    report = _final_report(case)
    if report is None or addendum.report_id != report.pk:
        raise TransitionNotAllowed(NOT_FINAL)
    distribution_follow_consent(case=case, actor=actor, source=source)
    return [
        _send(case=case, report=report, recipient=recipient, actor=actor, source=source, addendum=addendum)
        for recipient in distribution_recipients(case)
    ]


@transaction.atomic
def distribution_follow_consent(*, case: SecondOpinionCase, actor: User, source: str) -> list[Sending]:
    """After the consent ledger changed (R18): a sending on a revoked consent is withdrawn from now
    on (the row stays as history), and someone a new consent entitles receives the final report."""
    report = _final_report(case)
    if report is None:
        return []
    Sending.objects.filter(
        case=case, withdrawn_at__isnull=True, consent__isnull=False, consent__revoked_at__isnull=False
    ).update(withdrawn_at=timezone.now())
    return _send_to_new_recipients(case=case, report=report, actor=actor, source=source)


def representation_sendings_withdraw(*, representative_user: User, patient_id: int) -> int:
    """R8, R18: a representation ends, so do the reports sent to that representative for this patient;
    the rows stay as history. Called inside the revoking service's transaction."""
    return Sending.objects.filter(
        recipient_user=representative_user,
        recipient_kind__in=("requester", "representative"),
        case__patient_id=patient_id,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=timezone.now())


def _inbox_sending(user: User, sending_id: int, *, lock: bool = False) -> Sending:
    """A sending in this user's inbox (made available to him, not withdrawn, on a case he may still
    see), or NotFound exactly as for one that does not exist."""
    rows = Sending.objects.filter(pk=sending_id, recipient_user=user, withdrawn_at__isnull=True).filter(
        case__in=SecondOpinionCase.objects.filter(visible_cases_filter(user))
    )
    sending = (rows.select_for_update() if lock else rows).select_related("case__patient").first()
    if sending is None:
        raise NotFound(CASE_NOT_FOUND)
    return sending


@transaction.atomic
def report_download(*, user: User, case_id: int, kind: str, language: str, source: str) -> ReportExport:
    """The report of a case as a file, through the report's one export door (R23 and the export
    event); a final report the user was sent (the patient, the representative, a practitioner who
    reads it from the case) is then read: its sending's first opening is kept, as from the inbox."""
    export = report_export(user=user, case_id=case_id, kind=kind, language=language, source=source)
    if export.case.report.state == "final":
        Sending.objects.filter(
            case_id=export.case.pk,
            recipient_user=user,
            withdrawn_at__isnull=True,
            first_opened_at__isnull=True,
        ).update(first_opened_at=timezone.now(), first_opened_by=user)
    return export


@transaction.atomic
def sending_open(*, user: User, sending_id: int, kind: str, language: str, source: str) -> ReportExport:
    """The report of a sending in the user's inbox as a file, through the report's one export door
    (which checks R23 and logs the export); the first opening is kept as the sending's read state."""
    sending = _inbox_sending(user, sending_id)
    export = report_export(user=user, case_id=sending.case_id, kind=kind, language=language, source=source)
    Sending.objects.filter(pk=sending.pk, first_opened_at__isnull=True).update(
        first_opened_at=timezone.now(), first_opened_by=user
    )
    return export


@transaction.atomic
def sending_acknowledge(*, actor: User, sending_id: int, source: str) -> Sending:
    """The practitioner who received the report confirms he received and read it (logged); a second
    confirmation changes nothing."""
    sending = _inbox_sending(actor, sending_id, lock=True)
    if sending.recipient_practitioner_id is None:
        raise NotPermitted(NOT_A_PRACTITIONER)
    if sending.acknowledged_at is not None:
        return sending
    sending.acknowledged_at, sending.acknowledged_by = timezone.now(), actor
    sending.save(update_fields=["acknowledged_at", "acknowledged_by"])
    case = sending.case
    role = primary_role(roles_for(actor, case)) or Role.TREATING
    access_record(
        actor=actor,
        action="update",
        data="report:acknowledged",
        source=source,
        role=role,
        basis=sending.access_basis,
        case=case,
    )
    return sending
