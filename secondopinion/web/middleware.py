"""No cache keeps a page that may show patient data."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# Pages reached without logging in that still show a case: the treating practitioner's upload link.
PRIVATE_VIEWS = frozenset({"web:upload-link"})


class PrivatePagesMiddleware:
    """Every answer to a logged-in user, and every page of a single-purpose link, is sent with
    `Cache-Control: no-store, private`: neither the browser nor a proxy keeps a copy (a shared
    computer's back button, a proxy's cache). Placed after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (user is not None and user.is_authenticated) or (
            match is not None and match.view_name in PRIVATE_VIEWS
        ):
            patch_cache_control(response, no_store=True, private=True)
        return response
