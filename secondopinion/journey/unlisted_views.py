"""A request with a practitioner in free text: the patient's last step (check and send), and the
coordinator's list and link page (journey/unlisted.py decides who may)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from secondopinion.core.errors import DomainError, NotFound
from secondopinion.directory.models import Organisation
from secondopinion.documents.intake import intake_files
from secondopinion.journey.costs import summary_costs
from secondopinion.journey.intake_views import draft_patient_id
from secondopinion.journey.unlisted import (
    link_candidates,
    unlisted_get,
    unlisted_link,
    unlisted_submit,
    unlisted_waiting,
)
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.web.views import AuthenticatedRequest

SOURCE = "web"
SESSION_KEY = "journey"  # the wizard's answers (journey/views.py)


def unlisted_summary(
    request: AuthenticatedRequest, answers: dict[str, Any], *, acting_for: str = "", **nav: Any
) -> HttpResponse:
    """Check and send a request whose practitioner the practice links first: the same rows as every
    request's check (situation, consents, documents, costs and time), the practitioner as written."""
    error: DomainError | None = None
    if request.method == "POST":
        try:
            unlisted_submit(actor=request.user, answers=answers, source=SOURCE)
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error = exc
        else:
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "Your request has been sent. The practice first looks up your practitioner; then your "
                    "request starts and you see it here."
                ),
            )
            return redirect("web:home")
    protocol = answers.get("protocol", "")
    organisation = Organisation.objects.filter(pk=int(answers.get("organisation") or 0)).first()
    context = {
        **nav,
        # Costs, reimbursement and time, as for every request (journey/costs.py); the protocol is the
        # kind of practitioner the patient chose.
        **(
            summary_costs(
                user=request.user, answers=answers, protocol=protocol, organisation_id=organisation.pk
            )
            if protocol in PROTOCOLS and organisation is not None
            else {}
        ),
        "answers": answers,
        "protocol": PROTOCOLS.get(protocol),
        "organisation": organisation,
        "represented_name": acting_for,
        "acting_for": acting_for,
        "files": intake_files(actor=request.user, patient_id=draft_patient_id(request.user, answers) or 0),
        "error": error,
    }
    return render(
        request, "journey/step_summary_unlisted.html", context, status=error.status if error else 200
    )


@never_cache
@login_required
def unlisted_list(request: AuthenticatedRequest) -> HttpResponse:
    """The coordinator's list of requests whose practitioner is still to be linked."""
    try:
        waiting = unlisted_waiting(actor=request.user)
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "journey/unlisted_list.html", {"waiting": waiting})


@never_cache
@login_required
def unlisted_link_page(request: AuthenticatedRequest, unlisted_id: int) -> HttpResponse:
    """One waiting request: search the directory and link the practitioner; the case is then submitted."""
    error: DomainError | None = None
    try:
        if request.method == "POST":
            chosen = request.POST.get("practitioner", "")
            case = unlisted_link(
                actor=request.user,
                request_id=unlisted_id,
                practitioner_id=int(chosen) if chosen.isdigit() else 0,
                source=SOURCE,
            )
            messages.success(request, _("Linked; the request is now case %(ref)s.") % {"ref": case.reference})
            return redirect("web:case", case_id=case.pk)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        error = exc
    try:
        unlisted = unlisted_get(actor=request.user, request_id=unlisted_id, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    query = request.GET.get("q", unlisted.practitioner_name).strip()[:100]
    context = {
        "unlisted": unlisted,
        "protocol": PROTOCOLS[unlisted.protocol],
        "query": query,
        "found": link_candidates(unlisted, query),
        "error": error,
    }
    return render(request, "journey/unlisted_link.html", context, status=error.status if error else 200)
