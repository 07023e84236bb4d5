"""Background work: reminding the coordinators of overdue steps (planning/reminders.py)."""

from django.tasks import task

from secondopinion.planning.reminders import overdue_steps_remind


@task()
def remind_overdue_steps() -> int:
    """Remind each step past its due date once; how many were reminded now."""
    return overdue_steps_remind()
