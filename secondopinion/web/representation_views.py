"""The patient's representatives (R8): "Mijn vertegenwoordigers", where the patient gives and revokes
consent to each, and the coordinator's page to record a consent the patient signed on paper."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.access.policy import coordinator_organisations
from secondopinion.access.representation import PARENTAL, age_band
from secondopinion.core.errors import REPRESENTATION_NOT_FOUND, DomainError, NotFound, NotPermitted
from secondopinion.core.text import Text
from secondopinion.directory.models import Representative
from secondopinion.directory.selectors import representations_for_paper, representations_of_patient
from secondopinion.directory.services import (
    CONSENT_METHODS,
    representation_consent_give,
    representation_consent_revoke,
)
from secondopinion.web.representation_forms import (
    PaperConsentForm,
    PaperLookupForm,
    RepresentationConsentForm,
)
from secondopinion.web.representation_words import AGE_FOR_STAFF, for_patient
from secondopinion.web.views import SOURCE, AuthenticatedRequest

PAPER_LEAD = Text(
    "Een patiënt die een toestemmingsformulier voor een vertegenwoordiger heeft ondertekend (R8), kan "
    "dat hier laten vastleggen. Zoek de patiënt met het BSN en de geboortedatum op het formulier. U vindt "
    "alleen patiënten met een casus bij uw organisatie; het ondertekende formulier wordt bij die casus "
    "bewaard.",
    "A patient who signed a consent form for a representative (R8) can have it recorded here. Find the "
    "patient with the BSN and the date of birth on the form. You find only patients with a case at your "
    "organisation; the signed form is kept with that case.",
)


def _consent_form(row: Representative, data: Any = None) -> RepresentationConsentForm:
    return RepresentationConsentForm(data, representative_id=row.pk, name=str(row.user))


def _patient_page(
    request: AuthenticatedRequest, bound: tuple[int, Any] | None = None, error: DomainError | None = None
) -> HttpResponse:
    """The list; `bound` is the representative whose declaration failed, with its form."""
    _patient, rows = representations_of_patient(user=request.user, source=SOURCE)
    people = [
        {
            "row": row,
            "why": for_patient(row),
            "method": CONSENT_METHODS.get(row.consent_method),
            "form": bound[1] if bound and bound[0] == row.pk else _consent_form(row),
            "error": error if bound and bound[0] == row.pk else None,
        }
        for row in rows
    ]
    status = 422 if bound else 200
    return render(request, "web/representatives.html", {"people": people}, status=status)


@never_cache
@login_required
def representatives(request: AuthenticatedRequest) -> HttpResponse:
    """Mijn vertegenwoordigers: who may act for me, and whether my consent is in force."""
    return _patient_page(request)


def _patients_door(request: AuthenticatedRequest, representative_id: int) -> Representative:
    """These pages are the patient's own: a coordinator records a paper form on representation_paper,
    and the representative, who may not consent for himself, is refused by the service (403)."""
    row = Representative.objects.select_related("user").filter(pk=representative_id).first()
    patient = getattr(request.user, "patient", None)
    if row is None or (row.user_id != request.user.pk and (patient is None or patient.pk != row.patient_id)):
        raise Http404
    return row


@require_POST
@login_required
def representation_consent(request: AuthenticatedRequest, representative_id: int) -> HttpResponse:
    """The patient ticks the declaration for one representative (R8, R18)."""
    row = _patients_door(request, representative_id)
    form = _consent_form(row, request.POST)
    if not form.is_valid():
        return _patient_page(request, bound=(row.pk, form))
    try:
        representation_consent_give(
            actor=request.user, representative_id=row.pk, source=SOURCE, confirmed=True
        )
    except (NotFound, NotPermitted):
        raise  # the 404 and 403 pages (web/errors.py)
    except DomainError as exc:
        return _patient_page(request, bound=(row.pk, form), error=exc)
    messages.success(request, _("%(name)s may now act for you.") % {"name": row.user})
    return redirect("web:representatives")


@require_POST
@login_required
def representation_revoke(request: AuthenticatedRequest, representative_id: int) -> HttpResponse:
    """The patient revokes: the representative acts for them no more, from this moment (R18)."""
    try:
        row = representation_consent_revoke(
            actor=request.user, representative_id=_patients_door(request, representative_id).pk, source=SOURCE
        )
    except (NotFound, NotPermitted):
        raise  # the 404 and 403 pages (web/errors.py)
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect("web:representatives")
    messages.success(request, _("%(name)s can no longer act for you.") % {"name": row.user})
    return redirect("web:representatives")


def _paper_people(request: AuthenticatedRequest, lookup: dict[str, Any]) -> dict[str, Any]:
    """The patient of the form and their representatives; the one chosen gets the bound form."""
    patient, rows = representations_for_paper(
        user=request.user, bsn=lookup["bsn"], date_of_birth=lookup["date_of_birth"], source=SOURCE
    )
    chosen = request.POST.get("representative", "")
    people = []
    for row in rows:
        bound = chosen == str(row.pk)
        form = PaperConsentForm(*((request.POST, request.FILES) if bound else ()), representative_id=row.pk)
        people.append(
            {
                "row": row,
                "method": CONSENT_METHODS.get(row.consent_method),
                "form": form,
                "bound": bound,
                "parental": row.relation in PARENTAL,
                "age": AGE_FOR_STAFF.get(age_band(row.patient.date_of_birth))
                if row.relation in PARENTAL
                else None,
            }
        )
    return {"searched": True, "patient": patient, "people": people}


def _paper_record(request: AuthenticatedRequest, context: dict[str, Any]) -> HttpResponse | None:
    """Record the consent for the chosen representative; None when the page is to be shown again."""
    person = next((p for p in context["people"] if p["bound"]), None)
    if person is None and request.POST.get("representative"):
        # A representation that is not of the patient found (or of no patient this coordinator may
        # act for, R8): it does not exist for them, as on the API; recorded in the security log.
        raise NotFound(REPRESENTATION_NOT_FOUND)
    if person is None or not person["form"].is_valid():
        return None
    try:
        representation_consent_give(
            actor=request.user,
            representative_id=person["row"].pk,
            source=SOURCE,
            confirmed=True,
            signed_form=person["form"].cleaned_data.get("file"),
        )
    except (NotFound, NotPermitted):
        raise  # the 404 and 403 pages (web/errors.py)
    except DomainError as exc:
        person["error"] = exc
        return None
    messages.success(
        request,
        _("The consent of %(patient)s to %(name)s acting for them has been recorded.")
        % {"patient": context["patient"], "name": person["row"].user},
    )
    return redirect("web:representation-paper")


@never_cache
@login_required
def representation_paper(request: AuthenticatedRequest) -> HttpResponse:
    """A coordinator finds the patient of a signed form (BSN and date of birth, sent by POST so they
    stay out of addresses and logs) and records the consent to one representative (R8)."""
    if not coordinator_organisations(request.user):
        raise Http404
    lookup = PaperLookupForm(request.POST if request.method == "POST" else None)
    context: dict[str, Any] = {
        "lookup": lookup,
        "searched": False,
        "patient": None,
        "people": [],
        "lead": PAPER_LEAD,
    }
    if lookup.is_bound and lookup.is_valid():
        context.update(_paper_people(request, lookup.cleaned_data))
        done = _paper_record(request, context)
        if done is not None:
            return done
    failed = bool(lookup.errors) or any(p["bound"] for p in context["people"])
    return render(request, "web/representation_paper.html", context, status=422 if failed else 200)
