"""Settings for Tweede Mening. Everything that differs per deployment comes from the environment."""

import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.database import database
from config.env import env_bool, env_int, env_list, env_str
from config.logs import logging_config
from config.secrets import secret_key
from secondopinion.documents.storage import documents_storage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TM_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", default=False)
# The local demo (`make run`, `make demo`): what development has (plain http on this machine, a key
# generated under var/, the documented demo authenticator seed, e-mail printed, static files from the
# apps' folders) with DEBUG off, so a missing page, a refusal or a crash shows the product's own page and
# never Django's technical one. `check --deploy` refuses it and the serving processes' log name it
# (secondopinion/demo/apps.py); `make serve` turns it off.
TM_DEMO = env_bool("TM_DEMO", default=False)
# Development (DJANGO_DEBUG=true) or the demo: the defaults of one's own machine; else production's.
_LOCAL = DEBUG or TM_DEMO
# The test run: static files without collectstatic, no persistent database connections.
_TESTING = "pytest" in sys.modules


SECRET_KEY, TM_SECRET_KEY_GENERATED = secret_key(local=_LOCAL, base_dir=BASE_DIR, var_dir=VAR_DIR)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp_webauthn",
    "axes",
    "django_tasks_db",
    "secondopinion.accounts",
    "secondopinion.directory",
    "secondopinion.cases",
    "secondopinion.consent",
    "secondopinion.records",
    "secondopinion.reports",
    "secondopinion.billing",
    "secondopinion.planning",
    "secondopinion.documents",
    "secondopinion.audit",
    "secondopinion.notifications",
    "secondopinion.distribution",
    "secondopinion.aftercare",
    "secondopinion.appointments",
    "secondopinion.letters",
    "secondopinion.fhir",
    "secondopinion.api",
    "secondopinion.web",
    "secondopinion.journey",
    "secondopinion.invitations",
    "secondopinion.demo",
    "secondopinion.ops",
]

MIDDLEWARE = [
    # Every answer carries X-Request-ID, and every log line of the request its id (core/logs.py).
    "secondopinion.core.logs.RequestIdMiddleware",
    # /health/live and /health/ready answer here, before the https redirect and the Host check.
    "secondopinion.web.health.HealthCheckMiddleware",
    # The API and FHIR go on through SYSTEM_MIDDLEWARE below, the website through the rest of this list.
    "secondopinion.core.doors.SystemDoorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from STATIC_ROOT, compressed and with far-future caching for hashed names.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "secondopinion.api.problems.ProblemJsonMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Answers to a logged-in user carry Cache-Control: no-store, private (the API's: ProblemJsonMiddleware).
    "secondopinion.web.middleware.PrivatePagesMiddleware",
    # GET, HEAD and POST reach the website's views; any other method is answered 405 here.
    "secondopinion.web.middleware.BrowserMethodsMiddleware",
    # An id in a page's address beyond any database row (/cases/9223372036854775808/) is a 404 here.
    "secondopinion.web.middleware.IdsInRangeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "secondopinion.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "secondopinion.web.errors.SecurityLogMiddleware",  # DomainError → page; refusals → security log
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during the request into the lockout answer.
    "axes.middleware.AxesMiddleware",
]
# Systems call the API and FHIR with a bearer token, never with a session, a form or a browser: their
# requests pass this shorter chain (core/doors.py). It keeps the security headers, problem+json, the
# language of the answer, the security log and the lockout of the token login. problem+json sits inside
# every middleware that sets a header, so the problem it makes of an answer Django made itself (an
# unknown path, a wrong method, a crash, a body too large) passes them all on its way out and carries
# the same security headers (X-Frame-Options, Content-Security-Policy, …) and language as the API's own.
SYSTEM_DOOR_PREFIXES = ["/api/", "/fhir/"]
SYSTEM_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "secondopinion.web.errors.SecurityLogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "secondopinion.api.problems.ProblemJsonMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": database(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tweedemening.sqlite3'}"),
        # Persistent connections (checked before reuse) outside development and the demo (runserver's
        # thread per request would only leave them behind); none in the test run.
        conn_max_age=0
        if _TESTING
        else env_int("DJANGO_CONN_MAX_AGE", env_int("DB_CONN_MAX_AGE", 0 if _LOCAL else 60)),
        collapse_limit=env_int("TM_PG_COLLAPSE_LIMIT", 4),
        prepare_threshold=env_int("TM_PG_PREPARE_THRESHOLD", 2),
        # In the test run a lock held by a forgotten connection fails the waiting test within a minute.
        lock_timeout_s=60 if _TESTING else 0,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# AxesStandaloneBackend only refuses a locked-out username and IP address; IdentityBackend (Django's ModelBackend) checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "secondopinion.access.backends.IdentityBackend",
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "secondopinion" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# Background work (Django's Tasks framework): the database backend by default, so no broker is needed;
# `manage.py db_worker` runs the tasks (`make run` starts one). TM_TASK_BACKEND=immediate runs them inline.
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
_task_backend = env_str("TM_TASK_BACKEND", "database")
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TM_TASK_BACKEND must be one of {sorted(_TASK_BACKENDS)}, not {_task_backend!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

# E-mail carries notifications only (never medical content). In development and the demo it is printed.
_mail_backend = env_str(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if _LOCAL
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mail_options: dict[str, object] = {}
if _mail_backend.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 25),
        "username": env_str("DJANGO_EMAIL_HOST_USER", ""),
        "password": env_str("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", default=False),
        "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 20),
    }
