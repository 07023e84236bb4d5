"""The giver records the outcome on the case page; the organisation's coordinators and complaints officers
read the outcomes in numbers beside the Mayo figures, as a page with a chart drawn on the server and as
CSV. Anyone else finds no such page (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.access.permissions import Action
from secondopinion.aftercare import outcome_pages, outcomes
from secondopinion.aftercare.forms import OutcomeForm
from secondopinion.aftercare.outcomes import MAYO_REFERRALS, outcome_organisations
from secondopinion.aftercare.views import access_first
from secondopinion.core.errors import DomainError, NotFound
from secondopinion.core.ids import id_from
from secondopinion.web.presenters import attach_error
from secondopinion.web.views import AuthenticatedRequest

SOURCE = "web"


@require_POST
@login_required
def outcome_record(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    access_first(request, case_id, Action.RECORD_OUTCOME)
    form = OutcomeForm(request.POST)
    error, status = None, 422
    if form.is_valid():
        try:
            outcomes.outcome_record(actor=request.user, case_id=case_id, source=SOURCE, **form.cleaned_data)
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error, status = attach_error(form, exc), exc.status
        else:
            messages.success(request, _("The outcome has been recorded."))
            return redirect(reverse("web:case", kwargs={"case_id": case_id}) + "#outcome")
    back = reverse("web:case", kwargs={"case_id": case_id}) + "#outcome"
    context = {"form": form, "error": error, "title": _("Outcome of the second opinion"), "back": back}
    return render(request, "aftercare/form_page.html", {**context, "action": request.path}, status=status)


def _table(request: AuthenticatedRequest, *, export: bool) -> outcomes.OutcomeTable:
    organisation = request.GET.get("organisation", "")
    protocol = request.GET.get("protocol", "")
    if protocol not in outcome_pages.protocol_names():
        protocol = ""
    try:
        return outcomes.outcome_table(
            user=request.user,
            organisation_id=id_from(organisation),
            protocol=protocol,
            source=SOURCE,
            export=export,
        )
    except NotFound as exc:
        raise Http404 from exc


@never_cache
@login_required
def outcome_page(request: AuthenticatedRequest) -> HttpResponse:
    table = _table(request, export=False)
    rows = outcome_pages.rows(table.overall)
    names = outcome_pages.protocol_names()
    context = {
        "table": table,
        "rows": rows,
        "followed": outcome_pages.followed_rows(table.overall),
        "chart": outcome_pages.chart(rows),
        "per_protocol": [
            (code, names.get(code, code), outcome_pages.rows(tally), tally.total)
            for code, tally in table.per_protocol.items()
        ],
        "protocols": names,
        "organisations": [org for org, _role in outcome_organisations(request.user)],
        "mayo_referrals": MAYO_REFERRALS,
    }
    return render(request, "aftercare/outcomes.html", context)


@never_cache
@login_required
def outcome_csv(request: AuthenticatedRequest) -> HttpResponse:
    table = _table(request, export=True)
    response = HttpResponse(outcome_pages.csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="outcomes-{table.organisation.pk}.csv"'
    return response
