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
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from secondopinion.access.permissions import acts_for_the_patient
from secondopinion.access.policy import reads_professional_pages
from secondopinion.accounts.models import User
from secondopinion.billing.services import billing_add_line
from secondopinion.cases import editing, selectors, services
from secondopinion.consent.services import consent_record, consent_revoke
from secondopinion.core.errors import DomainError, NotFound
from secondopinion.core.invisible import search_text
from secondopinion.directory.services import independence_declare
from secondopinion.distribution.selectors import distribution_list
from secondopinion.notifications.services import alerts_mark_case_read
from secondopinion.protocols.conformance import VERDICT_LABELS
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.records.services import colleague_consult, plan_draft
from secondopinion.reports.notices import collegial_notice_send
from secondopinion.web import home_presenter, presenters
from secondopinion.web.billing_panel import KEY as BILLING_KEY
from secondopinion.web.billing_panel import BillingLineForm, billing_panel
from secondopinion.web.confirmation import confirmation_page, post_only, remember_failure
from secondopinion.web.data_request_panel import data_request_panel
from secondopinion.web.document_panel import document_panel
from secondopinion.web.forms import (
    AddendumForm,
    ReportDraftForm,
    SubmitForm,
    step_form,
)
from secondopinion.web.identity_views import patient_confirmation
from secondopinion.web.in_writing import in_writing_panel
from secondopinion.web.outside_copy_panel import outside_copy_panel
from secondopinion.web.panel_forms import (
    CollegialNoticeForm,
    ConsentForm,
    ConsultationForm,
    IndependenceForm,
    PlanForm,
    ProsthesisAdjustmentForm,
)
from secondopinion.web.representation_words import on_the_case

SOURCE = "web"


class AuthenticatedRequest(HttpRequest):
    """A request behind `login_required`: its user is one of ours, never anonymous."""

    user: User


