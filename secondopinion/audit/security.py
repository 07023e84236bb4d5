"""The security log: refused attempts on patient data, apart from the access log (NEN 7513).

The access log (audit.services.access_record) records every access that happened, in the same
transaction. This log records what was refused — not found, not permitted, throttled, a patient who
could not be identified — with who (user, or anonymous), what (method, path, the kind and id of the
object when known, and the organisation handling the case it belongs to), when (UTC) and from where
(client address, user agent, web or API). It never holds a BSN or other patient data: a refused
identification keeps only a keyed hash of what was tried, so that repeated probes of the same number
can be seen without the number itself.

What is recorded (the choice, kept simple):
- the API: every NotFound / NotPermitted (a DomainError with status 404 or 403), Http404 and missing
  scope, when the request carried a bearer token or a logged-in user, or asked for patient data
  (a path under /api/v1/cases, /patients, /representatives, /documents or /data-requests, whoever
  asked). An anonymous 404 elsewhere (a mistyped URL, a crawler) is noise and is not recorded;
- the FHIR endpoint (fhir/views.py): a 404 / 403 answered to a bearer token, with the resource
  tried as target; like the API, face "api";
- the web (web/errors.py): NotFound / NotPermitted raised by any view, and Http404 /
  PermissionDenied raised by a view for a logged-in user;
- a refused identification of a patient at case submission (cases.services, `security_note`), on
  both faces, and its throttling (429);
- each reading of this log (`security_read`): the log is not patient data, so reading it is no
  access event; it is recorded here, with the filters used.

Writing never raises into the request, and never happens inside the transaction of the service
that refused: `SecurityLogMiddleware` (web/errors.py, for every request, web and API) collects the
events of a request and writes them after its response is made, when every atomic block of the
request has ended — so a refusal whose transaction is rolled back is still recorded. Outside a
request (a management command, a test calling a service) an event is written at once.

Burst alerting: when one user (or one address, for anonymous attempts) has more than
TM_SECURITY_BURST (20) refused attempts within TM_SECURITY_BURST_WINDOW_SECONDS (300), the
"secondopinion.security" logger writes an ERROR and the site admins get an e-mail (no patient data:
who, how many, which kinds) — once per window per user or address.
"""

import datetime as dt
import hashlib
import hmac
import logging
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.mail import mail_admins
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from secondopinion.audit.models import SecurityEvent
from secondopinion.core.errors import DomainError
from secondopinion.core.text import Text

if TYPE_CHECKING:
    from secondopinion.accounts.models import User

logger = logging.getLogger("secondopinion.security")
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")

Kind = SecurityEvent.Kind
# What counts towards a burst: refusals, not the reading of this log.
REFUSALS = (Kind.NOT_FOUND, Kind.NOT_PERMITTED, Kind.THROTTLED, Kind.IDENTIFICATION_FAILED)
# API paths whose 404s are recorded even for an anonymous caller: patient data lives there.
PATIENT_DATA_PATHS = (
    "/api/v1/cases",
    "/api/v1/patients",
    "/api/v1/representatives",
    "/api/v1/documents",
    "/api/v1/data-requests",
)
# Paths of the API face: the REST API and the FHIR endpoint.
API_PATHS = ("/api/", "/fhir/R4")
# URL parameters that name the object tried. The case comes first: a URL that carries it
# (/cases/<case_id>/consents/<consent_id>/revoke/) is about that case, whose organisation must see
# the attempt; the other ids stay in the recorded path. Then the other objects, most specific first.
TARGET_PARAMETERS = (
    ("case_id", "case"),
    ("document_id", "document"),
    ("request_id", "data_request"),
    ("consent_id", "consent"),
    ("complaint_id", "complaint"),
    ("letter_id", "letter"),
    ("appointment_id", "appointment"),
    ("slot_id", "slot"),
    ("sending_id", "sending"),
    ("alert_id", "alert"),
    ("representative_id", "representative"),
    ("patient_id", "patient"),
)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


@dataclass
class _Note:
    kind: str
    target_kind: str
    target_id: int | None
    detail: str
    retry_after: int | None = None


_PENDING: ContextVar[list[_Note] | None] = ContextVar("tm_security_pending", default=None)


# --- recording -----------------------------------------------------------------------------------


