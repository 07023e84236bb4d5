"""Logging: to stderr, one JSON object per line with the request id (secondopinion/core/logs.py), or
plain text. TM_LOG_FORMAT is `json` or `text`; JSON unless DJANGO_DEBUG is true."""

from typing import Any

from django.core.exceptions import ImproperlyConfigured


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    if log_format not in {"json", "text"}:
        raise ImproperlyConfigured(f"TM_LOG_FORMAT must be json or text, not {log_format!r}.")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "secondopinion.core.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
    }
