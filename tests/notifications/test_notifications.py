"""Notification e-mails: owed inside the transaction, delivered by a task after commit, never medical."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from secondopinion.notifications.models import Notification
from secondopinion.notifications.services import notification_queue

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def owe(**overrides) -> Notification | None:
    values = {
        "kind": "report_ready",
        "email": "petra@example.nl",
        "name": "Petra de Vries",
        "reference": "TM-2026-00007",
        "path": "/cases/7/",
    }
    return notification_queue(**{**values, **overrides})


@pytest.mark.django_db
def test_it_delivers_after_commit_with_a_link_and_no_medical_content(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    settings.TM_SITE_URL = "https://tweedemening.example"

    with django_capture_on_commit_callbacks(execute=True):
        notification = owe()
        assert mailoutbox == []  # nothing leaves before the transaction commits

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["petra@example.nl"]
    assert "TM-2026-00007" in mail.subject
    assert "https://tweedemening.example/cases/7/" in mail.body
    assert "geen medische gegevens" in mail.body
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("sent", 1)
    assert notification.sent_at is not None


@pytest.mark.django_db
def test_it_writes_in_the_recipients_language(settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE

    with django_capture_on_commit_callbacks(execute=True):
        owe(language="en", kind="records_requested")

    assert mailoutbox[0].subject == "Request for records (TM-2026-00007)"
    assert mailoutbox[0].body.startswith("Dear Petra de Vries,")


@pytest.mark.django_db
def test_a_rolled_back_change_owes_nothing_and_sends_nothing(settings, mailoutbox):
    settings.TASKS = IMMEDIATE

    def failing_change() -> None:
        with transaction.atomic():
            owe()
            raise RuntimeError("the change fails")

    with pytest.raises(RuntimeError):
        failing_change()

    assert Notification.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_without_an_address_nothing_is_queued():
    assert owe(email="") is None
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown notification kind"):
        owe(kind="gossip")


@pytest.mark.django_db
def test_a_failed_send_stays_queued_and_is_retried_until_it_fails_for_good(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("secondopinion.notifications.tasks.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        notification = owe()
    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("queued", 1)
    assert "mail server down" in notification.error

    for _ in range(4):
        call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115

    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("failed", 5)


@pytest.mark.django_db(transaction=True)
def test_the_database_backend_queues_the_task_and_the_worker_delivers_it(settings, mailoutbox):
    settings.TASKS = DATABASE

    with transaction.atomic():
        notification = owe()
        assert DBTaskResult.objects.count() == 0  # enqueued only after commit

    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    notification.refresh_from_db()
    assert notification.state == "sent"
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_secret_link_is_erased_from_the_outbox_once_the_mail_is_sent(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE

    with django_capture_on_commit_callbacks(execute=True):
        notification = owe(kind="records_requested", path="/aanlevering/geheim-token/", secret_link=True)

    assert "/aanlevering/geheim-token/" in mailoutbox[0].body
    notification.refresh_from_db()
    assert notification.state == "sent"
    assert notification.link == ""


@pytest.mark.django_db(transaction=True)
def test_a_notification_whose_worker_died_while_sending_goes_when_a_worker_starts_again(settings, mailoutbox):
    """The worker took the task and was killed inside the send: the task stays claimed for good, the
    row queued. The next serve_worker enqueues it again; the mail keeps the notification's Message-ID."""
    from secondopinion.notifications.tasks import message_id

    settings.TASKS = DATABASE
    with transaction.atomic():
        notification = owe()
    DBTaskResult.objects.update(status="RUNNING", worker_ids=["killed"])  # claimed by the dead worker

    call_command("serve_worker", batch=True, no_startup_delay=True, reload=False, verbosity=0)

    notification.refresh_from_db()
    assert (notification.state, notification.attempts) == ("sent", 1)
    assert [mail.extra_headers["Message-ID"] for mail in mailoutbox] == [message_id(notification)]
    assert message_id(notification).startswith(f"<notification.{notification.pk}.")
