"""kill -9 while the product writes: a gunicorn worker, the task worker (the access log's sequencer)
and the gunicorn master itself are killed without warning while patients submit requests and record
consents and the coordinator accepts them, all over the API, from eight clients at once. The product
is started again where it died, and the clients carry on.

Afterwards every write that was answered 2xx is there and complete (the case with its status change
and its access-log event, the consent with its event, the step with its status change and event),
nothing is half-written (no case without the change and the event of its submission, no status
without the change that set it, no consent without its event), and the access log's chains verify
(`manage.py verify_audit`). A request that died with its process may or may not have happened, but
only whole.

Runs only against PostgreSQL (`DATABASE_URL=postgres://… make test`), like the two-instance test."""

import io
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.db.models import Count

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.consent.models import Consent
from tests.api.conftest import case_body
from tests.serving.test_multi_instance import _free_port, production_env

ROOT = Path(__file__).resolve().parents[2]
CHAINS = 60  # each: submit, consent, accept — 180 writes
CLIENTS = 8
# After how many answered writes each process is killed.
KILL_WEB_WORKER, KILL_TASK_WORKER, KILL_MASTER = 25, 60, 100

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]


class Product:
    """One gunicorn master (two workers of four threads) and one task worker, each startable again."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = production_env(
            tmp_path,
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            PORT=str(_free_port()),
        )
        self.tmp_path = tmp_path
        self.url = f"http://127.0.0.1:{self.env['PORT']}"
        self.processes: list[subprocess.Popen] = []
        self.orphans: list[int] = []  # web workers whose master was killed
        self.master = self.task_worker = None

    def _start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.tmp_path / f"{name}.log").open("a")
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        self.processes.append(process)
        return process

    def start_web(self) -> None:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.master = self._start("web", [gunicorn, "--config", "config/gunicorn.py", "config.wsgi"])
        self.wait_ready()

    def start_task_worker(self) -> None:
        command = [sys.executable, "manage.py", "serve_worker", "--no-reload", "--interval", "0.2"]
        self.task_worker = self._start("worker", command)

    def web_workers(self) -> list[int]:
        path = Path(f"/proc/{self.master.pid}/task/{self.master.pid}/children")
        return [int(pid) for pid in path.read_text().split()] if path.exists() else []

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            try:
                if len(self.web_workers()) == 2 and requests.get(f"{self.url}/health/live", timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.2)
        logs = "\n".join(log.read_text()[-3000:] for log in self.tmp_path.glob("*.log"))
        pytest.fail(f"the product did not start:\n{logs}")

    def kill_master(self) -> None:
        """kill -9 the master; its workers, orphaned, stop on their own within a second or two (or
        are killed too), and the master starts again on the same port."""
        self.orphans = self.web_workers()
        self.master.kill()
        self.master.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in self.orphans) and time.monotonic() < deadline:
            time.sleep(0.1)
        for pid in self.orphans:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        self.start_web()

    def stop(self) -> None:
        for pid in self.orphans:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.fixture
def product(tmp_path, transactional_db):
    running = Product(tmp_path)
    try:
        running.start_web()
        running.start_task_worker()
        yield running
    finally:
        running.stop()


@dataclass
class Ledger:
    """What the clients were answered: per kind of write, the ids answered 2xx, and how many died."""

    answered: dict[str, list[int]] = field(default_factory=lambda: {"case": [], "consent": [], "accept": []})
    lost: Counter = field(default_factory=Counter)
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, kind: str, pk: int | None) -> None:
        with self.lock:
            self.count += 1
            if pk is None:
                self.lost[kind] += 1
            else:
                self.answered[kind].append(pk)


def _post(url: str, body: dict, headers: dict) -> requests.Response | None:
    """The answer, or None when the process answering died with the request, or while it sent the
    answer (the body cut short: nothing was acknowledged). A refused connection (the server between a
    kill and its restart) never reached it, so it is tried again."""
    deadline = time.monotonic() + 30
    while True:
        try:
            return requests.post(url, json=body, headers={**headers, "Connection": "close"}, timeout=30)
        except requests.exceptions.ChunkedEncodingError:
            return None
        except requests.ConnectionError as exc:
            if "Connection refused" not in str(exc) or time.monotonic() > deadline:
                return None
            time.sleep(0.1)


def test_no_write_answered_2xx_is_lost_and_none_is_half_written_when_processes_are_killed(product, cast):
    def bearer(user) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {ApiToken.issue(user=user, name='kill')[1]}",
            "Accept-Language": "en",
        }

    patient, coordinator = bearer(cast.patient_user), bearer(cast.coordinator)
    body, ledger = case_body(cast), Ledger()

    def chain(_n: int) -> None:
        submitted = _post(f"{product.url}/api/v1/cases", body, patient)
        case = submitted.json()["id"] if submitted is not None and submitted.status_code == 201 else None
        ledger.note("case", case)
        if case is None:
            return
        consent_body = {"purpose": "request_records", "method": "in_app"}
        consented = _post(f"{product.url}/api/v1/cases/{case}/consents", consent_body, patient)
        ledger.note("consent", consented.json()["id"] if consented is not None and consented.ok else None)
        step = {"to": "accepted", "classification": "second_opinion"}
        accepted = _post(f"{product.url}/api/v1/cases/{case}/transitions", step, coordinator)
        ledger.note("accept", case if accepted is not None and accepted.ok else None)

    def killer() -> None:
        def when(count: int) -> None:
            while ledger.count < count:
                time.sleep(0.005)

        when(KILL_WEB_WORKER)
        os.kill(product.web_workers()[0], signal.SIGKILL)
        when(KILL_TASK_WORKER)
        product.task_worker.kill()
        product.start_task_worker()
        when(KILL_MASTER)
        product.kill_master()

    kills = threading.Thread(target=killer, daemon=True)
    kills.start()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(chain, range(CHAINS)))
    kills.join(timeout=60)
    assert not kills.is_alive(), "the killer waited for writes that never came"

    # Every write answered 2xx is there, with what goes with it.
    cases = set(ledger.answered["case"])
    assert cases <= set(SecondOpinionCase.objects.values_list("pk", flat=True))
    assert set(ledger.answered["consent"]) <= set(Consent.objects.values_list("pk", flat=True))
    accepted = set(ledger.answered["accept"])
    assert accepted <= set(SecondOpinionCase.objects.filter(status="accepted").values_list("pk", flat=True))

    # Nothing is half-written: every case in the database, answered or not, is whole.
    stored = SecondOpinionCase.objects.filter(patient=cast.patient)
    changes = Counter(StatusChange.objects.filter(case__in=stored).values_list("case_id", "to_status"))
    events = Counter(
        AccessEvent.objects.filter(case__in=stored, action__in=["create", "update"]).values_list(
            "case_id", "data"
        )
    )
    incomplete = []
    for case in stored:
        wanted = {("submitted", "case")} | (
            {("accepted", "case:accept")} if case.status == "accepted" else set()
        )
        for status, data in wanted:
            if changes[(case.pk, status)] != 1 or events[(case.pk, data)] != 1:
                incomplete.append((case.pk, status, changes[(case.pk, status)], events[(case.pk, data)]))
    for consent in Consent.objects.filter(case__in=stored):
        if events[(consent.case_id, f"consent:{consent.purpose}")] != 1:
            incomplete.append((consent.case_id, consent.purpose))
    assert incomplete == []
    assert set(stored.values_list("status", flat=True)) <= {"submitted", "accepted"}
    assert not Consent.objects.filter(case__in=stored).values("case").annotate(n=Count("pk")).filter(n__gt=1)

    # The access log's chains verify, the events the killed sequencer left pending chained now.
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "OK" in out.getvalue(), out.getvalue()
    # The kills happened mid-stream: the clients went on and most writes were answered.
    assert len(cases) >= CHAINS // 2, ledger.lost
    print(
        f"\nanswered: { {k: len(v) for k, v in ledger.answered.items()} }, died with a process: {dict(ledger.lost)}"
    )
