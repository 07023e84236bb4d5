"""Where a form may send the browser next: a path of this site, nothing else."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def site_path(request: HttpRequest, candidate: str) -> str | None:
    """`candidate` when it is a path of this site ("/meldingen/?page=2"), else None. Another site is
    refused by the host check; a word without a slash ("abc") would pass it, and redirect() would look
    it up as a view's name and fail, so only a path is taken."""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None
