"""django-axes' lockout answer for any request (AXES_LOCKOUT_CALLABLE): a problem on the API, JSON
to the passkey's ceremony, the lockout page on the web. It lives with the settings, which may know
every face; none of them knows the others."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        from secondopinion.api.auth import lockout_problem

        return lockout_problem(request)
    match = getattr(request, "resolver_match", None)
    if match is not None and "otp_webauthn" in match.namespaces:
        from secondopinion.accounts.passkeys import lockout_answer

        return lockout_answer(request)  # JSON, which the passkey's script shows
    from secondopinion.accounts.lockout import lockout_page

    return lockout_page(request)
