"""Reads of a case's billing lines: through the case's own door, scoped to the user and logged."""

from django.db.models import QuerySet

from secondopinion.accounts.models import User
from secondopinion.billing.models import BillingLine
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_get


def billing_lines_of(case: SecondOpinionCase) -> QuerySet[BillingLine]:
    """The lines of a case the caller has already read through `case_get`."""
    return case.billing_lines.select_related("tariff").order_by("service_date", "id")


def billing_lines_for(
    *, user: User, case_id: int, source: str
) -> tuple[SecondOpinionCase, list[BillingLine]]:
    """The case's billing lines for a user related to it (R25); NotFound for anyone else."""
    case, _roles = case_get(user=user, case_id=case_id, source=source, data="billing")
    return case, list(billing_lines_of(case))
