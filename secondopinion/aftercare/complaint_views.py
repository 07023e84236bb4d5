"""The complaints officer's pages (Wkkgz, R28): the list by deadline, one complaint beside the rules
checklist with the steps the table allows now, and the decision letter for the complainant and the
officer. A decision is recorded only when the officer confirms on the form that it is final (without
it nothing changes and the form says so); declaring a denturist's second opinion inadmissible asks once
more, like every irreversible action (web/confirmation.py)."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.aftercare import complaints, selectors
from secondopinion.aftercare.forms import ComplaintDecisionForm, ComplaintExtensionForm
from secondopinion.aftercare.presenters import complaint_status
from secondopinion.cases.selectors import case_conformance, case_hold
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.protocols.conformance import VERDICT_LABELS
from secondopinion.web.confirmation import Confirm, would_succeed
from secondopinion.web.presenters import attach_error
from secondopinion.web.views import AuthenticatedRequest

SOURCE = "web"
INADMISSIBLE = Confirm(
    gettext_lazy("Declare this second opinion inadmissible?"),
    gettext_lazy(
        "The complaint is decided and the second opinion is declared inadmissible (R28); the complainant "
        "is told and receives the decision letter. A decision cannot be undone."
    ),
    gettext_lazy("Yes, declare inadmissible and decide"),
)

DONE = {
    "acknowledge": gettext_lazy("Receipt of the complaint has been acknowledged; the complainant is told."),
    "handle": gettext_lazy("The complaint is now in handling; the complainant is told."),
    "extend": gettext_lazy(
        "The term has been extended; the complainant is told the reason and the new date."
    ),
    "decide": gettext_lazy("The decision on the complaint has been recorded."),
}


@never_cache
@login_required
def complaint_list(request: AuthenticatedRequest) -> HttpResponse:
    """R28: the complaints officer's list, by deadline (overdue first); R27 in numbers for the staff."""
    listed = selectors.complaint_list(user=request.user, source=SOURCE)
    page = Paginator(listed, 50).get_page(request.GET.get("page"))
    today, language = timezone.localdate(), get_language()
    statuses = [complaint_status(c, today, language) for c in page.object_list]
    summary = selectors.outcome_summary(user=request.user)
    context = {"page": page, "statuses": statuses, "summary": summary}
    return render(request, "aftercare/complaint_list.html", context)


