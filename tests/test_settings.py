import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings

from config import settings as production


def test_passwords_are_hashed_with_argon2():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_dutch_is_the_default_language_and_english_is_offered():
    assert django_settings.LANGUAGE_CODE == "nl"
    assert [code for code, _name in django_settings.LANGUAGES] == ["nl", "en"]


def test_the_content_security_policy_allows_no_third_party_sources():
    for sources in production.SECURE_CSP.values():
        assert all(not str(source).startswith("http") for source in sources)


def _manage(tmp_path, *args: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with a production-like environment (nothing inherited from ours)."""
    root = Path(__file__).resolve().parents[1]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TM_", "DATABASE_URL"))}
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "tweedemening.example.nl",
        "TM_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=root,
        env={**base, **production, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr
    assert "ERROR" not in result.stderr
    assert (
        "tm.E001" not in result.stderr
    )  # the key from the environment is the key (hygiene/test_secret_key.py)


def test_production_defaults_are_strict_and_development_stays_plain_http(tmp_path):
    probe = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SECURE_HSTS_PRELOAD, s.TM_REQUIRE_SECOND_FACTOR, bool(s.TM_DEMO_TOTP_SEED))"
    )

    production = _manage(tmp_path, "shell", "--no-imports", "-c", probe)
    development = _manage(tmp_path, "shell", "--no-imports", "-c", probe, DJANGO_DEBUG="true")

    assert production.stdout.split() == ["True"] * 7 + ["False"], production.stderr
    assert development.stdout.split() == ["False"] * 6 + ["True", "True"], development.stderr
