"""The security log (/beveiligingslog/): refused attempts on patient data, for the complaints officer
and superusers, after the second factor — the same look, filters and door as the access-log review
(audit_views.py). Its words are bilingual Text, shown in the language of the site's switch."""

import contextlib
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache

from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security_review import KIND_LABELS, security_events_for_review
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.core.text import Text
from secondopinion.web.audit_forms import AccessLogFilterForm
from secondopinion.web.views import AuthenticatedRequest

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LABELS = {
    "title": Text("Beveiligingslog", "Security log"),
    "lead": Text(
        "Geweigerde pogingen om patiëntgegevens te bereiken: niet gevonden, niet toegestaan, afgeremd of "
        "een patiënt die niet kon worden geïdentificeerd. Ook het inzien van dit log wordt vastgelegd. "
        "Tijden zijn Nederlandse tijd.",
        "Refused attempts to reach patient data: not found, not permitted, throttled, or a patient who "
        "could not be identified. Reading this log is recorded too. Times are Dutch time.",
    ),
    "search": Text("Zoeken", "Search"),
    "empty": Text("Voor deze zoekopdracht is niets vastgelegd.", "Nothing was recorded for this search."),
    "at": Text("Datum en tijd", "Date and time"),
    "kind": Text("Soort", "Kind"),
    "user": Text("Gebruiker", "User"),
    # Who made the attempt: no user (not logged in, no token), or an account deleted since.
    "unknown": Text("onbekend", "unknown"),
    "deleted": Text("verwijderd account", "deleted account"),
    "username": Text("gebruikersnaam", "username"),
    "request": Text("Verzoek", "Request"),
    "target": Text("Doel", "Target"),
    "detail": Text("Toelichting", "Detail"),
    "origin": Text("Herkomst", "Origin"),
    "user_help": Text("Gebruikersnaam, bijvoorbeeld dr.bakker.", "Username, for example dr.bakker."),
    "every_kind": Text("alle soorten", "every kind"),
}


def _lazy(text: Text) -> Any:
    """A form label in the language of the request it is shown in."""
    return lazy(text.__str__, str)()


class SecurityLogFilterForm(AccessLogFilterForm):
    """Period (from, until), user and kind."""

    id_prefix = "security"
    user = forms.CharField(
        label=_lazy(LABELS["user"]), required=False, max_length=150, help_text=_lazy(LABELS["user_help"])
    )
    kind = forms.ChoiceField(
        label=_lazy(LABELS["kind"]),
        required=False,
        choices=[
            ("", _lazy(LABELS["every_kind"])),
            *((k.value, _lazy(KIND_LABELS[k.value])) for k in SecurityEvent.Kind),
        ],
    )
    field_order = ["start", "end", "user", "kind"]


# The kinds of object an attempt named (audit/security.py: TARGET_PARAMETERS, and this log itself), in
# words; a kind not listed (a FHIR resource's name) is shown as it is.
TARGET_WORDS: dict[str, Text] = {
    "case": Text("casus", "case"),
    "document": Text("document", "document"),
    "data_request": Text("gegevensverzoek", "data request"),
    "consent": Text("toestemming", "consent"),
    "complaint": Text("klacht", "complaint"),
    "letter": Text("brief", "letter"),
    "appointment": Text("afspraak", "appointment"),
    "slot": Text("aangeboden tijd", "offered time"),
    "sending": Text("verzending van het rapport", "sending of the report"),
    "alert": Text("melding", "notification"),
    "representative": Text("vertegenwoordiger", "representative"),
    "patient": Text("patiënt", "patient"),
    "security_log": Text("dit beveiligingslog", "this security log"),
}
# A reading of this log keeps its filters as `from=YYYY-MM-DD, to=…, user=…, kind=…`, or `all`.
READ_WORDS: dict[str, Text] = {
    "all": Text("zonder filter: alles", "no filter: everything"),
    "from": Text("vanaf", "from"),
    "to": Text("tot en met", "until"),
    "user": Text("gebruiker", "user"),
    "kind": Text("soort", "kind"),
}


