"""Reminding the coordinators of a step past its due date: once per step, however often it runs.

Run by the task worker (planning/tasks.py, `remind_overdue_steps`, enqueued by `manage.py
remind_overdue_steps` from cron, daily) and by that command itself with `--now`. Each step is reminded
in its own transaction: the case row is locked, the reminder row (unique per case and version) is
written, and the e-mail to each of the organisation's coordinators is owed as an outbox row in the same
transaction and sent after commit. Two runs at once, or one run twice, remind a step once: the second
finds the row. The e-mail names the case reference only, never medical content; the coordinator sees
the step as overdue on the worklist and the reminders on the turnaround page."""

import datetime as dt

from django.db import transaction
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.notifications.models import Notification
from secondopinion.notifications.services import NO_ADDRESS, absolute_link, notification_queue
from secondopinion.planning.models import OverdueReminder
from secondopinion.planning.overdue import OverdueStep, overdue_steps

# The existing notice "news in the second opinion": no medical content, a link to the case.
NOTICE = "case_update"


def overdue_steps_remind(*, today: dt.date | None = None) -> int:
    """Remind every overdue step not yet reminded; how many were reminded now."""
    return sum(1 for step in overdue_steps(today=today) if _remind(step))


@transaction.atomic
def _remind(step: OverdueStep) -> bool:
    case = (
        SecondOpinionCase.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(pk=step.case_id, version=step.version, status=step.status)
        .first()
    )
    if case is None:
        return False  # the case moved on meanwhile: that step is no longer waiting
    reminder, created = OverdueReminder.objects.get_or_create(
        case=case, version=step.version, defaults={"status": step.status, "due": step.due}
    )
    if not created:
        return False
    # Through the organisation's own relation, so planning need not import the directory (which imports it).
    coordinators = (
        case.organisation.staff.filter(function="coordinator", user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    path = reverse("web:case", kwargs={"case_id": case.pk})
    told = 0
    for member in coordinators:
        _tell(member.user, case.reference, path)
        told += 1
    reminder.coordinators_told = told
    reminder.save(update_fields=["coordinators_told"])
    return True


def _tell(user, reference: str, path: str) -> None:
    """The e-mail owed to one coordinator; an account without an address gets a row that says so, as the
    notifications package records it, so the promise is not silently lost."""
    language = user.preferred_language if user.preferred_language in ("nl", "en") else "nl"
    if user.email:
        notification_queue(
            kind=NOTICE,
            email=user.email,
            name=str(user),
            reference=reference,
            path=path,
            language=language,
            recipient=user,
        )
        return
    Notification.objects.create(
        kind=NOTICE,
        recipient=user,
        email="",
        name=str(user)[:200],
        language=language,
        reference=reference,
        link=absolute_link(path),
        state=Notification.State.NO_ADDRESS,
        error=NO_ADDRESS,
    )
