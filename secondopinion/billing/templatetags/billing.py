"""The case page's billing panel (R25), reimbursement guidance (R26) and expected cost."""

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from secondopinion.billing.amounts import amount_text, priced_lines, total_text
from secondopinion.billing.ended import ended_costs
from secondopinion.billing.prices import NO_CODE, euros, expected_cost, more_procedures
from secondopinion.billing.reimbursement import RULE_ID, case_insurance, reimbursement_guidance
from secondopinion.billing.selectors import billing_lines_of
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.protocols.registry import get_protocol

register = template.Library()


def _billed(case: SecondOpinionCase, language: str) -> tuple[list[dict[str, Any]], str]:
    """The case's lines as the tables show them, each with its amount, and the total in words. The
    prices are read with the expected cost's code, which the panel prices next (one query, or none
    once kept)."""
    lines = billing_lines_of(case)
    if not lines:
        return [], ""
    english = language.startswith("en")
    own = get_protocol(case.protocol).billing_code_on(timezone.localdate())
    bill = priced_lines(lines, case.organisation_id, also=[own.code] if own is not None else [])
    rows = [
        {
            "code": priced.line.tariff.code,
            "description": priced.line.tariff.description_en
            if english
            else priced.line.tariff.description_nl,
            "date": priced.line.service_date,
            "quantity": priced.line.quantity,
            "amount": amount_text(priced.amount_cents, language),
            "known": priced.price is not None,
            "unit": euros(priced.price.amount_cents, language) if priced.price is not None else "",
        }
        for priced in bill.lines
    ]
    return rows, total_text(bill, language)


@register.inclusion_tag("billing/case_billing.html", takes_context=True)
def case_billing(context: template.Context, case: SecondOpinionCase, *, lines: bool = True) -> dict[str, Any]:
    """For a case the page has already read (and logged): its lines and what the patient is told,
    and the form to add a line where the page offers it (billing/panel.py, for the giver and the
    coordinator)."""
    language = get_language() or "nl"
    rows, total = _billed(case, language)
    guidance = reimbursement_guidance(case)
    estimate = expected_cost(
        protocol=case.protocol, organisation_id=case.organisation_id, day=timezone.localdate()
    )
    return {
        "estimate": estimate.text(language) if estimate is not None else NO_CODE.in_language(language),
        "case": case,
        "rows": rows,
        "total": total,
        "show_lines": lines,
        "reimbursement": guidance.text.in_language(get_language()),
        "rule_id": RULE_ID,
        "plain": context.get("plain", False),  # the patient's view: no rule ids
        "form": context.get("billing_form"),
        "error": context.get("billing_error"),
        # The form posts with the page's CSRF token.
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def case_costs(case: SecondOpinionCase) -> dict[str, Any]:
    """What the patient is told about the costs of this case: the expected cost of the second opinion at
    its organisation today (billing/prices.py), what the insurance usually pays for this protocol, referral
    and the patient's age (R26), and the lines billed so far."""
    language = get_language() or "nl"
    rows, total = _billed(case, language)
    estimate = expected_cost(
        protocol=case.protocol, organisation_id=case.organisation_id, day=timezone.localdate()
    )
    ended = ended_costs(case.status, billed=bool(rows), has_code=estimate is not None)
    if ended is not None:
        # No second opinion will come: no expected cost; the insurance matters only for what was billed.
        return {
            "estimate": ended.in_language(language),
            "more": "",
            "insurance": case_insurance(case).in_language(language) if rows else "",
            "rows": rows,
            "total": total,
        }
    return {
        "estimate": estimate.text(language) if estimate is not None else NO_CODE.in_language(language),
        "more": more_procedures(case.protocol, language),
        "insurance": case_insurance(case).in_language(language),
        "rows": rows,
        "total": total,
    }
