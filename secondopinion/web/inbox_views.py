"""R23: "Reports for me", the inbox of reports made available to a practitioner (or patient), with a
download per sending, its read state, and the practitioner's acknowledgement of receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from secondopinion.accounts.models import User
from secondopinion.core.downloads import attachment
from secondopinion.core.errors import DomainError, NotFound
from secondopinion.distribution import selectors, services

SOURCE = "web"


class AuthenticatedRequest(HttpRequest):
    user: User


@never_cache
@login_required
def report_inbox(request: AuthenticatedRequest) -> HttpResponse:
    """The reports made available to this user in the portal and not withdrawn (R18)."""
    sendings = selectors.report_inbox(user=request.user, source=SOURCE)
    # A patient or representative reads plain words: no rule ids (practitioners see the basis's rule).
    plain = getattr(request.user, "practitioner", None) is None
    return render(request, "web/report_inbox.html", {"sendings": sendings, "plain": plain})


@never_cache
@login_required
def inbox_download(request: AuthenticatedRequest, sending_id: int, kind: str) -> HttpResponse:
    """The sending's report as a file (the report's export door checks and logs); 404 for anyone
    whose inbox does not hold it."""
    try:
        export = services.sending_open(
            user=request.user, sending_id=sending_id, kind=kind, language=get_language(), source=SOURCE
        )
    except NotFound as exc:
        raise Http404 from exc
    return attachment(export)


@require_POST
@login_required
def inbox_acknowledge(request: AuthenticatedRequest, sending_id: int) -> HttpResponse:
    """The practitioner confirms he received and read the report (logged)."""
    try:
        services.sending_acknowledge(actor=request.user, sending_id=sending_id, source=SOURCE)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, str(exc.detail))
        return redirect("web:report-inbox")
    messages.success(request, _("You have confirmed that you received the report."))
    return redirect("web:report-inbox")