@never_cache
@login_required
def complaint_detail(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    return _complaint_page(request, complaint_id)


def _step(
    request: AuthenticatedRequest,
    complaint_id: int,
    name: str,
    form: forms.Form | None,
    action: Callable[[], object],
) -> HttpResponse:
    """Take one step of the table; on a refusal show the complaint again with the error."""
    error: DomainError | None = None
    status = 422
    if form is None or form.is_valid():
        try:
            action()
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error, status = (attach_error(form, exc) if form is not None else exc), exc.status
        else:
            messages.success(request, str(DONE[name]))
            return redirect("aftercare:complaint", complaint_id=complaint_id)
    return _complaint_page(request, complaint_id, bound=(name, form), error=error, status=status)


@require_POST
@login_required
def complaint_acknowledge(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    def act() -> object:
        return complaints.complaint_acknowledge(actor=request.user, complaint_id=complaint_id, source=SOURCE)

    return _step(request, complaint_id, "acknowledge", None, act)


@require_POST
@login_required
def complaint_handle(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    def act() -> object:
        return complaints.complaint_start_handling(
            actor=request.user, complaint_id=complaint_id, source=SOURCE
        )

    return _step(request, complaint_id, "handle", None, act)


@require_POST
@login_required
def complaint_extend(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    form = ComplaintExtensionForm(request.POST)

    def act() -> object:
        data = form.cleaned_data
        return complaints.complaint_extend(
            actor=request.user,
            complaint_id=complaint_id,
            until=data["until"],
            reason=data["reason"],
            source=SOURCE,
        )

    return _step(request, complaint_id, "extend", form, act)


@require_POST
@login_required
def complaint_decide(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    form = ComplaintDecisionForm(request.POST)

    def act() -> object:
        return complaints.complaint_decide(
            actor=request.user, complaint_id=complaint_id, source=SOURCE, **form.service_values()
        )

    if (
        form.is_valid()
        and form.cleaned_data["inadmissible"]
        and request.POST.get("confirmed") != "yes"
        and would_succeed(act)
    ):
        return _confirm_inadmissible(request, complaint_id, form)
    return _step(request, complaint_id, "decide", form, act)


def _confirm_inadmissible(
    request: AuthenticatedRequest, complaint_id: int, form: ComplaintDecisionForm
) -> HttpResponse:
    """R28's declaration is irreversible: say what will happen and post the same values again, confirmed."""
    complaint = selectors.complaint_get(user=request.user, complaint_id=complaint_id, source=SOURCE)
    summary = [
        (str(form.fields[name].label), str(dict(form.fields[name].choices).get(value, value)))  # type: ignore[attr-defined]
        if name == "judgment"
        else (str(form.fields[name].label), _("yes") if value is True else str(value))
        for name, value in form.service_values().items()
        if value not in ("", False, None)
    ]
    context = {
        "case": complaint.case,
        "confirm": INADMISSIBLE,
        "consequence": INADMISSIBLE.consequence,
        "plain": False,
        "summary": summary,
        "hidden": [(n, v) for n, values in request.POST.lists() for v in values if n not in _OWN],
        "action": request.path,
        "back": reverse("aftercare:complaint", args=[complaint_id]),
    }
    return render(request, "web/steps/confirm.html", context)


_OWN = {"csrfmiddlewaretoken", "confirmed"}


@never_cache
@login_required
def complaint_letter(request: AuthenticatedRequest, complaint_id: int) -> HttpResponse:
    """The decision letter as PDF (a download, logged as an export)."""
    try:
        complaint, pdf = selectors.complaint_letter(
            user=request.user, complaint_id=complaint_id, source=SOURCE
        )
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        return render(request, "aftercare/refused.html", {"error": exc}, status=exc.status)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{_('complaint-decision')}-{complaint.case.reference}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _complaint_page(
    request: AuthenticatedRequest,
    complaint_id: int,
    *,
    bound: tuple[str, forms.Form | None] | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        complaint = selectors.complaint_get(user=request.user, complaint_id=complaint_id, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    except NotPermitted as exc:
        return render(request, "aftercare/refused.html", {"error": exc}, status=exc.status)
    case = complaint.case
    bound_name, bound_form = bound or ("", None)
    steps = {step.name for step in complaints.open_steps(complaint)}
    fresh = {"extend": ComplaintExtensionForm, "decide": ComplaintDecisionForm}
    step_forms = {
        name: bound_form if name == bound_name and bound_form is not None else form()
        for name, form in fresh.items()
        if name in steps
    }
    context = {
        "complaint": complaint,
        "status": complaint_status(complaint, timezone.localdate(), get_language()),
        "case": case,
        "rows": case_conformance(case),
        "verdicts": VERDICT_LABELS,
        "hold": case_hold(case),
        "steps": steps,
        "extension_form": step_forms.get("extend"),
        "decision_form": step_forms.get("decide"),
        "error": error,
        # The step that failed, by the service or by its own form: its panel is shown open, and its
        # problems summed up at the top of the page with links to the fields (a step no longer open,
        # taken first by another officer, has only its refusal there).
        "error_step": bound_name if error is not None or getattr(bound_form, "errors", None) else "",
        "error_form": bound_form if bound_name in step_forms else None,
        "may_declare_inadmissible": case.protocol in complaints.INADMISSIBLE_PROTOCOLS,
        "acknowledge_days": complaints.acknowledge_days(),
    }
    return render(request, "aftercare/complaint_detail.html", context, status=status)