def _target(event: SecurityEvent) -> str:
    words = TARGET_WORDS.get(event.target_kind)
    name = str(words) if words is not None else event.target_kind
    return f"{name} {event.target_id or ''}".strip()


def _read_filter(name: str, value: str) -> str:
    if name in ("from", "to"):
        with contextlib.suppress(ValueError):
            value = date_format(dt.date.fromisoformat(value), "j F Y")
    elif name == "kind" and value in KIND_LABELS:
        value = str(KIND_LABELS[value])
    return f"{READ_WORDS[name]} {value}"


def _detail(event: SecurityEvent) -> str:
    """The event's detail; for a reading of this log, its filters in words."""
    if event.kind != SecurityEvent.Kind.SECURITY_READ or not event.detail:
        return event.detail
    if event.detail == "all":
        return str(READ_WORDS["all"])
    parts = [part.partition("=") for part in event.detail.split(", ")]
    if any(name not in READ_WORDS or not sep for name, sep, _value in parts):
        return event.detail
    return ", ".join(_read_filter(name, value) for name, _sep, value in parts)


def _who(event: SecurityEvent) -> tuple[str, str]:
    """Who made the attempt, in words, and the username it was recorded with when that says more (the
    user filter searches it); never the account's internal id. The account read with the event
    (security_events_for_review selects it); an event whose account was deleted since keeps only the
    username (SET_NULL), an attempt without a user has neither."""
    if event.actor is not None:
        name = str(event.actor)  # the display name: the full name, else the username
        username = event.actor_name or event.actor.get_username()
        return name, "" if username == name else username
    if event.actor_name:
        return str(LABELS["deleted"]), event.actor_name
    return str(LABELS["unknown"]), ""


def _row(event: SecurityEvent) -> dict[str, Any]:
    who, username = _who(event)
    return {
        "event": event,
        "at": event.at.astimezone(AMSTERDAM),
        "kind": KIND_LABELS.get(event.kind, Text(event.kind, event.kind)),
        "who": who,
        "username": username,
        "target": _target(event),
        "detail": _detail(event),
        # A refusal's detail is recorded in English (web/errors.py, the API): marked as such on a Dutch
        # page; the reading of this log is told in the reader's words.
        "detail_lang": "" if event.kind == SecurityEvent.Kind.SECURITY_READ else "en",
    }


@never_cache
@login_required
def security_log(request: AuthenticatedRequest) -> HttpResponse:
    """The complaints officer or a superuser reviews refused attempts (NotFound for anyone else)."""
    form = SecurityLogFilterForm(request.GET or None)
    criteria = form.cleaned_data if form.is_bound and form.is_valid() else {}
    context: dict[str, Any] = {"form": form, "error": None, "page": None, "rows": [], "labels": LABELS}
    try:
        events = security_events_for_review(
            request=request,
            user=request.user,
            # django-otp's middleware gives every request's user is_verified(): a code given this session.
            verified=bool(getattr(request.user, "is_verified", lambda: False)()),
            start=criteria.get("start"),
            end=criteria.get("end"),
            username=criteria.get("user") or "",
            kind=criteria.get("kind") or "",
        )
    except NotFound:
        raise  # the 404 page (web/errors.py)
    except NotPermitted as exc:
        return render(request, "web/second_factor_needed.html", {"error": exc}, status=403)
    except DomainError as exc:
        context["error"] = exc
        return render(request, "web/security_log.html", context, status=422)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context.update(
        page=page,
        rows=[_row(event) for event in page.object_list],
        caption=ngettext(
            "%(count)s event, newest first", "%(count)s events, newest first", page.paginator.count
        )
        % {"count": page.paginator.count},
    )
    return render(request, "web/security_log.html", context, status=422 if form.errors else 200)
