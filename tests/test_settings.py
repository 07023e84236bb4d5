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


DEMO_PROBE = (
    "from django.conf import settings as s; import json; print(json.dumps({"
    "'debug': s.DEBUG, 'redirect': s.SECURE_SSL_REDIRECT, 'cookies': s.SESSION_COOKIE_SECURE, "
    "'csrf': s.CSRF_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS, 'seed': s.TM_DEMO_TOTP_SEED, "
    "'generated_key': s.TM_SECRET_KEY_GENERATED, 'mail': s.MAILERS['default']['BACKEND'], "
    "'protocol': s.ACCOUNT_DEFAULT_HTTP_PROTOCOL, 'age': s.DATABASES['default']['CONN_MAX_AGE'], "
    "'log': s.LOGGING['handlers']['console']['formatter'], 'static': s.STORAGES['staticfiles']['BACKEND'], "
    "'finders': s.WHITENOISE_USE_FINDERS, 'autorefresh': s.WHITENOISE_AUTOREFRESH, "
    "'second_factor': s.TM_REQUIRE_SECOND_FACTOR, 'hosts': s.ALLOWED_HOSTS}))"
)


def test_the_demo_has_developments_conveniences_with_debug_off(tmp_path):
    """`make run` (TM_DEMO=true): what DJANGO_DEBUG=true gave it, without Django's debug pages."""
    import json

    local = {"DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": ""}
    demo = _manage(tmp_path, "shell", "--no-imports", "-c", DEMO_PROBE, TM_DEMO="true", **local)
    development = _manage(tmp_path, "shell", "--no-imports", "-c", DEMO_PROBE, DJANGO_DEBUG="true", **local)
    production = _manage(tmp_path, "shell", "--no-imports", "-c", DEMO_PROBE)

    demo_settings = json.loads(demo.stdout)
    assert demo_settings.pop("debug") is False
    development_settings = json.loads(development.stdout)
    assert development_settings.pop("debug") is True
    assert demo_settings == development_settings
    assert demo_settings == {
        "redirect": False,
        "cookies": False,
        "csrf": False,
        "hsts": 0,
        "seed": "tweede-mening-demo-totp",  # the documented seed: the same demo codes as before
        "generated_key": True,
        "mail": "django.core.mail.backends.console.EmailBackend",
        "protocol": "http",
        "age": 0,
        "log": "text",
        "static": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "finders": True,
        "autorefresh": True,
        "second_factor": True,
        "hosts": ["127.0.0.1", "localhost", "testserver"],
    }
    production_settings = json.loads(production.stdout)
    assert production_settings["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert (production_settings["finders"], production_settings["autorefresh"]) == (False, False)
    assert (production_settings["seed"], production_settings["generated_key"]) == ("", False)
    assert (production_settings["mail"], production_settings["protocol"], production_settings["log"]) == (
        "django.core.mail.backends.smtp.EmailBackend",
        "https",
        "json",
    )


def test_the_demo_serves_the_host_names_it_is_given(tmp_path):
    """A demo shown on another machine of one's network (DJANGO_ALLOWED_HOSTS) starts as it did with
    DJANGO_DEBUG=true; what keeps it out of a deployment is `check --deploy` (below), the log and
    `make serve`, which turns it off."""
    probe = "from django.conf import settings; print('started', settings.DEBUG, *settings.ALLOWED_HOSTS)"
    started = _manage(
        tmp_path,
        "shell",
        "--no-imports",
        "-c",
        probe,
        TM_DEMO="true",
        DJANGO_ALLOWED_HOSTS="10.0.0.5,demo.lan",
    )
    assert started.stdout.split() == ["started", "False", "10.0.0.5", "demo.lan"], started.stderr


def test_check_deploy_names_the_demo(tmp_path):
    result = _manage(
        tmp_path, "check", "--deploy", TM_DEMO="true", DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1"
    )

    assert result.returncode != 0
    assert "tm.E002" in result.stderr
    assert "TM_DEMO is on" in result.stderr
