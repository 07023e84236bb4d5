"""The cast's case as the notification tests need it: asked by the representative on the GP's referral."""

import pytest

from secondopinion.cases.services import case_submit
from tests.conftest import representation_in_force, submit_input
from tests.web.conftest import login  # noqa: F401  (the web tests' fixture, for the pages here)


@pytest.fixture
def represented(cast):
    """A request the representative made with the patient's consent in force (R8), the GP referring."""
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative", referrer_id=cast.gp.pk, has_referral=True)
    return case_submit(actor=cast.representative, data=data, source="web")
