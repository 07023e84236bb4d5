"""The appointment pages: the case's appointments (patient's side and practice), the calendar file and
the giver's agenda. Each view parses a form, calls one service or selector and renders; a stranger
gets 404, a related role that may not act the refusal (403) on the page."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from secondopinion.accounts.models import User
from secondopinion.appointments import calendar, presenters, selectors, services
from secondopinion.appointments.forms import CancelForm, MoveForm, OutcomeForm, SlotForm
from secondopinion.appointments.models import Appointment, Slot
from secondopinion.appointments.times import iso_week, parse_week
from secondopinion.core.errors import DomainError, NotFound, NotPermitted

SOURCE = "web"


class AuthenticatedRequest(HttpRequest):
    """A request behind `login_required`: its user is one of ours, never anonymous."""

    user: User


def _page(
    request: AuthenticatedRequest,
    case_id: int,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        data = selectors.case_appointments(
            user=request.user, case_id=case_id, source=SOURCE, now=timezone.now()
        )
    except NotFound as exc:
        raise Http404 from exc
    except NotPermitted as exc:
        return render(
            request, "appointments/refused.html", {"error": exc, "case_id": case_id}, status=exc.status
        )
    context = presenters.page_context(data, bound=bound, error=error)
    return render(request, "appointments/case.html", context, status=status)


def _act(
    request: AuthenticatedRequest,
    case_id: int | None,
    key: str,
    form: forms.Form,
    action: Callable[[], object],
    done: str,
) -> HttpResponse:
    """Validate and call the service, then back to the case's appointments; else the page again, with
    the error on the field it names. `case_id` None: a row that does not exist (the service says 404)."""
    error: DomainError | None = None
    status = 422
    if form.is_valid():
        try:
            action()
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error, status = presenters.attach_error(form, exc), exc.status
        else:
            messages.success(request, done)
            return redirect("appointments:case", case_id=case_id)
    if case_id is None:
        raise Http404
    return _page(request, case_id, bound=(key, form), error=error, status=status)


def _case_of(model: type[Slot] | type[Appointment], pk: int) -> int | None:
    return model.objects.filter(pk=pk).values_list("case_id", flat=True).first()


@never_cache
@login_required
@require_GET
def case_appointments(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _page(request, case_id)


@login_required
@require_POST
def slot_offer(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    form = SlotForm(request.POST)

    def offer() -> object:
        data = {k: form.cleaned_data[k] for k in ("kind", "starts_at", "minutes", "location")}
        return services.slot_offer(actor=request.user, case_id=case_id, source=SOURCE, **data)

    return _act(request, case_id, "offer", form, offer, _("The time has been offered."))


@login_required
@require_POST
def slot_withdraw(request: AuthenticatedRequest, slot_id: int) -> HttpResponse:
    def withdraw() -> object:
        return services.slot_withdraw(actor=request.user, slot_id=slot_id, source=SOURCE)

    return _act(
        request,
        _case_of(Slot, slot_id),
        "withdraw",
        forms.Form({}),
        withdraw,
        _("The time has been withdrawn."),
    )


@login_required
@require_POST
def book(request: AuthenticatedRequest, slot_id: int) -> HttpResponse:
    def take() -> object:
        return services.appointment_book(actor=request.user, slot_id=slot_id, source=SOURCE)

    return _act(
        request, _case_of(Slot, slot_id), "book", forms.Form({}), take, _("Your appointment has been made.")
    )


@login_required
@require_POST
def move(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    case_id = _case_of(Appointment, appointment_id)
    form = MoveForm(request.POST, slots=list(Slot.objects.filter(case_id=case_id or 0)))

    def change() -> object:
        slot_id = form.cleaned_data["slot"]
        return services.appointment_move(
            actor=request.user, appointment_id=appointment_id, slot_id=slot_id, source=SOURCE
        )

    return _act(request, case_id, "move", form, change, _("Your appointment has been moved."))


@login_required
@require_POST
def cancel(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    form = CancelForm(request.POST)

    def drop() -> object:
        reason = form.cleaned_data["reason"]
        return services.appointment_cancel(
            actor=request.user, appointment_id=appointment_id, reason=reason, source=SOURCE
        )

    return _act(
        request,
        _case_of(Appointment, appointment_id),
        "cancel",
        form,
        drop,
        _("Your appointment has been cancelled."),
    )


@login_required
@require_POST
def outcome(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    form = OutcomeForm(request.POST)

    def record() -> object:
        value = form.cleaned_data["outcome"]
        return services.appointment_record_outcome(
            actor=request.user, appointment_id=appointment_id, outcome=value, source=SOURCE
        )

    return _act(
        request, _case_of(Appointment, appointment_id), "outcome", form, record, _("It has been recorded.")
    )


@never_cache
@login_required
@require_GET
def ics(request: AuthenticatedRequest, appointment_id: int) -> HttpResponse:
    """The appointment as a calendar file (.ics), for the patient's side and the practice."""
    try:
        appointment = selectors.appointment_export(
            user=request.user, appointment_id=appointment_id, source=SOURCE
        )
    except NotFound as exc:
        raise Http404 from exc
    except NotPermitted as exc:
        return render(request, "appointments/refused.html", {"error": exc}, status=exc.status)
    response = HttpResponse(calendar.invitation(appointment), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, calendar.filename(appointment))
    return response


@never_cache
@login_required
@require_GET
def agenda(request: AuthenticatedRequest) -> HttpResponse:
    """The giver's own appointments, one week at a time (Monday to Sunday, Dutch time)."""
    monday = parse_week(request.GET.get("week", ""), timezone.localdate())
    try:
        week = selectors.giver_agenda(user=request.user, monday=monday, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    return render(
        request, "appointments/agenda.html", presenters.agenda_context(list(week), monday, iso_week)
    )
