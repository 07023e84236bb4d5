"""What the case page's appointments card offers (appointments/case_link.html): "open" while times can
still be chosen, moved or cancelled; "past" once the case has ended after a giver took it on, so that
appointments may have been made and can be looked back on; "" where the case can have none — refused,
redirected, or withdrawn before a giver took it on — and the card is not shown. Who may see the card at
all is access/permissions.py's READ_APPOINTMENTS (`may` on the page). Reads nothing."""

from django import template

from secondopinion.appointments.services import open_for_appointments
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.protocols.lifecycle import Status

register = template.Library()

_ENDED_AFTER_THE_GIVER = frozenset({Status.CLOSED, Status.WITHDRAWN})


@register.filter
def appointment_link(case: SecondOpinionCase) -> str:
    if open_for_appointments(case):
        return "open"
    if case.status in _ENDED_AFTER_THE_GIVER and case.giver_id is not None:
        return "past"
    return ""