@never_cache
def home(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_authenticated:  # the public front door (journey/templates/journey/landing.html)
        return render(request, "journey/landing.html")
    cases = selectors.case_list(user=request.user, source=SOURCE)
    query, sort = search_text(request.GET.get("q", "")), request.GET.get("sort", "")
    context = home_presenter.home_context(
        request.user, cases, request.GET.get("status", ""), request.GET.get("page"), query=query, sort=sort
    )
    # The worklist's search and sort answer htmx with the list alone; without script, the whole page.
    partial = getattr(request, "htmx", False) and request.htmx.target == "worklist"  # type: ignore[attr-defined]
    return render(request, "web/home.html#worklist" if partial else "web/home.html", context)


@never_cache
@login_required
def case_new(request: AuthenticatedRequest) -> HttpResponse:
    """The one-page request form for staff and practitioners (the patient named by BSN); a patient or
    representative asks through the request wizard, where an old link or bookmark now leads."""
    if request.method == "GET" and home_presenter.home_kind(request.user) not in (
        "coordinator",
        "practitioner",
    ):
        return redirect("journey:request")
    form = SubmitForm(request.POST or None, patient=getattr(request.user, "patient", None))
    error, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            if form.needs_confirmation():  # is this the right patient? (initials, year of birth)
                return patient_confirmation(request, form)
            case = services.case_submit(actor=request.user, data=form.to_input(), source=SOURCE)
        except DomainError as exc:
            error, status = presenters.attach_error(form, exc), exc.status
        else:
            # The advice the request went past is shown once, on the case page (step_advisories).
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
    # What was new in this case has now been seen: its entries in the notification list are read.
    # Only the reader's own entries, so a case id one may not see marks nothing.
    alerts_mark_case_read(actor=request.user, case_id=case_id)
    return _case_page(request, case_id)


@post_only
@login_required
def case_step(request: AuthenticatedRequest, case_id: int, step: str) -> HttpResponse:
    """Take one lifecycle step (`step` is fixed per URL: one endpoint per step)."""
    form = step_form(step, request.POST)
    to = presenters.STEP_TARGETS[step]

    def take() -> object:
        data = form.to_input()
        return services.case_transition(actor=request.user, case_id=case_id, to=to, data=data, source=SOURCE)

    # The advice the step went past is shown once, on the case page (step_advisories), not as a message too.
    # Withdrawing is what the patient's side does: said as a sentence, not as "Done: Withdraw."
    if step == "withdraw":
        done = _("The request has been withdrawn.")
    else:
        done = _("Done: %(step)s.") % {"step": presenters.STEP_LABELS[step]}
    return _act(request, case_id, step, form, take, done, confirm=step)


@post_only
@login_required
def report_draft(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = ReportDraftForm(request.POST)

    def save() -> object:
        sections = form.cleaned_data
        return editing.case_save_report_draft(
            actor=request.user, case_id=case_id, sections=sections, source=SOURCE
        )

    return _act(request, case_id, "report", form, save, _("The draft report has been saved."))


@post_only
@login_required
def addendum(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = AddendumForm(request.POST)

    def add() -> object:
        text = form.cleaned_data["text"]
        return editing.case_add_addendum(actor=request.user, case_id=case_id, text=text, source=SOURCE)

    done = _("The addendum has been added to the report.")
    return _act(request, case_id, "addendum", form, add, done, confirm="addendum")


@post_only
@login_required
def consent_add(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    by_patient = getattr(request.user, "patient", None) is not None
    form = ConsentForm(request.POST, request.FILES, by_patient=by_patient)

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
            signed_form=data.get("file"),
        )

    return _act(request, case_id, "consent", form, record, _("The consent has been recorded."))


@post_only
@login_required
def consent_withdraw(request: AuthenticatedRequest, case_id: int, consent_id: int) -> HttpResponse:
    def revoke() -> object:
        return consent_revoke(actor=request.user, case_id=case_id, consent_id=consent_id, source=SOURCE)

    done = _("The consent has been revoked.")
    return _act(request, case_id, "consent", forms.Form(request.POST), revoke, done, confirm="consent-revoke")


@never_cache
@login_required
def case_conformance(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """R28: the checklist a complaints officer needs: each rule followed, not followed or not applicable."""
    try:
        case, roles = selectors.case_get(
            user=request.user, case_id=case_id, source=SOURCE, data="conformance"
        )
    except NotFound as exc:
        raise Http404 from exc
    rows = selectors.case_conformance(case)
    context = {"case": case, "rows": rows, "verdicts": VERDICT_LABELS, "hold": selectors.case_hold(case)}
    # The patient and the representative read the rules in words: no rule ids, no step names.
    context["plain"] = presenters.is_patient_view(roles)
    return render(request, "web/conformance.html", context)


def protocols(request: HttpRequest) -> HttpResponse:
    """The rule catalogue: every rule of every protocol, with its id and sources in Dutch and English
    side by side; to a logged-in patient or representative, in words, in their language only."""
    plain = request.user.is_authenticated and not reads_professional_pages(request.user)
    return render(request, "web/protocols.html", {"protocols": list(PROTOCOLS.values()), "plain": plain})


@post_only
@login_required
def prosthesis_adjusted(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """R3: record that the prosthesis was adjusted while the hold stood."""
    form = ProsthesisAdjustmentForm(request.POST)

    def record() -> object:
        when = form.cleaned_data["adjusted_at"]
        return editing.case_record_prosthesis_adjusted(
            actor=request.user, case_id=case_id, adjusted_at=when, source=SOURCE
        )

    done = _("The adjustment of the prosthesis has been recorded: R3 is no longer followed.")
    return _act(request, case_id, "prosthesis", form, record, done)


@post_only
@login_required
def notice_send(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = CollegialNoticeForm(request.POST)

    def send() -> object:
        text = form.cleaned_data["text"]
        return collegial_notice_send(actor=request.user, case_id=case_id, text=text, source=SOURCE)

    return _act(request, case_id, "notice", form, send, _("The collegial notice has been sent."))


@post_only
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


@post_only
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


@post_only
@login_required
def billing_add(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """R25: the giver or the coordinator bills a procedure on the case (billing/panel.py)."""
    form = BillingLineForm(request.POST)

    def add() -> object:
        data = form.cleaned_data
        return billing_add_line(
            actor=request.user,
            case_id=case_id,
            code=data["code"],
            quantity=data["quantity"],
            date=data["date"],
            source=SOURCE,
        )

    return _act(request, case_id, BILLING_KEY, form, add, _("The billing line has been added."))


@post_only
@login_required
def independence(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    """R10: the assigned giver declares independence before the case proceeds."""
    form = IndependenceForm(request.POST)

    def declare() -> object:
        confirmed = form.cleaned_data["statement_confirmed"]
        return independence_declare(
            actor=request.user, case_id=case_id, statement_confirmed=confirmed, source=SOURCE
        )

    done = _("Your declaration of independence has been recorded.")
    return _act(request, case_id, "independence", form, declare, done)


def _act(
    request: AuthenticatedRequest,
    case_id: int,
    key: str,
    form: forms.Form,
    action: Callable[[], object],
    done: str,
    *,
    confirm: str | None = None,
) -> HttpResponse:
    """Validate, ask to confirm an irreversible action, call the service, and on success go back to
    the case; else show the form again (and remember why, for a reload of this address)."""
    if not form.is_valid():
        remember_failure(request, _("the form had errors; fill it in again below."))
        return _case_page(request, case_id, bound=(key, form), status=422)
    if (
        confirm is not None
        and (page := confirmation_page(request, case_id, confirm, form, action)) is not None
    ):
        return page
    try:
        action()
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        remember_failure(request, str(exc.detail))
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
    context |= document_panel(request.user, case, bound=bound, error=error)
    context |= data_request_panel(request.user, case, roles, bound=bound, error=error)
    context |= billing_panel(case, roles, bound=bound, error=error)
    context["sendings"] = distribution_list(case, roles)
    # A representative reads the patient's page: it says whose case it is (R8), not "your".
    context["acting_for"] = case.patient.name if acts_for_the_patient(roles) else ""
    # A parent acting for a child says why he may (R8, WGBO), from what the identity read already.
    context["acting_because"] = on_the_case(request.user, case.patient_id) if context["acting_for"] else None
    context |= outside_copy_panel(case, roles, acting_for=context["acting_for"], bound=bound, error=error)
    context |= in_writing_panel(request.user, case, roles)  # R14: agreed not in writing
    template = "web/case_patient.html" if presenters.is_patient_view(roles) else "web/case_detail.html"
    return render(request, template, context, status=status)
