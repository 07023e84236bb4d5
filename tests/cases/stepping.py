"""Taking a step in the transition tests: as a member of the cast, and (blocked) proving a refused
step changed nothing."""

import pytest

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import (
    RuleBlocked,
)
from secondopinion.protocols.lifecycle import ACTIVE_STATES, Status
from tests.cases.footprint import footprint
from tests.conftest import HAPPY_PATH, step_input

HAPPY_INPUT = {to: values for to, _actor, values in HAPPY_PATH}
INFORM = HAPPY_INPUT["informed"]
FINAL_REPORT = HAPPY_INPUT["report_final"]["report"]
NON_FINAL = [s.value for s in Status if s in ACTIVE_STATES]


def transition(cast, case, to: str, actor: str, values: dict | None = None, **kwargs) -> SecondOpinionCase:
    return case_transition(
        actor=getattr(cast, actor),
        case_id=case.pk,
        to=to,
        data=step_input(cast, values or {}),
        source="web",
        **kwargs,
    )


def blocked(cast, case, to: str, actor: str, values: dict | None = None) -> RuleBlocked:
    """Take a step that a rule must block; return the error after proving nothing changed."""
    before = footprint(case.pk)
    with pytest.raises(RuleBlocked) as error:
        transition(cast, case, to, actor, values)
    assert footprint(case.pk) == before
    return error.value
