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


def lockout_username(request: HttpRequest, credentials: Any = None) -> str | None:
    """The name django-axes counts failed logins under (AXES_USERNAME_CALLABLE): one counter per
    account, however it is written. The backends find an account by its username or e-mail address
    without regard to case, so "Petra", "PETRA" and petra's e-mail address are one account and share
    her attempts; an unknown name is counted in lower case. Cut to the column's 255 characters, so an
    absurdly long name is a failed login like any other."""
    data = credentials if credentials else getattr(request, "data", None) or getattr(request, "POST", {})
    raw = data.get("username") or data.get("email") or data.get("login")
    if not isinstance(raw, str):
        return None
    name = raw.strip().lower()[:255]
    if not name:
        return None
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    found = (
        get_user_model()
        .objects.filter(Q(username__iexact=name) | Q(email__iexact=name))
        .order_by("pk")
        .values_list("username", flat=True)
        .first()
    )
    return (found or name).lower()[:255]
