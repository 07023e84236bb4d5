"""The access log, read by the people it is about and by those who review it (NEN 7513)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from secondopinion.audit.selectors import access_events_for_review, access_rows
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.web.audit_forms import AccessLogReviewForm
from secondopinion.web.views import SOURCE, AuthenticatedRequest


@never_cache
@login_required
def access_review(request: AuthenticatedRequest) -> HttpResponse:
    """A complaints officer reviews who accessed the data of the cases their organisation handles."""
    form = AccessLogReviewForm(request.GET or None)
    criteria = form.cleaned_data if form.is_bound and form.is_valid() else {}
    try:
        events = access_events_for_review(
            user=request.user,
            # django-otp's middleware gives every request's user is_verified(): a code given this session.
            verified=bool(getattr(request.user, "is_verified", lambda: False)()),
            case_reference=criteria.get("case") or "",
            start=criteria.get("start"),
            end=criteria.get("end"),
            source=SOURCE,
        )
    except NotFound:
        raise  # the 404 page (web/errors.py)
    except NotPermitted as exc:
        return render(request, "web/second_factor_needed.html", {"error": exc}, status=403)
    except DomainError as exc:
        context = {"form": form, "error": exc, "rows": [], "page": None}
        return render(request, "web/access_review.html", context, status=422)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {"form": form, "error": None, "page": page, "rows": access_rows(page.object_list, exact=True)}
    return render(request, "web/access_review.html", context, status=422 if form.errors else 200)
