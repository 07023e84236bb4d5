"""Reads of a case's billing lines: through the case's own door, scoped to the user and logged."""

from secondopinion.accounts.models import User
from secondopinion.billing.models import BillingLine
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_get
from secondopinion.core.prepared import Prepared

_LINES = Prepared(
    lambda case_id: (
        BillingLine.objects.filter(case_id=case_id).select_related("tariff").order_by("service_date", "id")
    ),
    "case_id",
)


def billing_lines_of(case: SecondOpinionCase) -> list[BillingLine]:
    """The lines of a case the caller has already read through `case_get`, oldest first: read once
    per case instance and state, then reused (the page's billing panel, its form and the
    reimbursement guidance all show them). None to read when the case was read with its facts
    (cases/snapshot.py with_rule_facts) and those name no billed code."""
    key = (case.pk, case.status, case.version, case.updated_at)
    cached = case.__dict__.get("_tm_billing_lines")
    if cached is not None and cached[0] == key:
        return cached[1]
    codes = case.__dict__.get("tm_codes", "unread")
    lines: list[BillingLine] = [] if codes is None or codes == "" else _LINES.all(case_id=case.pk)  # type: ignore[assignment]
    for line in lines:
        line._state.fields_cache["case"] = case
    case.__dict__["_tm_billing_lines"] = (key, lines)
    return lines


def billing_lines_for(
    *, user: User, case_id: int, source: str
) -> tuple[SecondOpinionCase, list[BillingLine]]:
    """The case's billing lines for a user related to it (R25); NotFound for anyone else."""
    case, _roles = case_get(user=user, case_id=case_id, source=source, data="billing")
    return case, billing_lines_of(case)
