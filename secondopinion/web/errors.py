"""One place where the web answers a DomainError, and where every request's refusals reach the
security log (audit/security.py).

`SecurityLogMiddleware` wraps every request, web and API: it collects the refused attempts a request
records and writes them after the response, when the request's transactions have ended (a service
that refuses rolls its transaction back; the record of the refusal stays).

For the web it also maps a DomainError that a view lets through to the answer, in the user's
language: NotFound → the 404 page, NotPermitted → the 403 page with the reason, anything else → an
error page with the detail and the error's own status (400, 409, 422, 429). NotFound and
NotPermitted are recorded in the security log, and so are Http404 and PermissionDenied raised by a
view for a logged-in user (an anonymous visitor's 404 is noise). A view that re-renders its form
with the error keeps catching the DomainError itself: that is form validation, not error mapping.
The API maps its errors itself (api/urls.py).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import PATIENT_DATA_PATHS, collecting, flush, security_record
from secondopinion.core.errors import DomainError, NotFound, NotPermitted


class SecurityLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with collecting() as notes:
            response = self.get_response(request)
        if (
            response.status_code == 404
            and not notes
            and getattr(request, "resolver_match", None) is None
            and request.path.startswith(PATIENT_DATA_PATHS)
        ):
            # An API path under patient data that matches no endpoint: probed, whoever asked (written
            # at once: the request's transactions have ended).
            security_record(request, SecurityEvent.Kind.NOT_FOUND)
        flush(request, notes, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            security_record(request, SecurityEvent.Kind.NOT_FOUND, detail=exception.detail.en)
            return render(request, "404.html", {"detail": exception.detail}, status=404)
        if isinstance(exception, NotPermitted):
            security_record(request, SecurityEvent.Kind.NOT_PERMITTED, detail=exception.detail.en)
            return render(request, "403.html", {"detail": exception.detail}, status=403)
        if isinstance(exception, DomainError):
            response = render(request, "web/error.html", {"error": exception}, status=exception.status)
            retry_after = getattr(exception, "retry_after", None)
            if retry_after:
                response["Retry-After"] = str(retry_after)
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if isinstance(exception, Http404):
                security_record(request, SecurityEvent.Kind.NOT_FOUND)
            elif isinstance(exception, PermissionDenied):
                security_record(request, SecurityEvent.Kind.NOT_PERMITTED, detail=str(exception)[:300])
        return None


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token, or with an expired one (CSRF_FAILURE_VIEW): the product's
    403 page in the user's language, saying what to do, instead of Django's English page."""
    detail = gettext(
        "The form had expired or did not come from this site. Go back, reload the page and try again."
    )
    return render(request, "403.html", {"detail": detail}, status=403)
