"""Irreversible actions on the case page ask once more before they are taken, and a POST-only address
opened with GET goes back to the case.

A form of an irreversible action (revoking a consent, an addendum, ending a request as not a second
opinion, refusing it, finalising and sending the report, closing) first answers with a confirmation
page that says what will happen and posts the same values again with `confirmed=yes`. Only that second
POST takes the action. The page works without JavaScript. It is shown only when the service would
accept the action now (tried and rolled back): a refusal is said at once, as before.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secondopinion.accounts.models import User
from secondopinion.cases import selectors
from secondopinion.cases.earlier import earlier_requests, named_earlier
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import DomainError, InvalidInput, NotFound
from secondopinion.web.forms_steps import RefuseForm
from secondopinion.web.presenters import is_patient_view

CONFIRMED = "confirmed"
FAILED_POST = "tm_failed_post"


@dataclass(frozen=True)
class Confirm:
    """What the confirmation page says; a patient reads `plain_consequence` where there is one."""

    title: Any
    consequence: Any
    button: Any
    plain_consequence: Any = None


class _DryRun(Exception):
    """Raised to roll back an action taken only to learn whether the service would accept it."""


def would_succeed(action: Callable[[], object]) -> bool:
    """Whether the service accepts the action now: taken in a transaction that is always rolled back
    (its rows, access events and after-commit work with it), so its own checks (the permissions
    table, the rules, the input) decide, and nothing changes."""
    try:
        with transaction.atomic():
            action()
            raise _DryRun
    except _DryRun:
        return True
    except DomainError:
        return False


CONFIRMATIONS: dict[str, Confirm] = {
    "consent-revoke": Confirm(
        gettext_lazy("Revoke this consent?"),
        gettext_lazy(
            "From now on, what this consent allowed stops: a report sent on it is withdrawn from its "
            "recipient (R18). The revocation cannot be undone; a new consent can be recorded."
        ),
        gettext_lazy("Yes, revoke the consent"),
        plain_consequence=gettext_lazy(
            "From now on, what this consent allowed stops. If the report was sent because of it, the "
            "receiver can no longer open it. You cannot undo this, but you can give a new consent."
        ),
    ),
    "addendum": Confirm(
        gettext_lazy("Add this addendum to the final report?"),
        gettext_lazy(
            "The addendum is sealed with the report and sent to everyone who receives the report now "
            "(R23, R24). It cannot be changed or removed afterwards."
        ),
        gettext_lazy("Yes, add and send the addendum"),
    ),
    "redirect": Confirm(
        gettext_lazy("End this request as not a second opinion?"),
        gettext_lazy(
            "The request ends with the guidance for the chosen classification (R5); the patient is told. "
            "The case cannot be reopened; the patient can submit a new request."
        ),
        gettext_lazy("Yes, end the request"),
    ),
    "refuse": Confirm(
        gettext_lazy("Refuse this request?"),
        gettext_lazy(
            "The request is refused for the weighty reason you recorded (R9); the patient is told. "
            "The refusal cannot be undone."
        ),
        gettext_lazy("Yes, refuse the request"),
    ),
    "finalise": Confirm(
        gettext_lazy("Make the report final and send it?"),
        gettext_lazy(
            "The report is sealed and can no longer be changed; a correction is an addendum (R24). It is "
            "sent at once to the requester and to everyone the rules and the patient's consents entitle "
            "(R23); not to the patient's side where it was agreed that the opinion is not put in writing "
            "(R14), until she asks for it in writing."
        ),
        gettext_lazy("Yes, make final and send"),
    ),
    # R14: agreed not in writing, the patient's side asks for the report after all (a patient's page only).
    "report-in-writing": Confirm(
        gettext_lazy("Receive the advice in writing after all?"),
        gettext_lazy(
            "The written report is sent to the patient's side in the portal (R14, R23): at once if it is "
            "final, else when it becomes final. This cannot be undone."
        ),
        gettext_lazy("Yes, send me the report"),
        plain_consequence=gettext_lazy(
            "You receive the written report here in the portal: at once if it is ready, otherwise as soon as "
            "it is ready. You get an e-mail about it, and you can download the report on this page. You "
            "cannot undo this."
        ),
    ),
    "close": Confirm(
        gettext_lazy("Close this case?"),
        gettext_lazy(
            "The patient's decision is recorded (R27) and the case is closed. A closed case cannot be "
            "reopened; the report stays available."
        ),
        gettext_lazy("Yes, close the case"),
    ),
}


def confirmation_page(
    request: HttpRequest, case_id: int, key: str, form: forms.Form, action: Callable[[], object]
) -> HttpResponse | None:
    """The confirmation page for `key`'s valid form, or None when it is confirmed, needs none, or
    would be refused anyway (the action then runs, is refused, says why, and changes nothing)."""
    confirm = CONFIRMATIONS.get(key)
    if confirm is None or request.POST.get(CONFIRMED) == "yes" or not would_succeed(action):
        return None
    try:
        case, roles = selectors.case_get(user=request.user, case_id=case_id, source="web")  # type: ignore[arg-type]
    except NotFound as exc:
        raise Http404 from exc
    plain = is_patient_view(roles)
    if isinstance(form, RefuseForm):  # R9: the earlier requests it names, by reference and day
        form.set_earlier(_earlier_and_ticked(request.user, case, form))  # type: ignore[arg-type]
    context = {
        "case": case,
        "confirm": confirm,
        "consequence": confirm.plain_consequence
        if plain and confirm.plain_consequence
        else confirm.consequence,
        "plain": plain,
        "summary": _summary(form),
        "hidden": [
            (name, value) for name, values in request.POST.lists() for value in values if name not in _OWN
        ],
        "action": request.path,
        "back": reverse("web:case", args=[case.pk]),
        "consent": next((c for c in case.consents.all() if c.pk == _consent_id(request)), None),
    }
    return render(request, "web/steps/confirm.html", context)


_OWN = {"csrfmiddlewaretoken", CONFIRMED}


def _earlier_and_ticked(user: User, case: SecondOpinionCase, form: RefuseForm) -> list[SecondOpinionCase]:
    """R9: the newest earlier requests the panel shows, and the ticked ones older than those, read
    in one query however many (named_earlier: the same candidates the refusal itself accepted, with
    what names them), so each is summed up by its reference and day, never by a bare id."""
    shown = earlier_requests(user=user, case=case)
    ticked = set(form.cleaned_data.get("repeats_case_ids") or []) - {other.pk for other in shown}
    if not ticked:
        return shown
    try:
        return shown + named_earlier(user=user, case=case, ids=ticked)
    except InvalidInput:  # not a candidate after all (changed since the dry run): shown as posted
        return shown


def _consent_id(request: HttpRequest) -> int | None:
    return request.resolver_match.kwargs.get("consent_id") if request.resolver_match else None


def _summary(form: forms.Form) -> list[tuple[str, str]]:
    """What the user entered, as label and shown value (a choice by its label, a box as yes)."""
    rows = []
    for name, value in form.cleaned_data.items():
        if value in (None, "", [], False):
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, list):
            shown = ", ".join(str(choices.get(v, v)) for v in value)
        elif isinstance(value, bool):
            shown = _("yes")
        else:
            shown = str(choices.get(value, value))
        rows.append((str(field.label), shown))
    return rows


def remember_failure(request: HttpRequest, message: str) -> None:
    """A failed POST re-renders the case page at the POST's address; remember what went wrong, so a
    reload of that address (a GET) goes back to the case and says it again."""
    request.session[FAILED_POST] = {"path": request.path, "message": message}


def post_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like `require_POST`, but a GET (a reload after a failed POST, a bookmark) of a case the user
    may see goes back to the case page, saying what went wrong, instead of an empty 405. Anything
    else, as for every address of a case the user has no relation to, is not found."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            return view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["POST"])
        failed = request.session.get(FAILED_POST) if request.user.is_authenticated else None
        if failed and failed.get("path") == request.path:
            del request.session[FAILED_POST]
            messages.error(request, _("Nothing was changed: %(message)s") % {"message": failed["message"]})
        elif {k for k in kwargs if k.endswith("_id")} == {"case_id"} and _visible(request, kwargs["case_id"]):
            messages.info(request, _("Nothing was sent: that address only takes a form. Here is the case."))
        else:
            raise Http404
        return redirect("web:case", case_id=kwargs["case_id"])

    return wrapper


def _visible(request: HttpRequest, case_id: int) -> bool:
    """Whether the user holds a role in the case (the list filter: no patient data read, nothing logged)."""
    if not request.user.is_authenticated:
        return False
    return selectors.cases_visible_to(request.user).filter(pk=case_id).exists()
