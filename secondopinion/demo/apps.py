import logging
import os
import sys
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("secondopinion.demo")

NOTICE = (
    "TM_DEMO is on: this is the local demo (a secret key generated under var/, plain http, the "
    "documented demo authenticator seed, e-mail printed), never a deployment."
)


def serving() -> bool:
    """A process that serves requests or runs the tasks: runserver (the process that answers, not its
    reloader), serve_worker, or a WSGI/ASGI server (gunicorn, `python -m config.gunicorn`); not another
    management command nor the test run."""
    if "pytest" in sys.modules:
        return False
    argv = sys.argv
    if argv and Path(argv[0]).name in {"manage.py", "django-admin", "__main__.py"}:
        command = argv[1] if len(argv) > 1 else ""
        if command == "runserver":
            return os.environ.get("RUN_MAIN") == "true" or "--noreload" in argv
        return command == "serve_worker"
    return True


class DemoConfig(AppConfig):
    name = "secondopinion.demo"
    label = "demo"
    verbose_name = "Demo"

    def ready(self) -> None:
        from secondopinion.demo import checks  # noqa: F401 (registers the deploy check)

        if getattr(settings, "TM_DEMO", False) and serving():
            # `check --deploy` refuses the demo and `make serve` turns it off; this names it in the log
            # of whatever serves it all the same.
            logger.warning(NOTICE)
