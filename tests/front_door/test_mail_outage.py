"""When the mail server does not take an account e-mail, the user's request still goes through and the
e-mail is sent again later by the task worker (accounts/tasks.py): no 500, nothing lost."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from secondopinion.accounts.tasks import PAUSES, deliver_account_mail
from tests.front_door.conftest import NEW_PASSWORD, links_in

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every connection refused."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


REFUSING = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def queued() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path__endswith="deliver_account_mail").order_by("enqueued_at")
    )


def test_a_sign_up_while_the_mail_server_is_down_goes_through_and_its_mail_follows(settings):
    settings.MAILERS = REFUSING
    client = Client()

    answer = client.post(
        reverse("account_signup"),
        {"email": "nieuw@example.nl", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert answer.status_code == 302
    assert answer.url == reverse("account_email_verification_sent")
    [waiting] = queued()
    assert waiting.run_after is not None
    parts, attempt = waiting.args_kwargs["args"]
    assert attempt == 2
    assert parts["to"] == ["nieuw@example.nl"]

    settings.MAILERS = WORKING  # the server is back
    assert deliver_account_mail.call(parts, attempt) == "sent"
    confirm = next(link for link in links_in(mail.outbox[-1]) if "/account/confirm-email/" in link)
    assert client.get(confirm).status_code == 200


def test_a_password_reset_while_the_mail_server_is_down_is_no_error(settings, cast):
    settings.MAILERS = REFUSING

    answer = Client().post(reverse("account_reset_password"), {"email": "niemand@example.nl"})

    assert answer.status_code == 302
    assert len(queued()) == 1


def test_a_mail_the_server_keeps_refusing_is_tried_again_until_the_pauses_run_out(settings):
    settings.MAILERS = REFUSING
    parts = {
        "subject": "Bevestig uw e-mailadres",
        "body": "…",
        "from_email": "noreply@example.nl",
        "to": ["a@example.nl"],
        "content_subtype": "plain",
        "alternatives": [],
    }

    assert deliver_account_mail.call(parts, 1) == "queued again"
    assert deliver_account_mail.call(parts, len(PAUSES) + 1) == "given up"
    assert len(queued()) == 1
