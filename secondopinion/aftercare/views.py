"""The web pages of the patient's side once a case exists. Each view parses a form, calls one service
or selector and renders; a stranger gets 404, a related role that may not act the refusal (403)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.aftercare import services
from secondopinion.aftercare.forms import ComplaintForm, EvaluationForm, MessageForm
from secondopinion.core.errors import DomainError, NotFound
from secondopinion.web.presenters import attach_error
from secondopinion.web.views import AuthenticatedRequest

SOURCE = "web"


def access_first(request: AuthenticatedRequest, case_id: int, action: Action) -> None:
    """The access decision before the form is read, by the door the service goes through again
    (access/doors.py): a stranger gets NotFound (404, in the security log) and a related role that may
    not act NotPermitted (403), whatever they sent; only who may act hears what is wrong with a form."""
    with transaction.atomic():
        case_for(request.user, case_id, action)


def _act(
    request: AuthenticatedRequest,
    form: forms.Form,
    action: Callable[[], object],
    *,
    title: str,
    back: str,
    done: str,
) -> HttpResponse:
    """Validate, call the service and go back; else show the form again on its own page with the error."""
    error: DomainError | None = None
    status = 422
    if form.is_valid():
        try:
            action()
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error, status = attach_error(form, exc), exc.status
        else:
            messages.success(request, done)
            return redirect(back)
    context = {"form": form, "error": error, "title": title, "back": back, "action": request.path}
    return render(request, "aftercare/form_page.html", context, status=status)


@require_POST
@login_required
def message_send(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    access_first(request, case_id, Action.MESSAGE)
    form = MessageForm(request.POST)

    def send() -> object:
        body, key = form.cleaned_data["body"], form.cleaned_data.get("form_key", "")
        return services.message_send(
            actor=request.user, case_id=case_id, body=body, source=SOURCE, form_key=key
        )

    back = reverse("web:case", kwargs={"case_id": case_id}) + "#messages"
    return _act(
        request, form, send, title=_("Send a message"), back=back, done=_("Your message has been sent.")
    )


@require_POST
@login_required
def evaluation(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    access_first(request, case_id, Action.EVALUATE)
    form = EvaluationForm(request.POST)

    def record() -> object:
        data = form.cleaned_data
        return services.evaluation_record(
            actor=request.user,
            case_id=case_id,
            decision=data["decision"],
            satisfaction=data["satisfaction"],
            comment=data["comment"],
            source=SOURCE,
        )

    back = reverse("web:case", kwargs={"case_id": case_id}) + "#evaluation"
    done = _("Thank you: your evaluation has been recorded.")
    return _act(request, form, record, title=_("Evaluate your second opinion"), back=back, done=done)


@require_POST
@login_required
def complaint_file(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    access_first(request, case_id, Action.FILE_COMPLAINT)
    form = ComplaintForm(request.POST)

    def file() -> object:
        text = form.cleaned_data["text"]
        return services.complaint_file(actor=request.user, case_id=case_id, text=text, source=SOURCE)

    back = reverse("web:case", kwargs={"case_id": case_id}) + "#complaints"
    done = _("Your complaint has been filed with the complaint scheme.")
    return _act(request, form, file, title=_("File a complaint"), back=back, done=done)
