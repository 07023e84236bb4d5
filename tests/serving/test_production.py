"""What `make serve` runs with: production settings for static files, database connections and logs,
gunicorn's configuration, and the refusal to start without DJANGO_SECRET_KEY."""

import json
import logging
import os
import runpy
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]


def _run(tmp_path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """A fresh process with a production environment (nothing DJANGO_/TM_ inherited from ours)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TM_", "DATABASE_URL"))}
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "tweedemening.example.nl",
        "TM_VAR_DIR": str(tmp_path),
    }
    env = {**base, **production, **environment}
    env = {k: v for k, v in env.items() if v is not None and v != "<unset>"}
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


PROBE = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'root': str(s.STATIC_ROOT), "
    "'age': s.DATABASES['default']['CONN_MAX_AGE'], 'checks': s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
    "'formatter': s.LOGGING['handlers']['console']['formatter'], 'middleware': s.MIDDLEWARE[:6]}))"
)


def test_production_serves_hashed_compressed_static_files_and_keeps_connections(tmp_path):
    production = json.loads(_run(tmp_path, "manage.py", "shell", "--no-imports", "-c", PROBE).stdout)
    development = json.loads(
        _run(tmp_path, "manage.py", "shell", "--no-imports", "-c", PROBE, DJANGO_DEBUG="true").stdout
    )
    tuned = json.loads(
        _run(tmp_path, "manage.py", "shell", "--no-imports", "-c", PROBE, DJANGO_CONN_MAX_AGE="5").stdout
    )

    assert production["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert production["root"] == str(tmp_path / "static")
    assert (production["age"], production["checks"]) == (60, True)
    assert production["formatter"] == "json"
    assert production["middleware"] == [
        "secondopinion.core.logs.RequestIdMiddleware",
        "secondopinion.web.health.HealthCheckMiddleware",
        "secondopinion.core.doors.SystemDoorMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "secondopinion.api.problems.ProblemJsonMiddleware",
    ]
    assert development["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert (development["age"], development["formatter"]) == (0, "text")
    assert tuned["age"] == 5


def test_the_test_run_needs_no_collectstatic():
    assert django_settings.STORAGES["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
    assert django_settings.DATABASES["default"]["CONN_MAX_AGE"] == 0


def test_collectstatic_writes_hashed_names_with_gzip_copies(tmp_path):
    result = _run(tmp_path, "manage.py", "collectstatic", "--no-input", "--verbosity", "0")

    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["web/site.css"]
    assert hashed != "web/site.css"
    assert hashed.startswith("web/site.")
    assert (tmp_path / "static" / hashed).exists()
    assert (tmp_path / "static" / f"{hashed}.gz").exists()


def test_serve_refuses_to_start_without_a_secret_key_and_says_why(tmp_path):
    """`make serve` runs `python -m config.gunicorn` first; it ends the start with the settings' message."""
    refused = _run(tmp_path, "-m", "config.gunicorn", DJANGO_SECRET_KEY="<unset>")
    allowed = _run(tmp_path, "-m", "config.gunicorn")

    assert refused.returncode != 0
    assert "Tweede Mening does not start: DJANGO_SECRET_KEY is not set." in refused.stderr
    assert "Traceback" not in refused.stderr
    assert allowed.returncode == 0, allowed.stderr


def _gunicorn_config() -> dict:
    return runpy.run_path(str(ROOT / "config" / "gunicorn.py"))


def test_gunicorn_binds_host_and_port_with_workers_from_web_concurrency(monkeypatch):
    monkeypatch.setenv("HOST", "192.0.2.10")
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("WEB_CONCURRENCY", "5")

    config = _gunicorn_config()

    assert config["bind"] == "192.0.2.10:8123"
    assert config["workers"] == 5
    assert config["worker_class"] == "gthread"
    assert config["accesslog"] == "-"
    assert config["graceful_timeout"] > 0
    assert "%({x-request-id}o)s" in config["access_log_format"]


def test_gunicorn_defaults_to_two_workers(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)

    assert _gunicorn_config()["workers"] == 2


def _access_line(config: dict, path: str) -> list[dict]:
    cfg = SimpleNamespace(
        loglevel="info", errorlog="-", accesslog="-", capture_output=False, syslog=False,
        logconfig=None, logconfig_dict={}, logconfig_json=None, disable_redirect_access_to_syslog=False,
        access_log_format=config["access_log_format"], user=0, group=0,
    )  # fmt: skip
    logger = config["ProductLogger"](cfg)
    lines: list[dict] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(self.format(record)))

    collect = Collect()
    collect.setFormatter(config["JsonFormatter"]())
    logger.access_log.addHandler(collect)
    response = SimpleNamespace(status="200 OK", headers=[("X-Request-ID", "rid-42")], sent=17)
    environ = {"PATH_INFO": path, "QUERY_STRING": "q=Jansen", "REQUEST_METHOD": "GET", "REMOTE_ADDR": "10.0.0.9",
               "RAW_URI": f"{path}?q=Jansen", "SERVER_PROTOCOL": "HTTP/1.1"}  # fmt: skip
    try:
        logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=12))
    finally:
        logger.access_log.removeHandler(collect)
    return lines


def test_the_access_log_carries_the_request_id_and_leaves_out_health_checks_and_query_strings(monkeypatch):
    monkeypatch.setenv("TM_LOG_FORMAT", "json")
    config = _gunicorn_config()

    page = _access_line(config, "/zaken/")
    probes = _access_line(config, "/health/ready") + _access_line(config, "/health/live")

    assert probes == []
    [line] = page
    assert line["request_id"] == "rid-42"
    assert line["logger"] == "gunicorn.access"
    assert line["http"]["path"] == "/zaken/"
    assert line["http"]["status"] == 200
    assert "Jansen" not in json.dumps(line)
