"""The web UI: each view parses a form, calls one service or selector, and renders.

Who may see or do what is decided by the core: selectors raise NotFound for a stranger (shown as
404), services raise a DomainError that the page shows with its rule ids.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.access.policy import can_read_report
from secondopinion.accounts.models import User
from secondopinion.cases import selectors, services
from secondopinion.cases.errors import DomainError, NotFound
from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.protocols.conformance import VERDICT_LABELS
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.records.services import colleague_consult, plan_draft
from secondopinion.reports.notices import collegial_notice_send, collegial_notices_for
from secondopinion.reports.pdf import render_report_pdf
from secondopinion.web import presenters
from secondopinion.web.forms import (
    AddendumForm,
    ReportDraftForm,
    SubmitForm,
    step_form,
)
from secondopinion.web.panel_forms import CollegialNoticeForm, ConsentForm, ConsultationForm, PlanForm

SOURCE = "web"


class AuthenticatedRequest(HttpRequest):
    """A request behind `login_required`: its user is one of ours, never anonymous."""

    user: User


@never_cache
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    cases = selectors.case_list(user=request.user, source=SOURCE)
    context = presenters.home_context(request.user, cases, request.GET.get("status", ""))
    return render(request, "web/home.html", context)


@never_cache
@login_required
def case_new(request: AuthenticatedRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None, patient=getattr(request.user, "patient", None))
    error, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_submit(actor=request.user, data=form.to_input(), source=SOURCE)
        except DomainError as exc:
            error, status = presenters.attach_error(form, exc), exc.status
        else:
            messages.success(
                request, _("Your request has been submitted as %(ref)s.") % {"ref": case.reference}
            )
            return redirect("web:case", case_id=case.pk)
    elif request.method == "POST":
        status = 422
    return render(request, "web/case_new.html", {"form": form, "error": error}, status=status)


@never_cache
@login_required
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _case_page(request, case_id)


@require_POST
@login_required
def case_step(request: AuthenticatedRequest, case_id: int, step: str) -> HttpResponse:
    """Take one lifecycle step (`step` is fixed per URL: one endpoint per step)."""
    form = step_form(step, request.POST)
    to = presenters.STEP_TARGETS[step]

    def take() -> object:
        data = form.to_input()
        return services.case_transition(actor=request.user, case_id=case_id, to=to, data=data, source=SOURCE)

    done = _("Done: %(step)s.") % {"step": presenters.STEP_LABELS[step]}
    return _act(request, case_id, step, form, take, done)


@require_POST
@login_required
def report_draft(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = ReportDraftForm(request.POST)

    def save() -> object:
        sections = form.cleaned_data
        return services.case_save_report_draft(
            actor=request.user, case_id=case_id, sections=sections, source=SOURCE
        )

    return _act(request, case_id, "report", form, save, _("The draft report has been saved."))


@require_POST
@login_required
def addendum(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = AddendumForm(request.POST)

    def add() -> object:
        text = form.cleaned_data["text"]
        return services.case_add_addendum(actor=request.user, case_id=case_id, text=text, source=SOURCE)

    return _act(request, case_id, "addendum", form, add, _("The addendum has been added to the report."))


@require_POST
@login_required
def consent_add(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    by_patient = getattr(request.user, "patient", None) is not None
    form = ConsentForm(request.POST, by_patient=by_patient)

    def record() -> object:
        data = form.cleaned_data
        return consent_record(
            actor=request.user,
            case_id=case_id,
            purpose=data["purpose"],
            method=form.method,
            given_by_name=data.get("given_by_name", ""),
            scope=data["scope"],
            source=SOURCE,
        )

    return _act(request, case_id, "consent", form, record, _("The consent has been recorded."))


@require_POST
@login_required
def consent_withdraw(request: AuthenticatedRequest, case_id: int, consent_id: int) -> HttpResponse:
    def revoke() -> object:
        return consent_revoke(actor=request.user, case_id=case_id, consent_id=consent_id, source=SOURCE)

    return _act(
        request, case_id, "consent", forms.Form(request.POST), revoke, _("The consent has been revoked.")
    )


@never_cache
@login_required
def case_conformance(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """R28: the checklist a complaints officer needs: each rule followed, not followed or not applicable."""
    try:
        case, _roles = selectors.case_get(
            user=request.user, case_id=case_id, source=SOURCE, data="conformance"
        )
    except NotFound as exc:
        raise Http404 from exc
    rows = selectors.case_conformance(case)
    return render(request, "web/conformance.html", {"case": case, "rows": rows, "verdicts": VERDICT_LABELS})


def protocols(request: HttpRequest) -> HttpResponse:
    """The rule catalogue: every rule of every protocol, with its source, in the reader's language."""
    return render(request, "web/protocols.html", {"protocols": list(PROTOCOLS.values())})


@require_POST
@login_required
def notice_send(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = CollegialNoticeForm(request.POST)

    def send() -> object:
        text = form.cleaned_data["text"]
        return collegial_notice_send(actor=request.user, case_id=case_id, text=text, source=SOURCE)

    return _act(request, case_id, "notice", form, send, _("The collegial notice has been sent."))


@require_POST
@login_required
def consult(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = ConsultationForm(request.POST)

    def ask() -> object:
        data = form.cleaned_data
        return colleague_consult(
            actor=request.user,
            case_id=case_id,
            colleague_id=data["colleague_id"].pk,
            question=data["question"],
            source=SOURCE,
        )

    return _act(request, case_id, "consult", form, ask, _("Your question has been sent to the colleague."))


@require_POST
@login_required
def plan(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = PlanForm(request.POST)

    def draft() -> object:
        euros = form.cleaned_data["cost_estimate_euros"]
        return plan_draft(
            actor=request.user,
            case_id=case_id,
            description=form.cleaned_data["description"],
            cost_estimate_cents=euros * 100 if euros is not None else None,
            source=SOURCE,
        )

    return _act(request, case_id, "plan", form, draft, _("The treatment plan has been recorded."))


@never_cache
@login_required
def notices(request: AuthenticatedRequest) -> HttpResponse:
    """R6: the collegial notices addressed to this practitioner."""
    received = collegial_notices_for(user=request.user, source=SOURCE)
    return render(request, "web/notices.html", {"notices": received})


@never_cache
@login_required
def report_pdf(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    try:
        case, _roles = selectors.case_get(
            user=request.user,
            case_id=case_id,
            source=SOURCE,
            data="report",
            action="export",
        )
    except NotFound as exc:
        raise Http404 from exc
    if not can_read_report(request.user, case):
        raise Http404
    response = HttpResponse(render_report_pdf(case, get_language()), content_type="application/pdf")
    filename = f"tweede-mening-{case.reference.lower()}.pdf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _act(
    request: AuthenticatedRequest,
    case_id: int,
    key: str,
    form: forms.Form,
    action: Callable[[], object],
    done: str,
) -> HttpResponse:
    """Validate, call the service, and on success go back to the case; else show the form again."""
    if not form.is_valid():
        return _case_page(request, case_id, bound=(key, form), status=422)
    try:
        action()
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        error = presenters.attach_error(form, exc)
        return _case_page(request, case_id, bound=(key, form), error=error, status=exc.status)
    messages.success(request, done)
    return redirect("web:case", case_id=case_id)


def _case_page(
    request: AuthenticatedRequest,
    case_id: int,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        case, roles = selectors.case_get(user=request.user, case_id=case_id, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    context = presenters.case_context(request.user, case, roles, bound=bound, error=error)
    template = "web/case_patient.html" if presenters.is_patient_view(roles) else "web/case_detail.html"
    return render(request, template, context, status=status)
