import pytest

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import InvalidInput
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db


def test_a_coordinator_submits_for_a_patient_named_by_bsn(cast):
    data = submit_input(cast, patient_id=None, patient_bsn=cast.patient.bsn)

    case = case_submit(actor=cast.coordinator, data=data, source="web")

    assert case.patient == cast.patient


@pytest.mark.parametrize(
    ("bsn", "message"),
    [
        ("123456789", "not a valid BSN"),
        ("12345678", "not a valid BSN"),
        ("12345678a", "not a valid BSN"),
        ("100000022", "We cannot submit a request for this patient"),
    ],
    ids=["wrong-check-digit", "eight-digits", "letters", "valid-but-unknown"],
)
def test_it_refuses_an_invalid_or_unknown_bsn_and_creates_nothing(cast, bsn, message):
    with pytest.raises(InvalidInput) as error:
        case_submit(
            actor=cast.coordinator, data=submit_input(cast, patient_id=None, patient_bsn=bsn), source="web"
        )

    assert error.value.field == "patient_bsn"
    assert message in error.value.detail.en
    assert error.value.detail.nl
    assert SecondOpinionCase.objects.count() == 0
