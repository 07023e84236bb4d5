"""Reading the security log: who may (complaints officers of their organisation, administrators), the events for review with their filters, and each one as the API shows it; every reading is itself recorded."""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from secondopinion.audit.models import SecurityEvent
from secondopinion.core.errors import NotFound, NotPermitted
from secondopinion.core.text import Text

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
from secondopinion.audit.security import _AMSTERDAM, Kind, security_record

# --- reading the log ---------------------------------------------------------------------------

LOG_NOT_FOUND = Text(
    "Dit overzicht bestaat niet of u heeft er geen toegang toe.",
    "This overview does not exist or you have no access to it.",
)
SECOND_FACTOR_NEEDED = Text(
    "Het beveiligingslog inzien kan alleen na bevestiging met uw tweede factor (authenticator-code).",
    "Reading the security log needs your second factor (an authenticator code) first.",
)
KIND_LABELS: dict[str, Text] = {
    Kind.NOT_FOUND: Text("niet gevonden", "not found"),
    Kind.NOT_PERMITTED: Text("niet toegestaan", "not permitted"),
    Kind.THROTTLED: Text("afgeremd (te veel pogingen)", "throttled (too many attempts)"),
    Kind.IDENTIFICATION_FAILED: Text("patiënt niet geïdentificeerd", "patient not identified"),
    Kind.SECURITY_READ: Text("beveiligingslog ingezien", "security log read"),
}


def security_log_readable(user: "User") -> bool:
    """Superusers and complaints officers read the security log."""
    from secondopinion.access.policy import complaints_organisations

    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or complaints_organisations(user))
    )


def security_events_for_review(
    *,
    request: HttpRequest,
    user: "User",
    verified: bool,
    start: dt.date | None = None,
    end: dt.date | None = None,
    username: str = "",
    kind: str = "",
) -> QuerySet[SecurityEvent]:
    """The security log, newest first. A superuser sees every event; a complaints officer sees the
    events whose actor is staff or a practitioner of their organisation(s), or whose target belongs to
    a case of their organisation(s). Anyone else: NotFound. Needs the second factor confirmed; the
    reading is itself recorded (`security_read`)."""
    from secondopinion.access.policy import complaints_organisations

    if not security_log_readable(user):
        raise NotFound(LOG_NOT_FOUND)
    if not verified:
        raise NotPermitted(SECOND_FACTOR_NEEDED)
    events = SecurityEvent.objects.all()
    if not user.is_superuser:
        organisations = complaints_organisations(user)
        events = events.filter(
            Q(actor__staff_roles__organisation_id__in=organisations)
            | Q(actor__practitioner__organisation_id__in=organisations)
            | Q(target_organisation_id__in=organisations)
        ).distinct()
    if start is not None:
        events = events.filter(at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=_AMSTERDAM))
    if end is not None:
        events = events.filter(
            at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=_AMSTERDAM)
        )
    if username:
        events = events.filter(actor_name__iexact=username.strip())
    if kind:
        events = events.filter(kind=kind)
    filters = ", ".join(
        f"{name}={value}"
        for name, value in (("from", start), ("to", end), ("user", username), ("kind", kind))
        if value
    )
    security_record(request, Kind.SECURITY_READ, target_kind="security_log", detail=filters or "all")
    return events.select_related("actor").order_by("-at", "-id")


def event_json(event: SecurityEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "at": event.at,
        "kind": event.kind,
        "kind_label": str(KIND_LABELS.get(event.kind, Text(event.kind, event.kind))),
        "user_id": event.actor_id,
        "username": event.actor_name,
        "method": event.method,
        "path": event.path,
        "target_kind": event.target_kind,
        "target_id": event.target_id,
        "detail": event.detail,
        "ip": event.ip,
        "user_agent": event.user_agent,
        "face": event.face,
    }
