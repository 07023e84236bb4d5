"""Data requests on the web (R16, R17, R18): the giver asks, the treating practitioner answers, logged in
on the case page or through the public upload link that needs no login."""

from collections.abc import Callable

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import DomainError, NotFound
from secondopinion.protocols.engine import Protocol
from secondopinion.protocols.registry import get_protocol
from secondopinion.records.data_requests import (
    data_request_by_link,
    data_request_create,
    data_request_decline,
    data_request_fulfil,
    data_request_fulfil_by_link,
)
from secondopinion.records.models import DataRequest
from secondopinion.web import presenters
from secondopinion.web.data_request_forms import DataRequestForm, DeclineForm, RecordsUploadForm
from secondopinion.web.data_request_panel import CREATE, DECLINE, FULFIL
from secondopinion.web.views import SOURCE, AuthenticatedRequest, _act


@require_POST
@login_required
def data_request_add(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """R16: the giver (or coordinator) asks the treating practitioner for records."""
    protocol = _protocol_of(case_id)
    form = DataRequestForm(
        request.POST, records=protocol.records if protocol else {}, language=get_language()
    )

    def send() -> object:
        data = form.cleaned_data
        return data_request_create(
            actor=request.user,
            case_id=case_id,
            kinds=data["kinds"],
            note=data["note"],
            email=data["email"],
            source=SOURCE,
        )

    return _act(
        request, case_id, CREATE, form, send, _("The request has been sent to the treating practitioner.")
    )


@require_POST
@login_required
def data_request_fulfil_view(request: AuthenticatedRequest, case_id: int, request_id: int) -> HttpResponse:
    form = RecordsUploadForm(request.POST, request.FILES)
    form.request_id = request_id  # type: ignore[attr-defined]

    def fulfil() -> object:
        uploads = form.cleaned_data["file"]
        return data_request_fulfil(
            actor=request.user, request_id=request_id, case_id=case_id, uploads=uploads, source=SOURCE
        )

    return _act(request, case_id, FULFIL, form, fulfil, _("Thank you: the records have been sent."))


@require_POST
@login_required
def data_request_decline_view(request: AuthenticatedRequest, case_id: int, request_id: int) -> HttpResponse:
    form = DeclineForm(request.POST)

    def decline() -> object:
        reason = form.cleaned_data["reason"]
        return data_request_decline(
            actor=request.user, request_id=request_id, case_id=case_id, reason=reason, source=SOURCE
        )

    return _act(request, case_id, DECLINE, form, decline, _("The request has been declined."))


@never_cache
@require_http_methods(["GET", "POST"])
def upload_link(request: HttpRequest, token: str) -> HttpResponse:
    """The secure, expiring, single-purpose upload link (no login). A link that does not open an
    open request under a consent in force is one plain 404, whatever the reason."""
    upload_form, decline_form = RecordsUploadForm(), DeclineForm()
    errors: dict[str, DomainError | None] = {"upload_error": None, "decline_error": None}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "decline":
            decline_form = DeclineForm(request.POST)
            done = _("The request has been declined. The giver has been told.")
            outcome = _answer(decline_form, "decline_error", errors, lambda: _decline(token, decline_form))
        else:
            upload_form = RecordsUploadForm(request.POST, request.FILES)
            done = _("The records have been received. The giver has been told.")
            outcome = _answer(upload_form, "upload_error", errors, lambda: _fulfil(token, upload_form))
        if outcome is None:
            return render(request, "web/upload_link.html", {"done": done})
        status = outcome
    page = data_request_by_link(token=token, source=SOURCE)
    context = {"page": page, "upload_form": upload_form, "decline_form": decline_form, **errors}
    return render(request, "web/upload_link.html", context, status=status)


def _fulfil(token: str, form: RecordsUploadForm) -> DataRequest:
    return data_request_fulfil_by_link(token=token, uploads=form.cleaned_data["file"], source=SOURCE)


def _decline(token: str, form: DeclineForm) -> DataRequest:
    return data_request_decline(token=token, reason=form.cleaned_data["reason"], source=SOURCE)


def _answer(
    form: forms.Form, key: str, errors: dict[str, DomainError | None], action: Callable[[], object]
) -> int | None:
    """Run the answer; None when done, else the status to show the page again with."""
    if not form.is_valid():
        return 422
    try:
        action()
    except NotFound:
        raise  # one plain 404 (web/errors.py)
    except DomainError as exc:
        errors[key] = presenters.attach_error(form, exc)
        return exc.status
    return None


def _protocol_of(case_id: int) -> Protocol | None:
    """The case's protocol, for the record kinds the form offers; None for an unknown case (the
    service then answers 404 as it does for a stranger)."""
    code = SecondOpinionCase.objects.filter(pk=case_id).values_list("protocol", flat=True).first()
    return get_protocol(code) if code else None
