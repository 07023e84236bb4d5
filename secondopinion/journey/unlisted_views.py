"""A request with a practitioner in free text: the patient's last step (check and send), and the
coordinator's list and view of one request, where he picks the practitioner from the register or adds
him to it (access/unlisted.py decides who may, journey/unlisted.py does it)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from secondopinion.access.actions import Action
from secondopinion.access.unlisted import unlisted_for
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.core.ids import id_from
from secondopinion.core.invisible import search_text
from secondopinion.directory.models import Organisation
from secondopinion.documents.intake import intake_files
from secondopinion.journey.costs import summary_costs
from secondopinion.journey.intake_views import draft_patient_id
from secondopinion.journey.once import landing, submit_key, submit_once
from secondopinion.journey.unlisted import (
    link_candidates,
    unlisted_get,
    unlisted_link,
    unlisted_register,
    unlisted_submit,
    unlisted_waiting,
)
from secondopinion.journey.unlisted_forms import AddPractitionerForm
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.web.presenters import attach_error
from secondopinion.web.views import AuthenticatedRequest

SOURCE = "web"
SESSION_KEY = "journey"  # the wizard's answers (journey/views.py)


def unlisted_summary(
    request: AuthenticatedRequest, answers: dict[str, Any], *, acting_for: str = "", **nav: Any
) -> HttpResponse:
    """Check and send a request whose practitioner the practice links first: the same rows as every
    request's check (situation, consents, documents, costs and time), the practitioner as written."""
    error: DomainError | None = None
    key = submit_key(request, answers)
    if request.method == "POST":
        try:
            sending, first = submit_once(
                actor=request.user,
                key=key,
                submit=lambda: unlisted_submit(actor=request.user, answers=answers, source=SOURCE),
            )
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error = exc
        else:
            if not first:
                return landing(request, sending)
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                _(
                    "Your request has been sent. The practice first looks up your practitioner; then your "
                    "request starts. You can follow it here."
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
        "submit_key": key,
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


def _link_page(
    request: AuthenticatedRequest,
    unlisted_id: int,
    *,
    error: DomainError | None = None,
    add_form: AddPractitionerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The coordinator's view of one waiting request: what the patient wrote, the register searched
    (her words first) to pick him from, and the form to add him when he is not listed."""
    unlisted = unlisted_get(actor=request.user, request_id=unlisted_id, source=SOURCE)
    query = search_text(request.GET.get("q", unlisted.practitioner_name)).strip()[:100]
    context = {
        "unlisted": unlisted,
        "protocol": PROTOCOLS[unlisted.protocol],
        "query": query,
        "found": link_candidates(unlisted, query),
        "add_form": add_form or AddPractitionerForm(request=unlisted),
        "error": error,
    }
    return render(request, "journey/unlisted_link.html", context, status=error.status if error else status)


@never_cache
@login_required
def unlisted_link_page(request: AuthenticatedRequest, unlisted_id: int) -> HttpResponse:
    """One waiting request: search the register and link the practitioner; the case is then submitted."""
    if request.method != "POST":
        return _link_page(request, unlisted_id)
    chosen = request.POST.get("practitioner", "")
    try:
        case = unlisted_link(
            actor=request.user,
            request_id=unlisted_id,
            practitioner_id=id_from(chosen) or 0,
            source=SOURCE,
        )
    except (NotFound, NotPermitted):
        raise
    except DomainError as exc:
        return _link_page(request, unlisted_id, error=exc)
    messages.success(request, _("Linked; the request is now case %(ref)s.") % {"ref": case.reference})
    return redirect("web:case", case_id=case.pk)


@never_cache
@login_required
def unlisted_register_page(request: AuthenticatedRequest, unlisted_id: int) -> HttpResponse:
    """Add the patient's practitioner to the register and link him; the case is then submitted. A
    refused field is shown at the field, and nothing changes. A reload (GET) goes back to the request."""
    # Who may is decided first, for a reload too (a stranger: 404, the patient's side: 403).
    unlisted, _role = unlisted_for(request.user, unlisted_id, Action.LINK_PRACTITIONER)
    if request.method != "POST":
        return redirect("journey:unlisted-link", unlisted_id=unlisted_id)
    form = AddPractitionerForm(request.POST, request=unlisted)
    if not form.is_valid():
        return _link_page(request, unlisted_id, add_form=form, status=422)
    try:
        case = unlisted_register(
            actor=request.user, request_id=unlisted_id, entry=form.to_entry(), source=SOURCE
        )
    except (NotFound, NotPermitted):
        raise
    except DomainError as exc:
        left = attach_error(form, exc)
        return _link_page(request, unlisted_id, error=left, add_form=form, status=exc.status)
    messages.success(
        request,
        _("Added to the register and linked; the request is now case %(ref)s.") % {"ref": case.reference},
    )
    return redirect("web:case", case_id=case.pk)
