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

from django.conf import settings
from django.core.exceptions import DisallowedHost, PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from secondopinion.api.problems import TITLES, problem
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import PATIENT_DATA_PATHS, collecting, flush, security_record
from secondopinion.core.errors import DomainError, NotFound, NotPermitted
from secondopinion.core.text import Text
from secondopinion.fhir.outcomes import FhirError, outcome_response


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


# What a bad request (handler400) says, by what made it bad; the rest get UNREADABLE.
UNKNOWN_HOST = Text(
    "Dit verzoek is niet voor deze website bedoeld: de servernaam (Host) is onbekend. Er is niets gewijzigd.",
    "This request was not meant for this website: the server name (Host) is unknown. Nothing was changed.",
)
UNREADABLE = Text(
    "De website kon niet lezen wat er werd gestuurd (bijvoorbeeld te veel velden of een onbekende "
    "tekenset). Er is niets opgeslagen. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
    "The website could not read what was sent (for example too many fields or an unknown character "
    "set). Nothing has been saved. Go back, reload the page and try again.",
)
TOO_LARGE = Text("Het verzoek is groter dan toegestaan.", "The request body is larger than allowed.")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a request Django refused before any view ran (an unknown Host, too many fields, a
    form body in a character set other than UTF-8, a body over DATA_UPLOAD_MAX_MEMORY_SIZE). The API
    answers problem+json and FHIR an OperationOutcome, as their own errors do; the website its own
    page in the user's language (a body too large: 413 with the limit). Nothing reads the request's
    body or form again here: reading it is what failed (Django's own page did, and answered 500)."""
    too_large = isinstance(exception, RequestDataTooBig)
    status = 413 if too_large else 400
    detail = TOO_LARGE if too_large else UNKNOWN_HOST if isinstance(exception, DisallowedHost) else UNREADABLE
    if request.path.startswith("/api/"):
        return problem(status, detail)
    if request.path.startswith("/fhir/"):
        return outcome_response(FhirError(status, detail))
    if too_large:
        limit_kb = max(1, (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) // 1024)
        return render(request, "413.html", {"limit_kb": limit_kb}, status=413)
    return render(request, "400.html", {"title": TITLES[400], "detail": detail}, status=400)