MAILERS = {"default": {"BACKEND": _mail_backend, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Tweede Mening <noreply@localhost>")
# The public address links in e-mails point to.
TM_SITE_URL = env_str("TM_SITE_URL", "http://127.0.0.1:" + env_str("PORT", "8000"))
# R16: how long the treating practitioner's upload link for a data request stays valid.
TM_UPLOAD_LINK_DAYS = env_int("TM_UPLOAD_LINK_DAYS", 14)
TM_INVITATION_DAYS = env_int("TM_INVITATION_DAYS", 7)  # invitation links (staff, representatives)
TM_AUDIT_CHAINS = env_int("TM_AUDIT_CHAINS", 16)  # hash chains the access log is written in
TM_AUDIT_SEQUENCE_SECONDS = env_int("TM_AUDIT_SEQUENCE_SECONDS", 1)  # the sequencer chains pending events
TM_AUDIT_SEAL_SECONDS = env_int("TM_AUDIT_SEAL_SECONDS", 300)  # and writes a checkpoint this often
# Tariffs and planned days kept in each process this long (core/refcache.py); 0: always read.
TM_REFERENCE_CACHE_SECONDS = env_int("TM_REFERENCE_CACHE_SECONDS", 60)

STATIC_URL = "static/"
# `collectstatic` gathers the static files here (`make serve` runs it); WhiteNoise serves them.
STATIC_ROOT = VAR_DIR / "static"
# Production: hashed names (cache-busting, served with far-future cache headers) and gzip copies
# (brotli too if the `brotli` package is installed). Development, the demo and tests: the plain storage,
# without collectstatic; runserver (DEBUG) and the live test server serve the apps' static folders
# themselves, and in the demo (DEBUG off, so runserver serves none) WhiteNoise serves them from there,
# looking each file up when asked.
_STATIC_STORAGE = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if _LOCAL or _TESTING
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = _LOCAL
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every start if it is missing
MEDIA_ROOT = Path(env_str("TM_MEDIA_ROOT", str(VAR_DIR / "media")))

# Uploaded documents (secondopinion/documents/storage.py): the filesystem under MEDIA_ROOT, or an
# S3-compatible bucket with TM_DOCUMENT_STORAGE=s3. Size limits per file: TM_MAX_UPLOAD_BYTES for
# photos, PDF and DOCX; TM_MAX_SCAN_UPLOAD_BYTES for DICOM X-rays and STL/PLY scans, large by nature.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _STATIC_STORAGE},
    "documents": documents_storage(MEDIA_ROOT),
}
TM_MAX_UPLOAD_BYTES = env_int("TM_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
TM_MAX_SCAN_UPLOAD_BYTES = env_int("TM_MAX_SCAN_UPLOAD_BYTES", 100 * 1024 * 1024)

# Bodies above this are refused before a view sees them (the API answers 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("TM_MAX_BODY_BYTES", 256 * 1024)
API_MAX_BODY_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
# A document upload to the API (multipart) may carry the largest file plus its form fields.
API_MAX_UPLOAD_BODY_BYTES = max(TM_MAX_UPLOAD_BYTES, TM_MAX_SCAN_UPLOAD_BYTES) + 1024 * 1024
API_TOKEN_TTL_HOURS = env_int("TM_API_TOKEN_TTL_HOURS", 8)

# Practitioners and staff need a TOTP code after their password (django-otp); patients and
# representatives do not. Only a test or a throwaway local set-up turns it off.
TM_REQUIRE_SECOND_FACTOR = env_bool("TM_REQUIRE_SECOND_FACTOR", default=True)
OTP_TOTP_ISSUER = env_str("TM_OTP_ISSUER", "Tweede Mening")
# The demo accounts' authenticator secrets derive from this seed. In development and the demo a
# documented default applies, so `manage.py demo_code <username>` works out of the box; elsewhere it
# must be set.
TM_DEMO_TOTP_SEED = env_str("TM_DEMO_TOTP_SEED", "tweede-mening-demo-totp" if _LOCAL else "")

# A passkey (WebAuthn, django-otp-webauthn) is the other second factor a practitioner or staff member
# may add once their authenticator app is set up; it is never a login without the password. The
# relying party id is the domain passkeys are bound to (changing it orphans every passkey); browsers
# refuse an IP address, so for `make run` it is `localhost` (open http://localhost:8000). Origins are
# the exact scheme://host:port the pages are served from; https, or http://localhost in development.
_site = urlsplit(TM_SITE_URL)
_site_host = _site.hostname or "localhost"
_site_is_address = _site_host.replace(".", "").isdigit() or ":" in _site_host
OTP_WEBAUTHN_RP_ID = env_str("TM_WEBAUTHN_RP_ID", "localhost" if _site_is_address else _site_host)
OTP_WEBAUTHN_RP_NAME = env_str("TM_WEBAUTHN_RP_NAME", "Tweede Mening")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(
    "TM_WEBAUTHN_ORIGINS",
    [f"http://localhost:{_site.port or env_str('PORT', '8000')}"]
    if _site_is_address
    else [f"{_site.scheme}://{_site.netloc}"],
)
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_EXCEPTION_LOGGER_NAME = "secondopinion.accounts.passkeys"

# django-axes: after TM_LOGIN_FAILURE_LIMIT failed logins (web and API) within the cool-off window,
# that username from that address is locked out for TM_LOGIN_COOLOFF_MINUTES; a success resets the count.
AXES_ENABLED = env_bool("TM_LOGIN_LOCKOUT", default=True)
AXES_FAILURE_LIMIT = env_int("TM_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TM_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "config.lockout.lockout_username"
AXES_SENSITIVE_PARAMETERS = ["password", "otp", "token"]

# The security log (audit/security.py): more than TM_SECURITY_BURST refused attempts by one user (or
# one address) within TM_SECURITY_BURST_WINDOW_SECONDS alerts the admins, once per window. At case
# submission a user gets at most TM_IDENTIFY_RATE failed patient identifications per
# TM_IDENTIFY_WINDOW_SECONDS, then 429.
TM_SECURITY_BURST = env_int("TM_SECURITY_BURST", 20)
TM_SECURITY_BURST_WINDOW_SECONDS = env_int("TM_SECURITY_BURST_WINDOW_SECONDS", 300)
TM_IDENTIFY_RATE = env_int("TM_IDENTIFY_RATE", 10)
TM_IDENTIFY_WINDOW_SECONDS = env_int("TM_IDENTIFY_WINDOW_SECONDS", 600)
# The complaint scheme (Wkkgz): the term for acknowledging receipt, in working days, and the disputes
# body a complainant who is not satisfied may turn to (aftercare/complaints.py).
TM_COMPLAINT_ACKNOWLEDGE_DAYS = env_int("TM_COMPLAINT_ACKNOWLEDGE_DAYS", 5)
TM_DISPUTES_BODY = env_str("TM_DISPUTES_BODY", "Geschillencommissie Zorg Algemeen")
# Who gets that alert (django.core.mail.mail_admins): comma-separated addresses.
ADMINS = [address.strip() for address in env_str("DJANGO_ADMINS", "").split(",") if address.strip()]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("TM_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "secondopinion.web.errors.csrf_failure"  # the product's 403 page, in the user's language
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Transport security: on unless DJANGO_DEBUG or TM_DEMO is true; each can be set from the environment.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not _LOCAL)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not _LOCAL)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if _LOCAL else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=not _LOCAL)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=not _LOCAL)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if env_bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    # Only behind a proxy that sets this header itself and strips it from what clients send.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health checks answer over plain http (web/health.py answers them before any redirect; this
# keeps it so should they ever be reached through SecurityMiddleware).
SECURE_REDIRECT_EXEMPT = [r"^health/"]
# /health/ready wants a task worker's heartbeat (`manage.py serve_worker`) younger than this.
TM_WORKER_HEARTBEAT_MAX_AGE = env_int("TM_WORKER_HEARTBEAT_MAX_AGE", 60)

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

