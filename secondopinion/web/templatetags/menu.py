"""The main menu's entries that depend on who is logged in, asked of the access rules rather than
decided in the template."""

from typing import Any

from django import template

from secondopinion.access.permissions import Action, permitted
from secondopinion.access.policy import coordinator_organisations
from secondopinion.core.roles import Role

register = template.Library()

COORDINATOR = frozenset({Role.COORDINATOR})


@register.simple_tag(takes_context=True)
def coordinator_menu(context: dict[str, Any]) -> bool:
    """Whether the menu offers a coordinator's pages: the team and recording a consent the patient
    signed on paper (R8), for a patient without e-mail. Only for someone who coordinates for an
    organisation, and only while the access table lets a coordinator record a consent; the pages
    themselves refuse anyone else (404)."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(coordinator_organisations(user)) and permitted(Action.RECORD_CONSENT, COORDINATOR)
