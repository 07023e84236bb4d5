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
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MiddlewareNotUsed
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


class _SystemHandler(BaseHandler):
    """Django's own request handling (URL resolution, the view, exception middleware) behind the
    systems' chain. Loaded as Django loads `MIDDLEWARE`, from `SYSTEM_MIDDLEWARE`, synchronously (the
    product is served over WSGI) and without touching the settings."""

    def load_middleware(self, is_async: bool = False) -> None:
        if is_async:
            raise ImproperlyConfigured("The systems' door serves synchronous requests only.")
        self._view_middleware: list[Callable[..., Any]] = []
        self._template_response_middleware: list[Callable[..., Any]] = []
        self._exception_middleware: list[Callable[..., Any]] = []
        handler: Any = convert_exception_to_response(getattr(self, "_get_response"))  # noqa: B009 (untyped)
        for path in reversed(settings.SYSTEM_MIDDLEWARE):
            try:
                middleware = import_string(path)(handler)
            except MiddlewareNotUsed:
                continue
            # The hooks in the order Django calls them: view hooks outermost first, the others innermost first.
            if hasattr(middleware, "process_view"):
                self._view_middleware.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                self._template_response_middleware.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                self._exception_middleware.append(middleware.process_exception)
            handler = convert_exception_to_response(middleware)
        self.chain: Callable[[HttpRequest], HttpResponse] = handler

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
