"""The BSN: nine digits that pass the 11-check, checked by python-stdnum."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from secondopinion.directory.models import Patient
from secondopinion.directory.validators import normalise_bsn, validate_bsn
from tests.factories import valid_bsn


@pytest.mark.parametrize("bsn", ["111222333", "123456782", valid_bsn(1), valid_bsn(42)])
def test_it_accepts_a_valid_bsn(bsn):
    validate_bsn(bsn)


@pytest.mark.parametrize(
    "bsn",
    ["111222334", "123456789", "12345678", "1234567820", "12345678a", "abcdefghi", ""],
    ids=[
        "wrong-check-digit",
        "wrong-check-digit-2",
        "eight-digits",
        "ten-digits",
        "a-letter",
        "letters",
        "empty",
    ],
)
def test_it_rejects_an_invalid_bsn_with_a_message_naming_the_value(bsn):
    with pytest.raises(ValidationError) as error:
        validate_bsn(bsn)

    assert error.value.code == "invalid_bsn"
    with translation.override("en"):
        assert error.value.messages == [f"{bsn} is not a valid BSN (9 digits that pass the 11-check)."]
    with translation.override("nl"):
        (message,) = error.value.messages
        assert message.startswith(f"{bsn} is geen geldig BSN")


def test_it_normalises_a_bsn_written_with_dots_and_spaces():
    assert normalise_bsn("1112.22.333 ") == "111222333"


@pytest.mark.django_db
def test_a_patient_with_an_invalid_bsn_fails_full_clean():
    patient = Patient(bsn="111222334", name="Petra de Vries", date_of_birth=dt.date(1970, 5, 17))

    with pytest.raises(ValidationError) as error:
        patient.full_clean()

    assert list(error.value.message_dict) == ["bsn"]
    assert "111222334" in error.value.message_dict["bsn"][0]


@pytest.mark.django_db
def test_a_patient_with_a_valid_bsn_passes_full_clean():
    Patient(bsn="111222333", name="Petra de Vries", date_of_birth=dt.date(1970, 5, 17)).full_clean()