# Logs go to stderr: one JSON object per line with the request id, or plain text (config/logs.py).
LOGGING = logging_config(
    env_str("TM_LOG_FORMAT", "text" if _LOCAL else "json"), env_str("LOG_LEVEL", "WARNING")
)

# --- Patient accounts: django-allauth ------------------------------------------------------------
# Self-registration with a mandatory verified e-mail address, password reset, e-mail change, and an
# OpenID Connect provider (DigiD through a broker) when configured. /login/ stays the one login page
# for everyone (Django's LoginView, the TOTP step after it for practitioners and staff); it takes a
# username or an e-mail address. allauth's own /account/login/ leads there (secondopinion/accounts/urls.py).
INSTALLED_APPS += [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "allauth.account.middleware.AccountMiddleware",
)
# A self-registered account whose e-mail address is not verified yet is sent to verify it first.
MIDDLEWARE.insert(
    MIDDLEWARE.index("secondopinion.accounts.middleware.SecondFactorMiddleware") + 1,
    "secondopinion.accounts.middleware.VerifiedEmailMiddleware",
)
# As django-axes documents for allauth: axes refuses a locked-out username and address first; the
# model backend checks a username, allauth's an e-mail address. Failures reach axes through Django's
# user_login_failed signal either way.
# Django's and allauth's backends, reading the session's user with its identity in one query.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "secondopinion.access.backends.IdentityBackend",
    "secondopinion.access.backends.IdentityAccountBackend",
]
from config.allauth import *  # noqa: E402, F403  (django-allauth: config/allauth.py)

ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if _LOCAL else "https"
