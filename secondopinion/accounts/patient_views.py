"""A self-registered patient's own pages: the profile that links the account to a patient record,
and the request to delete the account. Sign-up, verification, password reset and e-mail change
are django-allauth's pages (under /account/), in this product's look."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from secondopinion.accounts.forms import DeletionRequestForm, PatientProfileForm
from secondopinion.accounts.patients import (
    ProfileOutcome,
    account_deletion_request,
    needs_patient_profile,
    patient_profile_complete,
    profile_on_hold,
)
from secondopinion.accounts.views import safe_next_url


def login_redirect(request: HttpRequest) -> HttpResponse:
    """allauth's login page leads to the one login page, /login/, with the same `next`."""
    query = request.GET.urlencode()
    return redirect(f"{reverse('web:login')}{'?' + query if query else ''}")


@never_cache
@login_required
def patient_profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    next_url = safe_next_url(request)
    if profile_on_hold(user):
        return render(request, "account/patient_profile_waiting.html")
    if not needs_patient_profile(user):
        return redirect(next_url)
    form = PatientProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = patient_profile_complete(user=user, **form.cleaned_data)
        if outcome is ProfileOutcome.ON_HOLD:
            return render(request, "account/patient_profile_waiting.html")
        return redirect(next_url)
    status = 422 if request.method == "POST" else 200
    return render(request, "account/patient_profile.html", {"form": form, "next": next_url}, status=status)


@never_cache
@login_required
def deletion_request(request: HttpRequest) -> HttpResponse:
    form = DeletionRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = account_deletion_request(user=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        return render(request, "account/deletion_requested.html", {"recorded": recorded})
    status = 422 if request.method == "POST" else 200
    return render(request, "account/deletion_request.html", {"form": form}, status=status)
