"""Production never starts on the development key generated under var/; tooling and tests still run,
and `check --deploy` names a missing key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REFUSAL = "DJANGO_SECRET_KEY is not set"


def _run(tmp_path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """A fresh process with nothing of our DJANGO_/TM_ environment, its var/ in `tmp_path`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TM_", "DATABASE_URL"))}
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "tweedemening.example.nl",
        "TM_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **production, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_without_a_secret_key_production_refuses_to_start(tmp_path):
    served = _run(tmp_path, "-c", "import config.wsgi")
    probe = "from django.conf import settings; print(settings.SECRET_KEY and 'started')"
    shell = _run(tmp_path, "manage.py", "shell", "--no-imports", "-c", probe)

    for result in (served, shell):
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert REFUSAL in result.stderr
        assert "started" not in result.stdout
    assert not (tmp_path / "secret_key").exists()


def test_with_a_secret_key_it_starts(tmp_path):
    probe = "import gc, sys, config.wsgi; print('started', gc.get_freeze_count(), 'secondopinion.api.urls' in sys.modules)"
    result = _run(tmp_path, "-c", probe, DJANGO_SECRET_KEY=secrets.token_urlsafe(64))

    assert result.returncode == 0, result.stderr
    started, frozen, views_loaded = result.stdout.split()
    assert started == "started"
    # Loaded, the views imported and what start-up made frozen out of the collector's walk (config/wsgi.py).
    assert views_loaded == "True"
    assert int(frozen) > 100_000


def test_development_still_starts_on_a_generated_key(tmp_path):
    result = _run(tmp_path, "-c", "import config.wsgi; print('started')", DJANGO_DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "secret_key").exists()


def test_tooling_runs_without_a_key_and_check_deploy_names_it(tmp_path):
    migrations = _run(tmp_path, "manage.py", "makemigrations", "--check", "--dry-run")
    check = _run(tmp_path, "manage.py", "check")
    deploy = _run(tmp_path, "manage.py", "check", "--deploy")

    # Whatever else they find (the tree may be mid-change), neither is refused for want of a key.
    assert REFUSAL not in migrations.stderr
    assert "Traceback" not in migrations.stderr, migrations.stderr
    assert check.returncode == 0, check.stderr
    assert deploy.returncode != 0
    assert "tm.E001" in deploy.stderr
    assert "DJANGO_SECRET_KEY" in deploy.stderr


def test_the_local_demo_starts_on_a_generated_key_and_names_itself(tmp_path):
    """`make run` (TM_DEMO=true, DEBUG off); the serving process's log says it is the demo."""
    demo = _run(
        tmp_path,
        "-c",
        "from django.conf import settings; import config.wsgi; print('started', settings.DEBUG)",
        TM_DEMO="true",
        DJANGO_ALLOWED_HOSTS="",
    )
    production = _run(
        tmp_path, "-c", "import config.wsgi; print('started')", DJANGO_SECRET_KEY=secrets.token_urlsafe(64)
    )

    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.split() == ["started", "False"]
    assert (tmp_path / "secret_key").exists()
    assert "TM_DEMO is on" in demo.stderr
    assert "TM_DEMO" not in production.stderr
