"""Pages that only read: the collegial notices, the report's PDF and Word downloads and "who looked at
my file" (NEN 7513). Each goes through the core's door for its data, which decides and logs."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache

from secondopinion.audit.selectors import access_events_for_patient, access_rows
from secondopinion.core.downloads import attachment
from secondopinion.core.errors import NotFound
from secondopinion.directory.models import Patient
from secondopinion.distribution.services import report_download
from secondopinion.reports.notices import collegial_notices_for
from secondopinion.web.audit_forms import OwnAccessLogForm
from secondopinion.web.views import SOURCE, AuthenticatedRequest


@never_cache
@login_required
def notices(request: AuthenticatedRequest) -> HttpResponse:
    """R6: the collegial notices addressed to this practitioner."""
    received = collegial_notices_for(user=request.user, source=SOURCE)
    return render(request, "web/notices.html", {"notices": received})


@never_cache
@login_required
def report_pdf(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _report_download(request, case_id, "pdf")


@never_cache
@login_required
def report_docx(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _report_download(request, case_id, "docx")


def _report_download(request: AuthenticatedRequest, case_id: int, kind: str) -> HttpResponse:
    """The report as a file for those who may read it (R23), logged as an export; else 404."""
    try:
        export = report_download(
            user=request.user, case_id=case_id, kind=kind, language=get_language(), source=SOURCE
        )
    except NotFound as exc:
        raise Http404 from exc
    return attachment(export)


@never_cache
@login_required
def access_log(request: AuthenticatedRequest, patient_id: int | None = None) -> HttpResponse:
    """NEN 7513: who looked at my file, newest first; for the patient, or a representative (R8)."""
    if patient_id is None:
        patient = getattr(request.user, "patient", None)
        if patient is None:
            raise Http404
        patient_id = patient.pk
    form = OwnAccessLogForm(request.GET or None)
    period = form.cleaned_data if form.is_bound and form.is_valid() else {}
    try:
        events = access_events_for_patient(
            user=request.user,
            patient_id=patient_id,
            start=period.get("start"),
            end=period.get("end"),
            source=SOURCE,
            include_own=bool(period.get("mine")),
        )
    except NotFound as exc:
        raise Http404 from exc
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "rows": access_rows(page.object_list)}
    own = getattr(request.user, "patient", None)
    if own is None or own.pk != patient_id:
        # A representative reads the log of the patient he acts for (R8): the page says whose it is.
        # Read after access_events_for_patient decided he may, which logged the reading.
        context["represented"] = Patient.objects.filter(pk=patient_id).values_list("name", flat=True).first()
    return render(request, "web/access_log.html", context, status=422 if form.errors else 200)
