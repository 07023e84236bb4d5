"""kill -9 at the worst moment, made certain rather than hoped for.

The task worker (`manage.py serve_worker`) is killed while it hands an e-mail to the mail server: the
mail has gone, the transaction that marks its outbox row sent has not committed. After a restart
every notification owed is delivered: at least once, the one in flight at the kill twice, both copies
under the notification's own Message-ID so the receiving side can tell them apart from new mail
(notifications/tasks.py says what the product promises).

A gunicorn worker is killed while its request is inside its database transaction: a document upload
whose file is already in storage, and an API case create whose case row is already inserted. PostgreSQL
holds the request there (the test locks the table of the next row it writes, and waits until the
request waits on that lock). Nothing the client was not answered is left half-written: no document
row, no case, no status change, no access-log event; gunicorn's master starts a new worker, the same
writes sent again are answered 201 and are there whole, and the access log verifies.

tests/serving/test_kill_during_writes.py kills at random moments under load; these kill at the one
moment that matters. Runs only against PostgreSQL (`DATABASE_URL=postgres://… make test`)."""

import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, transaction

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.documents.models import Document
from secondopinion.notifications.models import Notification
from secondopinion.notifications.services import notification_queue
from secondopinion.notifications.tasks import message_id
from tests.api.conftest import case_body
from tests.documents.files import png
from tests.serving.test_multi_instance import production_env

ROOT = Path(__file__).resolve().parents[2]
OWED = 6
HANG_AT = 3  # the mail server has taken this many mails when the worker is killed
PORTS = range(8240, 8250)  # helper 4's ports

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]


class Mailbox(BaseEmailBackend):
    """The mail server the served product talks to in these tests: each mail taken is one JSON line in
    $TM_TEST_MAILBOX, on disk before `send` returns. With $TM_TEST_MAIL_HANG_AT the process hangs
    right after taking that many mails, before the product learns the mail went."""

    def send_messages(self, email_messages) -> int:
        path = Path(os.environ["TM_TEST_MAILBOX"])
        for message in email_messages:
            line = {"to": message.to, "message_id": message.extra_headers.get("Message-ID")}
            with path.open("a") as box:
                box.write(json.dumps(line) + "\n")
                box.flush()
                os.fsync(box.fileno())
            if len(path.read_text().splitlines()) == int(os.environ.get("TM_TEST_MAIL_HANG_AT", "0")):
                time.sleep(600)
        return len(email_messages)


