"""Liveness and readiness for a load balancer or orchestrator; no authentication, no patient data.

- `GET /health/live`: the process answers (200 `{"status": "ok"}`); the database is not touched.
- `GET /health/ready`: 200 when the database answers `SELECT 1`, every migration is applied and a task
  worker beat recently (`manage.py serve_worker`); else 503 naming the checks that failed.

`HealthCheckMiddleware`, early in MIDDLEWARE, answers these two paths before anything reads the Host
header or redirects to https: a probe that addresses the instance by its IP over plain http gets its
answer instead of a 400 (ALLOWED_HOSTS) or a 301 (SECURE_SSL_REDIRECT). gunicorn leaves them out of
its access log (config/gunicorn.py)."""

from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from secondopinion.ops.heartbeat import workers_alive

LIVE_PATH = "/health/live"
READY_PATH = "/health/ready"

OK = "ok"
FAILED = "failed"
NOT_CHECKED = "not checked"

# Once every migration was found applied, this process need not read the migration files again: a
# running process's code does not gain migrations, and unapplying them is not something production does.
_migrations_applied = False


def _json(body: dict[str, object], status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response


@require_safe
def live(request: HttpRequest) -> HttpResponse:
    return _json({"status": OK})


def _database_reachable() -> bool:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _migrations_all_applied() -> bool:
    global _migrations_applied
    if _migrations_applied:
        return True
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        return False
    _migrations_applied = not plan
    return _migrations_applied


def _worker_needed() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return str(backend).startswith("django_tasks_db.")


def _worker_alive() -> bool:
    try:
        return workers_alive(settings.TM_WORKER_HEARTBEAT_MAX_AGE) > 0
    except Exception:
        return False


@require_safe
def ready(request: HttpRequest) -> HttpResponse:
    checks: dict[str, str] = {"database": OK, "migrations": OK, "worker": OK}
    if not _database_reachable():
        checks.update(database=FAILED, migrations=NOT_CHECKED, worker=NOT_CHECKED)
    else:
        if not _migrations_all_applied():
            checks["migrations"] = FAILED
        if not _worker_needed():
            checks["worker"] = "not needed"
        elif not _worker_alive():
            checks["worker"] = FAILED
    failed = [name for name, state in checks.items() if state == FAILED]
    if failed:
        return _json({"status": "unavailable", "failed": failed, "checks": checks}, status=503)
    return _json({"status": OK, "checks": checks})


class HealthCheckMiddleware:
    """Answers the two health paths itself, before SecurityMiddleware and CommonMiddleware: no https
    redirect, no Host check, no session, no language. Placed right after RequestIdMiddleware."""

    VIEWS: dict[str, Callable[[HttpRequest], HttpResponse]] = {LIVE_PATH: live, READY_PATH: ready}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = self.VIEWS.get(request.path_info.rstrip("/"))
        if view is not None:
            return view(request)
        return self.get_response(request)
