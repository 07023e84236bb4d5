"""The patient's home page shows her requests still waiting for the practice to look up her own
practitioner, beside her cases: `{% load unlisted %}{% waiting_requests as waiting %}` in
web/home.html (web builds no journey code; the request waits in journey.UnlistedRequest until a
coordinator links it, and only then is it a case). Who reads them is access/unlisted.py's decision,
and the read is logged (journey/unlisted.py unlisted_followed)."""

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext

from secondopinion.journey.models import UnlistedRequest
from secondopinion.journey.unlisted import unlisted_followed

register = template.Library()


@dataclass(frozen=True)
class Waiting:
    """A waiting request as the patient's side reads it: her words, where it waits, in plain words."""

    request: UnlistedRequest
    status: str
    summary: str


@register.simple_tag(takes_context=True)
def waiting_requests(context: template.Context) -> list[Waiting]:
    """The requests the patient's side follows that still wait for their practitioner (one query, and
    one logged read when there are any); none for anyone else."""
    request: Any = context.get("request")
    if request is None or context.get("kind") not in ("patient", "representative"):
        return []
    status = gettext("Sent: the practice looks up the practitioner")
    if context.get("kind") == "representative":
        summary = gettext(
            "The patient's practitioner is not yet in our list. The practice looks them up first; then "
            "the request starts and you can follow it here."
        )
    else:
        summary = gettext(
            "Your practitioner is not yet in our list. The practice looks them up first; then your "
            "request starts and you can follow it here."
        )
    return [Waiting(row, status, summary) for row in unlisted_followed(actor=request.user, source="web")]
