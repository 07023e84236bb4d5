"""No cache keeps a page that may show patient data; the website answers only what a browser sends;
an id in an address beyond any database row is not found."""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from secondopinion.core.ids import MAX_ID

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


# What a browser sends to the website: links and forms. PUT, PATCH, DELETE and any other method
# belong to the API (api/, fhir/), which answers them itself.
BROWSER_METHODS = ("GET", "HEAD", "POST")
ALLOW = ", ".join((*BROWSER_METHODS, "OPTIONS"))


class BrowserMethodsMiddleware:
    """The website answers only what a browser sends. Another method gets 405 with the product's page
    and an `Allow` header, OPTIONS gets the `Allow` header alone, before any view runs: no view reads
    patient data for a method it was not written for, and nothing is logged as read. The same answer
    for every path, so it tells nothing about which pages exist. Placed after
    AuthenticationMiddleware, so the page shows the user's own header; CSRF is checked later, in
    front of the view, which these requests never reach."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in BROWSER_METHODS:
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
        else:
            response = render(request, "405.html", status=405)
        response["Allow"] = ALLOW
        return response


class IdsInRangeMiddleware:
    """An id in a page's address (`/cases/<int:case_id>/`) beyond any a database row can have is not
    found (404) before any view runs. Django's `int` converter takes any number of digits, and a
    view's query with `/cases/9223372036854775808/` failed in the database driver (a 500 on SQLite,
    on PostgreSQL too). The API and FHIR check their ids themselves. Placed after
    AuthenticationMiddleware, so the 404 page shows the user's own header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., HttpResponse], view_args: Any, view_kwargs: Any
    ) -> None:
        for value in (*view_args, *view_kwargs.values()):
            if type(value) is int and value > MAX_ID:
                raise Http404
