"""The secret key (config/settings.py): DJANGO_SECRET_KEY, or for development, the local demo, tests and
tooling a key generated under var/ and never committed. Production refuses to start without a configured
one."""

import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from config.env import env_str

# Commands that serve nobody and sign nothing a user keeps: CI and a deployment run them before the
# product starts (and `check --deploy` is what names a missing key). They may run on the generated key.
_TOOLING_COMMANDS = frozenset(
    {
        "check",
        "makemigrations",
        "migrate",
        "showmigrations",
        "sqlmigrate",
        "collectstatic",
        "findstatic",
        "compilemessages",
        "makemessages",
        "diffsettings",
        "help",
        "version",
    }
)


def _tooling(base_dir: Path) -> bool:
    """The test run, the type checker (django-stubs reads these settings), a benchmark (bench/), or
    a tooling command."""
    if "pytest" in sys.modules or "mypy" in sys.modules:
        return True
    argv = sys.argv
    if argv and Path(argv[0]).resolve().parent == base_dir / "bench":
        return True
    command_line = bool(argv) and Path(argv[0]).name in {"manage.py", "django-admin", "__main__.py"}
    return command_line and len(argv) > 1 and argv[1] in _TOOLING_COMMANDS


def secret_key(*, local: bool, base_dir: Path, var_dir: Path) -> tuple[str, bool]:
    """DJANGO_SECRET_KEY, and False; else a key generated under var/ (never in git), and True.
    A generated key is for development (DJANGO_DEBUG=true), the local demo (TM_DEMO=true: `local`),
    tests and tooling only: the product never starts on one in production, where sessions, password
    resets and CSRF tokens rest on it."""
    configured = env_str("DJANGO_SECRET_KEY", "")
    if configured:
        return configured, False
    if not local and not _tooling(base_dir):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. With DJANGO_DEBUG=false the product does not start on a "
            "generated key: set DJANGO_SECRET_KEY to a long random value (for example the output of "
            "`python -c 'from django.core.management.utils import get_random_secret_key as k; print(k())'`), "
            "or set TM_DEMO=true for the local demo (DJANGO_DEBUG=true for development)."
        )
    key_file = var_dir / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip(), True
