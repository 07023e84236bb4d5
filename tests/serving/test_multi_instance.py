"""Two app instances (gunicorn, `config/gunicorn.py`) and two task workers (`manage.py serve_worker`) on one
PostgreSQL database lose and duplicate nothing: every case answered 201 exists once, every transition
is recorded once, every e-mail owed is sent once, and the access log's chain verifies.

Runs only against PostgreSQL (`DATABASE_URL=postgres://… make test`, as `.ci/run` does): the instances
and workers are separate processes on the test database, which SQLite in a test run cannot share."""

import io
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
import requests.adapters
from django.core.management import call_command
from django.db import connection

from secondopinion.aftercare.models import Message
from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.notifications.models import Notification
from tests.api.conftest import case_body

ROOT = Path(__file__).resolve().parents[2]
# 50 cases make 150 concurrent requests, ~30 s on a shared 2-core machine; TM_MULTI_INSTANCE_CASES=200
# for a heavier run.
CASES = int(os.environ.get("TM_MULTI_INSTANCE_CASES", "50"))
CLIENT_THREADS = 16

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of the product served as in production (debug off, a secret key of its own) on
    the test's PostgreSQL database, over plain HTTP on 127.0.0.1: 2 gunicorn workers of 4 threads."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TM_", "DATABASE_URL"))}
    return {
        **base,
        "DATABASE_URL": _database_url(),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "TM_VAR_DIR": str(tmp_path),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "4",
        "HOST": "127.0.0.1",
        **extra,
    }


@pytest.fixture
def product(tmp_path, transactional_db):
    """Two gunicorn instances and two workers, ready (/health/ready 200 on both); stopped afterwards."""
    env = production_env(
        tmp_path,
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        TM_LOG_FORMAT="json",
    )
    ports = [_free_port(), _free_port()]
    processes: list[tuple[subprocess.Popen, Path]] = []

    def start(name: str, command: list[str], **extra: str) -> None:
        log = tmp_path / f"{name}.log"
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and gunicorn)
            command, cwd=ROOT, env={**env, **extra}, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        processes.append((process, log))

    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    for index, port in enumerate(ports):
        start(f"web{index}", [gunicorn, "--config", "config/gunicorn.py", "config.wsgi"], PORT=str(port))
    for index in range(2):
        start(
            f"worker{index}",
            [sys.executable, "manage.py", "serve_worker", "--no-reload", "--interval", "0.2",
             "--worker-id", f"worker-{index}"],
        )  # fmt: skip
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        deadline = time.monotonic() + 40
        while True:
            states = []
            for url in urls:
                try:
                    states.append(requests.get(f"{url}/health/ready", timeout=5).status_code)
                except requests.ConnectionError:
                    states.append(None)
            if states == [200, 200]:
                break
            if time.monotonic() > deadline or any(p.poll() is not None for p, _log in processes):
                logs = "\n".join(log.read_text()[-2000:] for _p, log in processes)
                pytest.fail(f"the instances did not become ready ({states}):\n{logs}")
            time.sleep(0.3)
        yield urls, processes
    finally:
        for process, _log in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process, _log in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _bearer(user) -> dict[str, str]:
    _token, secret = ApiToken.issue(user=user, name="multi-instance")
    return {"Authorization": f"Bearer {secret}", "Accept-Language": "en"}