def security_record(
    request: HttpRequest, kind: str, target_kind: str = "", target_id: int | None = None, detail: str = ""
) -> None:
    """Record a refused attempt of this request. Never raises; written once the request's
    transactions have ended (or at once outside a request collected by the middleware)."""
    try:
        if not target_kind:
            target_kind, target_id = target_of(request)
        note = _Note(str(kind), target_kind, target_id, detail[:300])
        pending = _PENDING.get()
        if pending is not None:
            pending.append(note)
        else:
            _write(request, [note])
    except Exception:  # the log must never break the answer
        logger.exception("security log: could not record a %s event", kind)


def security_note(
    kind: str,
    *,
    target_kind: str = "",
    target_id: int | None = None,
    detail: str = "",
    retry_after: int | None = None,
) -> None:
    """Record a refusal from code that has no request (a service): kept until the request ends and
    written then, with the request's who and where. Outside a request only Python logging sees it."""
    pending = _PENDING.get()
    if pending is None:
        logger.info("security: %s (%s %s) outside a request", kind, target_kind, target_id or "")
        return
    pending.append(_Note(str(kind), target_kind, target_id, detail[:300], retry_after))


@contextmanager
def collecting() -> Iterator[list[_Note]]:
    """Collect the events of one request (the middleware's part); the caller writes them with
    `flush` after the response."""
    notes: list[_Note] = []
    token = _PENDING.set(notes)
    try:
        yield notes
    finally:
        _PENDING.reset(token)


def flush(request: HttpRequest, notes: list[_Note], response: HttpResponse | None = None) -> None:
    """Write what a request collected; a throttled answer gets its Retry-After. Never raises."""
    if not notes:
        return
    try:
        if response is not None and response.status_code == 429 and not response.has_header("Retry-After"):
            wait = next((n.retry_after for n in notes if n.retry_after), None)
            if wait:
                response["Retry-After"] = str(wait)
        _write(request, notes)
    except Exception:
        logger.exception("security log: could not write %d event(s)", len(notes))


def target_of(request: HttpRequest) -> tuple[str, int | None]:
    """The kind and id of the object a request named in its URL, when it named one."""
    match = getattr(request, "resolver_match", None)
    kwargs = getattr(match, "kwargs", None) or {}
    for parameter, kind in TARGET_PARAMETERS:
        value = kwargs.get(parameter)
        if value is not None:
            try:
                return kind, int(value)
            except (TypeError, ValueError):
                return kind, None
    return "", None


# Per target kind, where its organisation is found, by app label (the audit package imports no app
# above it): the model, the lookup that names the target's id, and the organisation's column. Each
# object that belongs to a case answers that case's organisation, except a complaint: the organisation
# whose scheme it went to (R28), which need not be the handling one. A patient (and a representative, through
# the patient represented) has no organisation of their own and may have cases at several: the event
# gets the organisation of the patient's newest case, the one most likely to be the attempt's aim
# (one column, one organisation; the path keeps the id for a wider search).
TARGET_MODELS = {
    "case": ("cases", "SecondOpinionCase", "pk", "organisation_id"),
    "document": ("documents", "Document", "pk", "case__organisation_id"),
    "data_request": ("records", "DataRequest", "pk", "case__organisation_id"),
    "consent": ("consent", "Consent", "pk", "case__organisation_id"),
    "complaint": ("aftercare", "Complaint", "pk", "organisation_id"),
    "letter": ("letters", "PatientLetter", "pk", "case__organisation_id"),
    "appointment": ("appointments", "Appointment", "pk", "case__organisation_id"),
    "slot": ("appointments", "Slot", "pk", "case__organisation_id"),
    "sending": ("distribution", "Sending", "pk", "case__organisation_id"),
    "alert": ("notifications", "Alert", "pk", "case__organisation_id"),
    "patient": ("cases", "SecondOpinionCase", "patient_id", "organisation_id"),
    "representative": ("cases", "SecondOpinionCase", "patient__representatives", "organisation_id"),
}


def _target_organisation(target_kind: str, target_id: int | None) -> int | None:
    """The organisation handling the case the target belongs to, when there is one; None for an id
    that names nothing (newest row first: only a patient's cases can be more than one)."""
    if target_id is None or target_kind not in TARGET_MODELS:
        return None
    app_label, model_name, lookup, column = TARGET_MODELS[target_kind]
    model = apps.get_model(app_label, model_name)
    rows = model._default_manager.filter(**{lookup: target_id}).order_by("-pk")
    organisation = rows.values_list(column, flat=True).first()
    return int(organisation) if organisation is not None else None


