"""The patient's letters on the patient's case view: one line in web/case_patient.html,
`{% load letters %}{% letters_patient case %}`. The page has read (and logged) the case; that read
covers the list of letters shown with it, as for the other panels of the page."""

from typing import Any

from django import template

from secondopinion.access.policy import roles_for
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.letters.selectors import letters_of
from secondopinion.protocols.lifecycle import FINAL_STATES

register = template.Library()


@register.inclusion_tag("letters/panel.html", takes_context=True)
def letters_patient(context: template.Context, case: SecondOpinionCase) -> dict[str, Any]:
    """The letters made on the case and a link to make one, for whoever the table lets read them."""
    roles = context.get("case_roles")
    if roles is None or context.get("case") is not case:
        roles = roles_for(context["request"].user, case)
    return {"case": case, "letters": letters_of(case, roles), "ended": case.status in FINAL_STATES}
