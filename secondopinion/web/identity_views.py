"""Who the patient is, on the web: the confirmation of a patient named by BSN and date of birth
before a request is submitted ("is this the right patient?": initials and year of birth only), and
the coordinator's desk check of a patient's identity (BSN, date of birth and an ID document).

The words are bilingual Text (Dutch by default, complete English); the logic is in
directory/identification.py. This module imports nothing from web/views.py (which imports it)."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import lazy
from django.views.decorators.cache import never_cache

from secondopinion.access.policy import coordinator_organisations
from secondopinion.core.day_field import birth_date_field
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.core.text import Text
from secondopinion.directory.identification import (
    METHOD_LABELS,
    identity_desk_find,
    identity_verify_desk,
    patient_identify,
)
from secondopinion.directory.models import Patient
from secondopinion.directory.validators import validate_bsn
from secondopinion.web.audit_forms import BAD_DATE
from secondopinion.web.forms import SubmitForm, WebForm

SOURCE = "web"

WORDS = {
    "confirm_title": Text("Is dit de juiste patiënt?", "Is this the right patient?"),
    "confirm_lead": Text(
        "Met dit BSN en deze geboortedatum vonden wij deze patiënt. Controleer de voorletters en het "
        "geboortejaar voordat u het verzoek indient.",
        "With this BSN and date of birth we found this patient. Check the initials and the year of birth "
        "before you submit the request.",
    ),
    "initials": Text("Voorletters", "Initials"),
    "birth_year": Text("Geboortejaar", "Year of birth"),
    "confirm_yes": Text("Ja, dit is de patiënt: verzoek indienen", "Yes, this is the patient: submit"),
    "confirm_no": Text("Nee, terug naar het formulier", "No, back to the form"),
    "desk_title": Text("Identiteit controleren aan de balie", "Check identity at the desk"),
    "desk_lead": Text(
        "Voordat er medische gegevens worden opgevraagd, moet de identiteit van de patiënt vaststaan. "
        "Controleer het BSN, de geboortedatum en een geldig identiteitsbewijs (paspoort, identiteitskaart "
        "of rijbewijs) van de patiënt die voor u staat. U vindt alleen patiënten met een casus bij uw "
        "organisatie.",
        "Before medical records are requested, the patient's identity must be established. Check the "
        "BSN, the date of birth and a valid ID document (passport, identity card or driving licence) of "
        "the patient in front of you. You find only patients with a case at your organisation.",
    ),
    "find_title": Text("Patiënt zoeken", "Find the patient"),
    "find": Text("Zoeken", "Find"),
    "found_title": Text("Gevonden patiënt", "Patient found"),
    "verified_on": Text("Identiteit vastgesteld op", "Identity verified on"),
    "not_verified": Text("De identiteit is nog niet vastgesteld.", "The identity has not been verified yet."),
    "verify": Text("Identiteit vastleggen als gecontroleerd", "Record the identity as checked"),
    "done": Text(
        "De identiteit van de patiënt is vastgelegd als gecontroleerd.",
        "The patient's identity is recorded as checked.",
    ),
    "bsn": Text("BSN van de patiënt", "The patient's BSN"),
    "birth_date": Text("Geboortedatum van de patiënt", "The patient's date of birth"),
    "document_checked": Text(
        "Ik heb BSN, geboortedatum en een geldig identiteitsbewijs van de patiënt gecontroleerd; de "
        "patiënt stond voor mij.",
        "I checked the patient's BSN, date of birth and a valid ID document; the patient was in front of me.",
    ),
    "document_required": Text(
        "Bevestig dat u het identiteitsbewijs hebt gecontroleerd.",
        "Confirm that you checked the ID document.",
    ),
}


def _lazy(text: Text) -> Any:
    return lazy(text.__str__, str)()


# --- the confirmation before a request is submitted --------------------------------------------------


def patient_confirmation(request: HttpRequest, form: SubmitForm) -> HttpResponse:
    """The patient named by BSN and date of birth, shown by initials and year of birth with every
    field of the request carried along, to submit once confirmed. A wrong or unknown pair raises the
    one answer of a failed identification (throttled, recorded), which the form shows."""
    if "patient_back" in request.POST:  # not the right patient: the form again, as it was filled in
        return render(request, "web/case_new.html", {"form": form, "error": None})
    data = form.cleaned_data
    patient = patient_identify(
        actor=request.user,  # type: ignore[arg-type]
        bsn=data["patient_bsn"],
        birth_date=data.get("patient_birth_date"),
        source=SOURCE,
        bsn_field="patient_bsn",
        date_field="patient_birth_date",
    )
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "patient_confirmed")
        for value in values
    ]
    context = {
        "words": WORDS,
        "initials": patient.initials,
        "birth_year": patient.date_of_birth.year,
        "carried": carried,
    }
    return render(request, "web/case_confirm_patient.html", context)


# --- the desk check ------------------------------------------------------------------------------


class DeskFindForm(WebForm):
    """Both identifiers: one alone finds nobody."""

    id_prefix = "desk"
    bsn = forms.CharField(label=_lazy(WORDS["bsn"]), max_length=12, validators=[validate_bsn])
    date_of_birth = birth_date_field(
        _lazy(WORDS["birth_date"]),
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class DeskVerifyForm(WebForm):
    id_prefix = "desk-verify"
    patient = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    document_checked = forms.BooleanField(
        label=_lazy(WORDS["document_checked"]),
        required=True,
        error_messages={"required": _lazy(WORDS["document_required"])},
    )


@never_cache
@login_required
def identity_desk(request: HttpRequest) -> HttpResponse:
    """A coordinator finds the patient by BSN and date of birth (sent by POST, so they stay out of
    addresses and logs), sees initials and year of birth, and records the identity as checked."""
    user = request.user
    if not coordinator_organisations(user):  # type: ignore[arg-type]
        raise Http404
    verifying = request.method == "POST" and ("document_checked" in request.POST or "patient" in request.POST)
    find = DeskFindForm(request.POST if request.method == "POST" and not verifying else None)
    verify = DeskVerifyForm(request.POST if verifying else None)
    context: dict[str, Any] = {"words": WORDS, "find": find, "verify": verify, "patient": None, "error": None}
    status = 200
    if find.is_bound:
        if find.is_valid():
            try:
                patient = identity_desk_find(
                    actor=user,  # type: ignore[arg-type]
                    bsn=find.cleaned_data["bsn"],
                    birth_date=find.cleaned_data["date_of_birth"],
                    source=SOURCE,
                )
            except (NotFound, NotPermitted):
                raise
            except DomainError as exc:
                context["error"], status = exc, exc.status
            else:
                context.update(_found(patient))
                context["verify"] = DeskVerifyForm(initial={"patient": patient.pk})
        else:
            status = 422
    elif verify.is_bound:
        if verify.is_valid():
            try:
                identity_verify_desk(
                    actor=user,  # type: ignore[arg-type]
                    patient_id=verify.cleaned_data["patient"],
                    document_checked=True,
                    source=SOURCE,
                )
            except (NotFound, NotPermitted):
                raise
            except DomainError as exc:
                context["error"], status = exc, exc.status
            else:
                messages.success(request, str(WORDS["done"]))
                return redirect("web:identity-desk")
        else:
            # The tick was missing: show the same patient again (only one with a case here).
            patient = _coordinated_patient(request, verify.data.get("patient"))
            context.update(_found(patient))
            status = 422
    return render(request, "web/identity_desk.html", context, status=status)


def _found(patient: Patient) -> dict[str, Any]:
    method = METHOD_LABELS.get(patient.identity_verified_method)
    return {
        "patient": {
            "initials": patient.initials,
            "birth_year": patient.date_of_birth.year,
            "verified_at": patient.identity_verified_at,
            "method": method,
        }
    }


def _coordinated_patient(request: HttpRequest, raw: Any) -> Patient:
    from secondopinion.directory.services import coordinated_organisations_of_patient

    try:
        patient_id = int(raw)
    except (TypeError, ValueError):
        raise Http404 from None
    if not coordinated_organisations_of_patient(request.user, patient_id):  # type: ignore[arg-type]
        raise NotFound(Text("Deze patiënt bestaat niet.", "This patient does not exist."))
    return Patient.objects.get(pk=patient_id)