def until(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def start(tmp_path: Path, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
    log = (tmp_path / f"{name}.log").open("a")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_every_notification_is_delivered_after_the_task_worker_is_killed_while_sending(
    tmp_path, transactional_db, cast
):
    mailbox = tmp_path / "mailbox.jsonl"
    mailbox.touch()
    env = production_env(tmp_path, DJANGO_EMAIL_BACKEND=f"{__name__}.Mailbox", TM_TEST_MAILBOX=str(mailbox))
    with transaction.atomic():
        owed = [
            notification_queue(
                kind="status_changed",
                email=f"ontvanger{n}@example.nl",
                name=f"Ontvanger {n}",
                reference=f"TM-2026-{n:05d}",
                path="/",
            )
            for n in range(OWED)
        ]
    worker = [sys.executable, "manage.py", "serve_worker", "--no-reload", "--interval", "0.2"]
    taken = lambda: len(mailbox.read_text().splitlines())  # noqa: E731

    first = start(tmp_path, "worker", worker, {**env, "TM_TEST_MAIL_HANG_AT": str(HANG_AT)})
    try:
        until(lambda: taken() == HANG_AT or first.poll() is not None, "the worker to send its mails")
        assert first.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
        first.kill()  # kill -9 inside the mail server's `send`: the mail went, its row is not yet marked
        first.wait()
    finally:
        stop(first)
    in_flight = json.loads(mailbox.read_text().splitlines()[-1])["message_id"]
    assert Notification.objects.filter(state="sent").count() == HANG_AT - 1
    queued = Notification.objects.filter(state="queued")
    assert in_flight in {message_id(notification) for notification in queued}

    second = start(tmp_path, "worker", worker, env)
    try:
        until(lambda: not queued.all().exists(), "every notification to be sent after the restart")
    finally:
        stop(second)

    # Every notification went, each under its own Message-ID; only the one in flight at the kill twice.
    sent = Counter(json.loads(line)["message_id"] for line in mailbox.read_text().splitlines())
    assert set(sent) == {message_id(notification) for notification in owed}
    assert {mid: n for mid, n in sent.items() if n > 1} == {in_flight: 2}
    assert set(Notification.objects.values_list("state", flat=True)) == {"sent"}


class Served:
    """gunicorn with one worker (four threads) on helper 4's ports; no task worker is needed."""

    def __init__(self, tmp_path: Path) -> None:
        self.port = next(p for p in PORTS if _free(p))
        self.url = f"http://127.0.0.1:{self.port}"
        self.tmp_path = tmp_path
        env = production_env(
            tmp_path,
            PORT=str(self.port),
            WEB_CONCURRENCY="1",
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.master = start(tmp_path, "web", [gunicorn, "--config", "config/gunicorn.py", "config.wsgi"], env)

    def worker(self) -> int | None:
        path = Path(f"/proc/{self.master.pid}/task/{self.master.pid}/children")
        children = path.read_text().split() if path.exists() else []
        return int(children[0]) if len(children) == 1 else None

    def ready(self, not_pid: int | None = None) -> int:
        """The pid of the worker answering /health/live (another than `not_pid`)."""

        def live() -> bool:
            if self.master.poll() is not None:
                pytest.fail((self.tmp_path / "web.log").read_text()[-3000:])
            pid = self.worker()
            if pid is None or pid == not_pid:
                return False
            try:
                return requests.get(f"{self.url}/health/live", timeout=2).ok
            except requests.ConnectionError:
                return False

        until(live, "gunicorn's worker to answer")
        return self.worker()  # type: ignore[return-value]


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.fixture
def served(tmp_path, transactional_db):
    running = Served(tmp_path)
    try:
        yield running
    finally:
        stop(running.master)


def killed_while_writing(served: Served, table: str, send) -> None:
    """Send the request while `table` is locked against inserts; once its transaction waits on that
    lock (it has written what comes before), kill -9 the worker; the client is never answered."""
    answers: list[object] = []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE MODE')
        client = threading.Thread(target=lambda: answers.append(_answer(send)), daemon=True)
        client.start()

        def waiting() -> bool:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_stat_clear_snapshot()")  # else one snapshot per transaction
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND query LIKE %s",
                    [f'INSERT INTO "{table}"%'],
                )
                return cursor.fetchone()[0] == 1

        until(waiting, f"the request to wait on {table}")
        pid = served.worker()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        client.join(timeout=60)
    assert answers == [None], answers  # the request died with its worker: nothing acknowledged
    served.ready(not_pid=pid)


def _answer(send) -> int | None:
    try:
        return send().status_code
    except requests.ConnectionError:
        return None


def test_a_gunicorn_worker_killed_inside_a_write_leaves_nothing_half_written(served, cast, submit):
    served.ready()
    case = submit()
    patient = {
        "Authorization": f"Bearer {ApiToken.issue(user=cast.patient_user, name='kill')[1]}",
        "Accept-Language": "nl",
    }
    picture = png()

    def upload() -> requests.Response:
        files = {"file": ("foto.png", picture, "image/png")}
        url = f"{served.url}/api/v1/cases/{case.pk}/documents"
        return requests.post(
            url, data={"purpose": "patient_brought"}, files=files, headers=patient, timeout=60
        )

    def create() -> requests.Response:
        return requests.post(f"{served.url}/api/v1/cases", json=case_body(cast), headers=patient, timeout=60)

    events_before = AccessEvent.objects.count()
    stored_files = lambda: sorted(p.name for p in served.tmp_path.rglob("documents/*/*"))  # noqa: E731

    # The upload: its file stored, its row not yet inserted.
    killed_while_writing(served, Document._meta.db_table, upload)
    assert not Document.objects.filter(case=case).exists()
    orphans = stored_files()
    assert len(orphans) <= 1  # the file may be in storage, unreferenced (`sweep_documents` removes it)
    # The case create: its case row inserted, its status change not yet.
    killed_while_writing(served, StatusChange._meta.db_table, create)
    assert SecondOpinionCase.objects.filter(patient=cast.patient).count() == 1
    assert AccessEvent.objects.count() == events_before  # neither left an event behind

    # Sent again to the new worker, both are answered and there whole.
    uploaded = upload()
    assert uploaded.status_code == 201, uploaded.text
    document = Document.objects.get(pk=uploaded.json()["id"])
    assert (
        AccessEvent.objects.filter(case=case, action="create", data=f"document:{document.kind}").count() == 1
    )
    content = requests.get(
        f"{served.url}/api/v1/documents/{document.pk}/content", headers=patient, timeout=30
    )
    assert content.content == picture
    created = create()
    assert created.status_code == 201, created.text
    new_case = SecondOpinionCase.objects.get(pk=created.json()["id"])
    assert list(StatusChange.objects.filter(case=new_case).values_list("to_status", flat=True)) == [
        "submitted"
    ]
    assert AccessEvent.objects.filter(case=new_case, action="create", data="case").count() == 1
    assert SecondOpinionCase.objects.filter(patient=cast.patient).count() == 2

    out = io.StringIO()
    call_command("verify_audit", "--workers", "1", stdout=out)
    assert any(line.startswith("OK: ") for line in out.getvalue().splitlines()), out.getvalue()
