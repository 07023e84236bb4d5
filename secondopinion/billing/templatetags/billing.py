"""The case page's billing panel (R25) and reimbursement guidance (R26)."""

from typing import Any

from django import template
from django.utils.translation import get_language

from secondopinion.billing.reimbursement import RULE_ID, reimbursement_guidance
from secondopinion.billing.selectors import billing_lines_of
from secondopinion.cases.models import SecondOpinionCase

register = template.Library()


@register.inclusion_tag("billing/case_billing.html", takes_context=True)
def case_billing(context: template.Context, case: SecondOpinionCase, *, lines: bool = True) -> dict[str, Any]:
    """For a case the page has already read (and logged): its lines and what the patient is told,
    and the form to add a line where the page offers it (billing/panel.py, for the giver and the
    coordinator)."""
    english = (get_language() or "nl").startswith("en")
    rows = [
        {
            "code": line.tariff.code,
            "description": line.tariff.description_en if english else line.tariff.description_nl,
            "date": line.service_date,
            "quantity": line.quantity,
        }
        for line in billing_lines_of(case)
    ]
    guidance = reimbursement_guidance(case)
    return {
        "case": case,
        "rows": rows,
        "show_lines": lines,
        "reimbursement": guidance.text.in_language(get_language()),
        "rule_id": RULE_ID,
        "plain": context.get("plain", False),  # the patient's view: no rule ids
        "form": context.get("billing_form"),
        "error": context.get("billing_error"),
        # The form posts with the page's CSRF token.
        "csrf_token": context.get("csrf_token"),
    }