def _client_ip(request: HttpRequest) -> str | None:
    address = request.META.get("REMOTE_ADDR") or None
    return address if address and len(address) <= 45 else None


def _actor(request: HttpRequest) -> "User | None":
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _write(request: HttpRequest, notes: list[_Note]) -> None:
    actor = _actor(request)
    # The REST API and the FHIR endpoint are both the API face (a bearer token's calls).
    face = SecurityEvent.Face.API if request.path.startswith(API_PATHS) else SecurityEvent.Face.WEB
    events = [
        SecurityEvent(
            actor=actor,
            actor_name=actor.get_username() if actor is not None else "",
            kind=note.kind,
            method=(request.method or "")[:10],
            path=request.path[:300],
            target_kind=note.target_kind[:30],
            target_id=note.target_id,
            target_organisation_id=_target_organisation(note.target_kind, note.target_id),
            detail=note.detail,
            ip=_client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
            face=face,
        )
        for note in notes
    ]
    SecurityEvent.objects.bulk_create(events)
    for event in events:
        logger.info("refused: %s", event)
    if any(event.kind in REFUSALS for event in events):
        _burst_check(events[0])


# --- burst alerting ------------------------------------------------------------------------------


def _burst_check(event: SecurityEvent) -> None:
    limit = _setting("TM_SECURITY_BURST", 20)
    window = _setting("TM_SECURITY_BURST_WINDOW_SECONDS", 300)
    if event.actor_id is not None:
        who = Q(actor_id=event.actor_id)
        key, label = f"user:{event.actor_id}", f"user {event.actor_id} ({event.actor_name})"
    elif event.ip:
        who = Q(actor__isnull=True, ip=event.ip)
        key, label = f"ip:{event.ip}", f"anonymous from {event.ip}"
    else:
        return
    since = event.at - dt.timedelta(seconds=window)
    recent = SecurityEvent.objects.filter(who, at__gte=since, kind__in=REFUSALS)
    count = recent.count()
    if count <= limit:
        return
    # cache.add sets only when absent: one alert per window per user or address.
    if not cache.add(f"tm:security-burst:{key}", 1, timeout=window):
        return
    kinds = Counter(recent.values_list("kind", flat=True))
    summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(kinds.items()))
    message = (
        f"{count} refused attempts on patient data by {label} within {window} seconds "
        f"(more than {limit}). By kind: {summary}. Review them in the security log (/beveiligingslog/)."
    )
    logger.error("security burst: %s", message)
    try:
        mail_admins("Burst of refused attempts", message)
    except Exception:
        logger.exception("security burst: could not mail the admins")


# --- identifying a patient: one answer, throttled -------------------------------------------------


class TooManyAttempts(DomainError):
    status = 429
    code = "throttled"
    title = Text("Te veel pogingen", "Too many attempts")

    def __init__(self, detail: Text, *, retry_after: int, field: str | None = None) -> None:
        super().__init__(detail, field=field)
        self.retry_after = retry_after


def _identify_key(user: "User") -> str:
    return f"tm:identify-failures:{user.pk}"


def identification_wait(user: "User") -> int | None:
    """Seconds until this user may try to identify a patient again, or None when they may now:
    at most TM_IDENTIFY_RATE (10) failed identifications per TM_IDENTIFY_WINDOW_SECONDS (600)."""
    state = cache.get(_identify_key(user))
    if not state:
        return None
    count, until = state
    now = time.time()
    if until <= now:
        return None
    if count >= _setting("TM_IDENTIFY_RATE", 10):
        return max(1, int(until - now + 0.999))
    return None


def identification_failed(user: "User") -> None:
    """Count one failed identification towards the user's window (a fixed window from the first)."""
    key, now = _identify_key(user), time.time()
    state = cache.get(key)
    if not state or state[1] <= now:
        window = _setting("TM_IDENTIFY_WINDOW_SECONDS", 600)
        state = (0, now + window)
    count, until = state
    cache.set(key, (count + 1, until), timeout=max(1, int(until - now + 1)))


def keyed_hash(value: str) -> str:
    """A keyed hash (HMAC-SHA256 with the secret key), so a probed number is never stored itself."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return digest[:24]
