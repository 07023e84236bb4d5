"""Logs a machine can read: one JSON object per line, each carrying the id of the request it belongs to.

`RequestIdMiddleware` takes the caller's `X-Request-ID` when it is a sane token (a load balancer or
proxy made it) or makes one, answers with it, and keeps it in a context variable for the request's
duration; `JsonFormatter` writes it into every line logged meanwhile. Messages are the product's own
(never a request body or a query string), so no patient data reaches the log through this module."""

import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def sane_request_id(candidate: str | None) -> str:
    """The caller's id if it is 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' and '-'; else a fresh one."""
    if candidate and _SANE.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


def _forget_request_id(**kwargs: object) -> None:
    request_id.set(None)


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every answer (redirects and refusals too) carries the id. The id
    stays set until the request is finished: Django logs a 4xx/5xx answer after the middleware returned."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        request_finished.connect(_forget_request_id, dispatch_uid="secondopinion.core.logs")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = sane_request_id(request.headers.get(HEADER))
        request.request_id = rid  # type: ignore[attr-defined]
        request_id.set(rid)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, request_id and, when
    there is one, the exception with its traceback. A record may bring its own `request_id` (gunicorn's
    access log does: it logs after the request's context has ended)."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        http = getattr(record, "http", None)
        if isinstance(http, dict):
            entry["http"] = http
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
