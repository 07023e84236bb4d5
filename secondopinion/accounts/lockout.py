"""What a locked-out login sees (django-axes' AXES_LOCKOUT_CALLABLE): a page on the web,
application/problem+json 429 on the API, both saying for how long, in Dutch or English."""

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secondopinion.core.text import Text


def cool_off_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def locked_out_text(minutes: int) -> Text:
    if minutes:
        return Text(
            f"Te veel mislukte aanmeldpogingen. Probeer het over {minutes} minuten opnieuw.",
            f"Too many failed login attempts. Try again in {minutes} minutes.",
        )
    return Text(
        "Te veel mislukte aanmeldpogingen. Neem contact op met de beheerder.",
        "Too many failed login attempts. Contact the administrator.",
    )


def lockout_page(request: HttpRequest) -> HttpResponse:
    """The web's answer to a locked-out login (the API answers with a problem, api/auth.py)."""
    minutes = cool_off_minutes(request)
    response = render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
