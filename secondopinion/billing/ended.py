"""What the patient is told about costs once a request has ended without a second opinion (R25, R26).

The seeds price the second opinion that is given (000: C011 covers the consults, the examination and the
written opinion); they are silent on a request that stops before it. A Dutch patient expects: a request
the practice redirected or refused at intake costs nothing, because nothing was done; a request withdrawn
later costs what was already done and nothing more. The expected cost of a second opinion that will not
come is not shown then.
"""

from typing import TYPE_CHECKING

from secondopinion.core.text import Text
from secondopinion.protocols.lifecycle import Status

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase

NOTHING_DONE = frozenset({Status.REDIRECTED, Status.REFUSED})

NOT_GIVEN = Text(
    "Er is geen second opinion gegeven. U betaalt niets voor deze aanvraag.",
    "No second opinion was given. You pay nothing for this request.",
)
WITHDRAWN_NOTHING_BILLED = Text(
    "U heeft uw aanvraag ingetrokken. Er is niets in rekening gebracht en er komen geen kosten meer bij.",
    "You withdrew your request. Nothing was billed and no further costs will be added.",
)
WITHDRAWN_BILLED = Text(
    "U heeft uw aanvraag ingetrokken. Er komen geen kosten meer bij. Wat al gedaan is, staat hieronder.",
    "You withdrew your request. No further costs will be added. What was already done is listed below.",
)
WITHDRAWN_DBC = Text(
    "U heeft uw aanvraag ingetrokken. Er komen geen kosten meer bij. Heeft de praktijk of het ziekenhuis al "
    "iets voor u gedaan, dan rekent die dat af via uw zorgverzekeraar.",
    "You withdrew your request. No further costs will be added. If the practice or hospital already did "
    "something for you, it bills that through your health insurer.",
)


def ended_costs(status: str, *, billed: bool, has_code: bool) -> Text | None:
    """What a request that ended without a second opinion costs, in words; None while it runs or once
    the opinion was given (closed). `billed`: the case has billing lines; `has_code`: its protocol bills
    a code in this product (a hospital or GP bills through its own DBC system)."""
    if status in NOTHING_DONE:
        return NOT_GIVEN
    if status != Status.WITHDRAWN:
        return None
    if billed:
        return WITHDRAWN_BILLED
    return WITHDRAWN_NOTHING_BILLED if has_code else WITHDRAWN_DBC


def case_ended_costs(case: "SecondOpinionCase", *, has_code: bool) -> Text | None:
    """`ended_costs` for a case the caller has read; its billing lines are read (once, billing/selectors.py)
    only when it was withdrawn, the one end whose lines matter."""
    from secondopinion.billing.selectors import billing_lines_of  # beside the case's own door

    billed = case.status == Status.WITHDRAWN and bool(billing_lines_of(case))
    return ended_costs(case.status, billed=billed, has_code=has_code)
