"""The main menu's entries that depend on who is logged in, asked of the access rules rather than
decided in the template."""

from typing import Any

from django import template

from secondopinion.access.policy import offers_coordinator_pages, reads_professional_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def coordinator_menu(context: dict[str, Any]) -> bool:
    """Whether the menu offers a coordinator's pages: the team and recording a consent the patient
    signed on paper, for a patient without e-mail (access/policy.py decides; the pages themselves
    refuse anyone else with 404)."""
    user = context.get("user")
    return user is not None and offers_coordinator_pages(user)


@register.simple_tag(takes_context=True)
def rules_menu(context: dict[str, Any]) -> bool:
    """Whether the menu offers the rule catalogue (rule ids R1-R28, sources, tariff codes): to those who
    work in care (access/policy.py reads_professional_pages), not to a patient, a representative or a
    visitor. The page itself stays reachable by its address."""
    user = context.get("user")
    return user is not None and reads_professional_pages(user)
