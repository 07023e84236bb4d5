"""django-axes' lockout answer for any request (AXES_LOCKOUT_CALLABLE): a problem on the API, the
lockout page on the web. It lives with the settings, which may know both faces; neither face knows
the other."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        from secondopinion.api.auth import lockout_problem

        return lockout_problem(request)
    from secondopinion.accounts.lockout import lockout_page

    return lockout_page(request)
