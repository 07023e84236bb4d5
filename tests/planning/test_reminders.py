"""Overdue steps (planning/overdue.py, reminders.py): found in one query, the coordinators of the
organisation told once per step however often the task runs, through the database task queue; the
worklist and the case page agree on the due day, across a change of the clocks too."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.notifications.models import Notification
from secondopinion.planning.models import OverdueReminder, StepDuration
from secondopinion.planning.overdue import overdue_steps
from secondopinion.planning.reminders import overdue_steps_remind
from secondopinion.planning.selectors import case_expected_steps
from secondopinion.planning.tasks import remind_overdue_steps
from secondopinion.web import worklist
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def days_later(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def reminders_to(user) -> int:
    return Notification.objects.filter(recipient=user, kind="case_update").count()


def test_a_submitted_case_is_overdue_once_its_five_days_have_passed(cast, a_case):
    assert overdue_steps(today=days_later(5)) == []

    late = overdue_steps(today=days_later(6))

    assert [(s.case_id, s.status, s.due) for s in late] == [(a_case.pk, "submitted", days_later(5))]


def test_the_organisations_own_days_decide(cast, a_case):
    StepDuration.objects.create(
        organisation=cast.giving_practice, protocol="dental-knmt", status="submitted", days=2
    )

    assert [s.case_id for s in overdue_steps(today=days_later(3))] == [a_case.pk]


def test_each_overdue_step_is_reminded_exactly_once_even_when_run_twice(cast, a_case, submit):
    second = submit()
    second_coordinator = StaffFactory(
        organisation=cast.giving_practice, user=UserFactory(username="tweede")
    ).user

    first_run = overdue_steps_remind(today=days_later(10))
    second_run = overdue_steps_remind(today=days_later(10))
    later_run = overdue_steps_remind(today=days_later(20))

    assert (first_run, second_run, later_run) == (2, 0, 0)
    assert set(OverdueReminder.objects.values_list("case_id", "status")) == {
        (a_case.pk, "submitted"),
        (second.pk, "submitted"),
    }
    assert reminders_to(cast.coordinator) == 2
    assert reminders_to(second_coordinator) == 2
    # The other organisation's coordinator and the people of the case are not told.
    for user in (cast.other_coordinator, cast.patient_user, cast.complaints_officer, cast.giver_user):
        assert reminders_to(user) == 0
    assert OverdueReminder.objects.get(case=a_case).coordinators_told == 2


def test_the_email_carries_the_case_reference_and_no_medical_content(cast, a_case):
    overdue_steps_remind(today=days_later(10))

    notification = Notification.objects.get(recipient=cast.coordinator)
    assert notification.reference == a_case.reference
    assert notification.link.endswith(f"/cases/{a_case.pk}/")
    assert a_case.care_question not in notification.name + notification.reference + notification.link


def test_the_next_step_is_a_new_step_with_its_own_reminder(cast, a_case, advance):
    overdue_steps_remind(today=days_later(10))
    advance(a_case, "accepted")

    assert overdue_steps_remind(today=days_later(7)) == 0  # accepted today: due in 7 days, on time that day
    assert overdue_steps_remind(today=days_later(8)) == 1
    assert list(
        OverdueReminder.objects.filter(case=a_case).values_list("status", flat=True).order_by("id")
    ) == [
        "submitted",
        "accepted",
    ]


def test_an_ended_case_is_never_overdue(cast, a_case):
    SecondOpinionCase.objects.filter(pk=a_case.pk).update(status="withdrawn")

    assert overdue_steps_remind(today=days_later(100)) == 0


def test_finding_the_overdue_steps_is_one_query_for_3_cases_or_30(cast, submit):
    for _ in range(3):
        submit()
    with CaptureQueriesContext(connection) as few:
        assert len(overdue_steps(today=days_later(10))) == 3
    for _ in range(27):
        submit()
    with CaptureQueriesContext(connection) as many:
        assert len(overdue_steps(today=days_later(10))) == 30

    assert len(few.captured_queries) == len(many.captured_queries) == 1


def test_the_task_runs_on_the_database_queue_and_reminds_once(cast, a_case, settings):
    from django_tasks_db.models import DBTaskResult

    SecondOpinionCase.objects.filter(pk=a_case.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
    StatusChange.objects.filter(case=a_case).update(at=timezone.now() - dt.timedelta(days=10))

    call_command("remind_overdue_steps", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("remind_overdue_steps", stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued = DBTaskResult.objects.filter(task_path__endswith="remind_overdue_steps")
    assert queued.count() == 2
    for row in queued:
        row.task.call()  # what the worker (manage.py serve_worker) does with each

    assert OverdueReminder.objects.filter(case=a_case).count() == 1
    assert reminders_to(cast.coordinator) == 1
    assert remind_overdue_steps.call() == 0


def test_the_worklist_and_the_case_page_agree_on_the_due_day_across_the_change_of_the_clocks(cast, a_case):
    # 00:30 on Sunday 25 October 2026, the night the clocks go back: 22:30 UTC on Saturday.
    entered = dt.datetime(2026, 10, 25, 0, 30, tzinfo=AMSTERDAM)
    SecondOpinionCase.objects.filter(pk=a_case.pk).update(created_at=entered)
    StatusChange.objects.filter(case=a_case).update(at=entered)
    today = dt.date(2026, 10, 28)

    page_due = case_expected_steps(SecondOpinionCase.objects.get(pk=a_case.pk), today=today)[0].due
    listed = worklist.annotated(SecondOpinionCase.objects.filter(pk=a_case.pk), reader_side="").get()
    row_due = worklist.timing(listed, today).due
    found = overdue_steps(today=dt.date(2026, 10, 31))

    assert page_due == row_due == dt.date(2026, 10, 30)  # five calendar days after the 25th
    assert [s.due for s in found] == [dt.date(2026, 10, 30)]
