"""/health/live and /health/ready (secondopinion/web/health.py)."""

from datetime import timedelta

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from secondopinion.ops import heartbeat
from secondopinion.ops.models import WorkerHeartbeat
from secondopinion.web import health


@pytest.fixture
def a_worker_beats(db):
    heartbeat.beat("worker-a", timezone.now())


@pytest.fixture(autouse=True)
def _migrations_judged_afresh(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_live_answers_ok_without_touching_the_database(client):
    response = client.get("/health/live")  # no `db` fixture: a query would raise

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.usefixtures("a_worker_beats")
def test_ready_answers_ok_when_database_migrations_and_worker_are(client):
    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "worker": "ok"},
    }


@pytest.mark.usefixtures("a_worker_beats")
def test_ready_names_the_database_when_it_does_not_answer(client, monkeypatch):
    def unreachable(self, *args, **kwargs):
        raise health.connections["default"].Database.OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(type(health.connections["default"]), "cursor", unreachable)
        response = client.get("/health/ready")

    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["database"]
    assert body["checks"] == {"database": "failed", "migrations": "not checked", "worker": "not checked"}


@pytest.mark.usefixtures("a_worker_beats")
def test_ready_names_the_migrations_when_one_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("ops", "0002_next")])

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["failed"] == ["migrations"]


def test_ready_names_the_worker_when_none_beats(client, db):
    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["checks"]["database"] == "ok"


def test_a_worker_whose_last_beat_is_too_old_counts_as_gone(client, db, settings):
    settings.TM_WORKER_HEARTBEAT_MAX_AGE = 60
    heartbeat.beat("worker-a", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(seconds=61))

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]


def test_no_worker_is_needed_when_tasks_run_inline(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "not needed"


@pytest.mark.usefixtures("a_worker_beats")
def test_a_probe_by_ip_over_plain_http_is_answered_not_redirected_or_refused(client, settings):
    """A load balancer addresses the instance by its IP, over http, behind the TLS proxy."""
    settings.ALLOWED_HOSTS = ["tweedemening.example.nl"]
    settings.SECURE_SSL_REDIRECT = True

    live = client.get("/health/live", HTTP_HOST="10.0.3.7:8000")
    ready = client.get("/health/ready", HTTP_HOST="10.0.3.7:8000")
    page = client.get("/login/", HTTP_HOST="10.0.3.7:8000")

    assert (live.status_code, ready.status_code) == (200, 200)
    assert page.status_code == 400  # everything else still checks the Host header


def test_health_answers_only_reads(client, db):
    assert client.post("/health/live").status_code == 405
    assert client.post("/health/ready").status_code == 405


def test_the_worker_heartbeat_lives_and_goes_with_the_worker(db):
    beating = heartbeat.Heartbeat("worker-b", every=3600)

    beating.start()
    row = WorkerHeartbeat.objects.get(worker_id="worker-b")
    assert heartbeat.workers_alive(60) == 1
    beating.stop()

    assert row.pid > 0
    assert not WorkerHeartbeat.objects.filter(worker_id="worker-b").exists()


def test_a_starting_worker_removes_the_rows_of_workers_killed_long_ago(db):
    heartbeat.beat("killed-yesterday", timezone.now())
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(days=1, minutes=1))
    heartbeat.beat("killed-a-minute-ago", timezone.now() - timedelta(minutes=1))
    beating = heartbeat.Heartbeat("worker-c", every=3600)

    beating.start()
    beating.stop()

    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["killed-a-minute-ago"]
