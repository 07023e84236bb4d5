"""The door for other systems: requests to the API and to FHIR pass a shorter middleware chain.

A system calls with a bearer token, never with a session cookie or a form, so what the website's
middleware does for a browser — the session, CSRF, the logged-in user and the second factor, allauth,
messages, htmx — does nothing for it but cost time: about a fifth of an API read's CPU. A request
whose path starts with one of `SYSTEM_DOOR_PREFIXES` therefore goes through `SYSTEM_MIDDLEWARE`
(config/settings.py) instead of the rest of `MIDDLEWARE`: the security headers, problem+json, the
language, the security log and the lockout stay. The same URLs, views and access checks answer; only
the chain in front of them is shorter. Everything else goes on through the full chain.

Put it high in `MIDDLEWARE`: what comes before it (the request id, the health checks) runs for both.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.http import HttpRequest, HttpResponse


class _SystemHandler(BaseHandler):
    """Django's own request handling (URL resolution, the view, exception middleware) behind the
    systems' chain. Django's loader reads `settings.MIDDLEWARE`; it is given the systems' list while
    it loads, once, when the process starts serving."""

    def load_middleware(self, is_async: bool = False) -> None:
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = list(settings.SYSTEM_MIDDLEWARE)
        try:
            super().load_middleware(is_async=is_async)
        finally:
            settings.MIDDLEWARE = full
        self.chain: Callable[[HttpRequest], HttpResponse] = getattr(self, "_middleware_chain")  # noqa: B009

    def answer(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.chain(request)
        return response


class SystemDoorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.SYSTEM_DOOR_PREFIXES)
        self.systems = _SystemHandler()
        self.systems.load_middleware()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.prefixes):
            return self.systems.answer(request)
        return self.get_response(request)
