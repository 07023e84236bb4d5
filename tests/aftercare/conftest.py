import pytest

from secondopinion.cases.services import case_submit
from tests.conftest import representation_in_force, submit_input
from tests.factories import PractitionerFactory


@pytest.fixture
def closed_case(submit, advance):
    return advance(submit(), "closed")


@pytest.fixture
def represented_case(cast):
    """A request the representative made with the patient's consent in force (R8)."""
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative")
    return case_submit(actor=cast.representative, data=data, source="web")


@pytest.fixture
def denturist_case(cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    data = submit_input(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
    )
    return case_submit(actor=cast.patient_user, data=data, source="web")
