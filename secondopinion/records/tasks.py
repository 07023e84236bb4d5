"""Background work of data requests (R16): expiring overdue requests and reminding the practitioner."""

from django.tasks import task

from secondopinion.records.data_requests import data_requests_expire_and_remind


@task()
def remind_data_requests() -> dict[str, int]:
    """Expire overdue requests and queue the reminders that are due; the counts of each."""
    return data_requests_expire_and_remind()
