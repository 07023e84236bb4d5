"""Facts about a user's scope that let a read skip applying it, decided here beside the policy.

`visible_cases_filter` (access/policy.py) is a disjunction; one of its branches is "the case is the
user's own as patient". A read that is already limited to one patient's cases therefore needs no
further scope when that patient is the user: every one of those cases passes the filter anyway.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from secondopinion.accounts.models import User


def sees_every_case_of(user: "User", patient_id: int) -> bool:
    """Whether every case of the patient `patient_id` is visible to `user`, whatever else holds of it:
    true for the patient herself (an active account linked to that patient), false otherwise, also
    for a representative, whose scope depends on the representation and on the case."""
    if not user.is_authenticated or not user.is_active:
        return False
    patient = getattr(user, "patient", None)
    return patient is not None and patient.pk == patient_id
