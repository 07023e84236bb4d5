"""What the request wizard's summary tells about costs and time before the patient submits: the expected
cost at the chosen practice (billing/prices.py), what the insurance usually pays for this protocol,
referral and the patient's age (R26, billing/reimbursement.py), and how long a second opinion there is
expected to take (protocols/durations.py, with the practice's own days)."""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language

from secondopinion.accounts.models import User
from secondopinion.billing.prices import NO_CODE, expected_cost, more_procedures
from secondopinion.billing.reimbursement import insurance_guidance
from secondopinion.planning.selectors import step_days
from secondopinion.protocols.durations import total_days


def _birth(user: User, answers: dict[str, Any]) -> dt.date | None:
    """The date of birth of the patient the request is for: the user's own, or the represented patient's
    (a representation of this user; anyone else's is not read)."""
    if answers.get("requester_kind") == "representative":
        patient_id = answers.get("represented")
        if not isinstance(patient_id, int):
            return None
        births = user.representations.filter(patient_id=patient_id).values_list(
            "patient__date_of_birth", flat=True
        )
        return next(iter(births), None)
    patient = getattr(user, "patient", None)
    return patient.date_of_birth if patient is not None else None


def summary_costs(
    *, user: User, answers: dict[str, Any], protocol: str, organisation_id: int | None
) -> dict[str, Any]:
    today = timezone.localdate()
    language = get_language() or "nl"
    estimate = expected_cost(protocol=protocol, organisation_id=organisation_id, day=today)
    insurance = insurance_guidance(
        protocol=protocol,
        has_referral=answers.get("has_referral") == "yes",
        birth=_birth(user, answers),
        on=today,
    )
    days = total_days(step_days(organisation_id=organisation_id, protocol=protocol))
    return {
        "cost_estimate": estimate.text(language) if estimate is not None else NO_CODE.in_language(language),
        "cost_more": more_procedures(protocol, language),
        "cost_insurance": insurance.in_language(language),
        "expected_weeks": max(1, round(days / 7)),
    }
