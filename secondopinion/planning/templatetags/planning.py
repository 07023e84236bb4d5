"""The expected date of a case's next steps, for the case pages (web/includes/next_step_due.html and
web/includes/cost_and_time.html). For a case the page has already read and logged."""

from django import template

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.planning.selectors import case_expected_steps
from secondopinion.protocols.durations import Expected

register = template.Library()


@register.simple_tag
def expected_steps(case: SecondOpinionCase) -> list[Expected]:
    """Each step still to come with its expected date; empty once the case has ended."""
    return case_expected_steps(case)
