"""What a step could have written, so a test can prove that a refused step wrote nothing."""

from typing import Any

from secondopinion.audit.models import AccessEvent
from secondopinion.billing.models import BillingLine
from secondopinion.cases.models import Agreements, ExplanationItem, SecondOpinionCase, StatusChange
from secondopinion.records.models import Findings
from secondopinion.reports.models import Addendum, Report


def footprint(case_id: int | None = None) -> dict[str, Any]:
    """The case row and its report as stored, and how many rows of every kind a step writes exist."""
    return {
        "case": SecondOpinionCase.objects.filter(pk=case_id).values().first(),
        "report": Report.objects.filter(case_id=case_id).values().first(),
        "cases": SecondOpinionCase.objects.count(),
        "explanation_items": ExplanationItem.objects.count(),
        "agreements": Agreements.objects.count(),
        "status_changes": StatusChange.objects.count(),
        "access_events": AccessEvent.objects.count(),
        "findings": Findings.objects.count(),
        "billing_lines": BillingLine.objects.count(),
        "addenda": Addendum.objects.count(),
    }
