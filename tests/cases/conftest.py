"""Reach any state of the lifecycle, final ones included, along the shortest path."""

import pytest

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_transition
from tests.conftest import give_records_consent

# How a case ends early, from `submitted`: who ends it and with what.
EARLY_ENDS = {
    "redirected": ("coordinator", StepInput(classification="transfer_of_care")),
    # A first request is not refused as a repeated one (R9): another weighty reason.
    "refused": (
        "coordinator",
        StepInput(refusal_reason="threat_or_violence", refusal_note="Bedreiging aan de balie."),
    ),
    "withdrawn": ("patient_user", StepInput()),
}


@pytest.fixture
def reach(cast, submit, advance):
    """A fresh case in `state`: `reach("gathering_records")`, `reach("refused")`, …"""

    def _reach(state: str, **submit_overrides) -> SecondOpinionCase:
        case = submit(**submit_overrides)
        give_records_consent(cast, case)
        if state in EARLY_ENDS:
            actor, data = EARLY_ENDS[state]
            return case_transition(
                actor=getattr(cast, actor), case_id=case.pk, to=state, data=data, source="web"
            )
        if state == "gathering_records":
            case = advance(case, "informed")
            return case_transition(
                actor=cast.giver_user, case_id=case.pk, to=state, data=StepInput(), source="web"
            )
        return advance(case, state)

    return _reach