def test_two_instances_and_two_workers_lose_and_duplicate_nothing(product, cast):
    urls, processes = product
    cast.patient_user.email = "petra@example.nl"
    cast.patient_user.save(update_fields=["email"])
    cast.coordinator.email = "coordinator@example.nl"
    cast.coordinator.save(update_fields=["email"])
    patient, coordinator = _bearer(cast.patient_user), _bearer(cast.coordinator)
    body = case_body(cast)
    started = time.monotonic()

    with requests.Session() as http, ThreadPoolExecutor(CLIENT_THREADS) as pool:
        http.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=CLIENT_THREADS))

        def submit(n: int) -> requests.Response:
            return http.post(f"{urls[n % 2]}/api/v1/cases", json=body, headers=patient, timeout=60)

        created = list(pool.map(submit, range(CASES)))
        assert [r.status_code for r in created] == [201] * CASES, {
            r.text for r in created if r.status_code != 201
        }
        ids = [r.json()["id"] for r in created]

        def message(n: int) -> requests.Response:
            url = f"{urls[(n + 1) % 2]}/api/v1/cases/{ids[n]}/messages"
            return http.post(url, json={"body": "Wanneer hoor ik meer?"}, headers=patient, timeout=60)

        def accept(n: int) -> requests.Response:
            url = f"{urls[n % 2]}/api/v1/cases/{ids[n]}/transitions"
            payload = {"to": "accepted", "classification": "second_opinion"}
            return http.post(url, json=payload, headers=coordinator, timeout=60)

        submitted = time.monotonic()
        messages = list(pool.map(message, range(CASES)))
        accepted = list(pool.map(accept, range(CASES)))
        answered = time.monotonic()

    assert [r.status_code for r in messages] == [201] * CASES, {
        r.text for r in messages if r.status_code != 201
    }
    assert [r.status_code for r in accepted] == [200] * CASES, {
        r.text for r in accepted if r.status_code != 200
    }

    # Every 201 names a case that exists, exactly once; no case beyond them.
    assert len(set(ids)) == CASES
    stored = SecondOpinionCase.objects.filter(patient=cast.patient)
    assert sorted(stored.values_list("pk", flat=True)) == sorted(ids)
    assert set(stored.values_list("status", flat=True)) == {"accepted"}
    assert Message.objects.filter(case_id__in=ids).count() == CASES
    assert StatusChange.objects.filter(case_id__in=ids, to_status="accepted").count() == CASES

    # Every e-mail owed is sent once: the outbox drains, one attempt each, as many mails as rows.
    owed = Notification.objects.filter(email__in=["petra@example.nl", "coordinator@example.nl"])
    assert owed.count() >= CASES  # at least the coordinator's notice of each message
    deadline = time.monotonic() + 60
    while owed.exclude(state=Notification.State.SENT).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not owed.exclude(state=Notification.State.SENT).exists()
    assert set(owed.values_list("attempts", flat=True)) == {1}
    drained = time.monotonic()
    # The workers' sequencers chain every event the instances logged, each exactly once.
    pending = AccessEvent.objects.filter(chain=0)
    while pending.exists() and time.monotonic() < deadline + 30:
        time.sleep(0.5)
    assert not pending.exists()
    for process, _log in processes:
        process.send_signal(signal.SIGTERM)
    for process, _log in processes:
        process.wait(timeout=30)
    worker_logs = [log.read_text() for _p, log in processes[2:]]
    sent_per_worker = [text.count("\nMessage-ID: ") for text in worker_logs]
    assert sum(sent_per_worker) == owed.count(), sent_per_worker

    # The access log's chains verify with every event of both instances in them.
    out = io.StringIO()
    call_command("verify_audit", "--no-seal", stdout=out)
    assert out.getvalue().startswith("OK"), out.getvalue()
    assert "not yet chained" not in out.getvalue()

    # The instances logged JSON lines with request ids; no patient data (the BSN, the name) in them.
    web_logs = "".join(log.read_text() for _p, log in processes[:2])
    access = [json.loads(line) for line in web_logs.splitlines() if '"gunicorn.access"' in line]
    assert len(access) >= 3 * CASES
    assert all(entry["request_id"] for entry in access)
    assert cast.patient.bsn not in web_logs
    assert cast.patient.name not in web_logs
    print(
        f"\n{CASES} cases: submitted in {submitted - started:.1f} s, {CASES} messages and {CASES} "
        f"transitions in {answered - submitted:.1f} s, outbox drained {drained - answered:.1f} s later; "
        f"mails sent per worker {sent_per_worker} of {owed.count()} owed; access log verified"
    )
