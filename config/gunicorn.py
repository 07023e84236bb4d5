"""gunicorn's configuration for `make serve` (`gunicorn --config config/gunicorn.py config.wsgi`).

Worker class: gthread (WEB_CONCURRENCY processes of GUNICORN_THREADS threads each). A sync worker holds
one request at a time and is killed when a request outlasts `timeout`; gthread keeps serving while one
thread waits on a slow client (document uploads up to 100 MB, report downloads, keep-alive connections
from the proxy) and its `timeout` watches the process, not the request. The product's requests are
short database-bound work, so threads overlap well despite the GIL. Each thread keeps its own database
connection (CONN_MAX_AGE): an instance holds up to WEB_CONCURRENCY x GUNICORN_THREADS connections.

Run as a module (`python -m config.gunicorn`) it only checks that the product may start: `make serve`
does so before migrating, so a missing DJANGO_SECRET_KEY stops it at once with the settings' message.
"""

import logging
import os
import sys
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from gunicorn.glogging import Logger as GunicornLogger  # noqa: E402

from config.env import env_bool, env_int, env_str  # noqa: E402
from secondopinion.core.logs import HEADER, JsonFormatter  # noqa: E402

HEALTH_PATHS = frozenset({"/health/live", "/health/ready"})


def refuse_to_start_misconfigured() -> None:
    """Load the settings as the served product does; a setting it refuses ends the start with its message."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.SECRET_KEY  # noqa: B018 (loading the settings is the check)
    except ImproperlyConfigured as exc:
        sys.exit(f"Tweede Mening does not start: {exc}")


refuse_to_start_misconfigured()
if __name__ == "__main__":
    sys.exit(0)

_json_logs = env_str("TM_LOG_FORMAT", "text" if env_bool("DJANGO_DEBUG") else "json") == "json"


class ProductLogger(GunicornLogger):
    """gunicorn's logger, with the health checks left out of the access log, the request id in every
    access line (from the answer's X-Request-ID, which secondopinion.core.logs sets), the path without
    its query string, and JSON lines when TM_LOG_FORMAT is json."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        if _json_logs:
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(JsonFormatter())

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        path = environ.get("PATH_INFO", "")
        if path.rstrip("/") in HEALTH_PATHS or not self.access_log_enabled:
            return
        if not _json_logs:
            super().access(resp, req, environ, request_time)
            return
        headers = {name.lower(): value for name, value in resp.headers}
        status = str(resp.status).split(None, 1)[0]
        duration_ms = request_time.seconds * 1000 + request_time.microseconds // 1000
        method = environ.get("REQUEST_METHOD", "-")
        http = {
            "method": method,
            "path": path,
            "status": int(status) if status.isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": duration_ms,
            "remote_addr": environ.get("REMOTE_ADDR", "-"),
        }
        self.access_log.log(
            logging.INFO,
            "%s %s %s %d ms",
            method,
            path,
            status,
            duration_ms,
            extra={"request_id": headers.get(HEADER.lower()), "http": http},
        )


bind = f"{env_str('HOST', '127.0.0.1')}:{env_str('PORT', '8000')}"
workers = env_int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = env_int("GUNICORN_THREADS", 4)
# A worker silent for this long is restarted; on SIGTERM, running requests get graceful_timeout to finish.
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# The application is imported once, in the master: a setting it refuses stops the start, not each worker.
preload_app = True
# No control socket (gunicorn 27 makes one in ~/.gunicorn by default; two instances on one machine
# would share its path). Reload and stop with signals: HUP, TERM.
control_socket_disable = True
logger_class = ProductLogger
accesslog = "-"  # stdout
errorlog = "-"  # stderr
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
# Text access lines: no query string (%(U)s is the path alone), the request id at the end.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
# Behind a TLS proxy Django reads X-Forwarded-Proto itself (DJANGO_BEHIND_TLS_PROXY).
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
