"""A BSN is nine ASCII digits; a date filter is YYYY-MM-DD or DD-MM-YYYY and nothing else."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.core.dates import parse_day
from secondopinion.core.errors import InvalidInput
from secondopinion.directory.validators import normalise_bsn, validate_bsn
from secondopinion.web.audit_forms import AccessLogFilterForm, AccessLogReviewForm
from tests.api.conftest import case_body
from tests.conftest import submit_input

FULLWIDTH = (
    "\uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13"  # 111222333, a valid BSN, in fullwidth digits
)
OTHER_DIGITS = [
    FULLWIDTH,
    "\u0661\u0661\u0661\u0662\u0662\u0662\u0663\u0663\u0663",
    "\u09e7\u09e7\u09e7\u09e8\u09e8\u09e8\u09e9\u09e9\u09e9",
    "111\uff12\uff12\uff12333",
    "\U0001d7cf\U0001d7cf\U0001d7cf\U0001d7d0\U0001d7d0\U0001d7d0\U0001d7d1\U0001d7d1\U0001d7d1",
]


@pytest.mark.parametrize("written", OTHER_DIGITS)
def test_a_bsn_in_digits_other_than_ascii_is_refused(written):
    with pytest.raises(ValidationError) as refused:
        validate_bsn(normalise_bsn(written))

    assert refused.value.code == "invalid_bsn"


@pytest.mark.parametrize("written", ["111222333", "1112.22.333", " 111 222 333 ", "111-222-333"])
def test_ascii_digits_with_separators_are_still_taken(written):
    validate_bsn(normalise_bsn(written))
    assert normalise_bsn(written) == "111222333"


@pytest.mark.django_db
@pytest.mark.parametrize("written", OTHER_DIGITS)
def test_the_service_refuses_such_a_bsn_naming_the_field(cast, written):
    cast.patient.bsn = "111222333"
    cast.patient.save()

    with pytest.raises(InvalidInput) as refused:
        case_submit(
            actor=cast.coordinator,
            data=submit_input(cast, patient_id=None, patient_bsn=written),
            source="web",
        )

    assert refused.value.field == "patient_bsn"
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.django_db
def test_the_api_refuses_a_fullwidth_bsn_naming_the_field(cast, api_as):
    cast.patient.bsn = "111222333"
    cast.patient.save()

    response = api_as("coordinator").post("/cases", case_body(cast, patient_id=None, patient_bsn=FULLWIDTH))

    assert response.status_code == 422
    assert response.json()["field"] == "patient_bsn"
    assert SecondOpinionCase.objects.count() == 0


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2025-03-14", dt.date(2025, 3, 14)),
        ("14-03-2025", dt.date(2025, 3, 14)),
        ("4-3-2025", dt.date(2025, 3, 4)),
    ],
)
def test_a_day_is_iso_or_dutch(text, day):
    assert parse_day(text) == day


NOT_DAYS = [
    "0",
    "1",
    "-1",
    "1700000000",
    "20250314",
    "2025-3-4",
    "2025-02-30",
    "14/03/2025",
    "\uff12\uff10\uff12\uff15-03-14",
    "x",
]


@pytest.mark.parametrize("text", NOT_DAYS)
def test_anything_else_is_no_day(text):
    with pytest.raises(ValueError, match=r"date|day"):
        parse_day(text)


@pytest.mark.django_db
@pytest.mark.parametrize("parameter", ["from", "to"])
@pytest.mark.parametrize("value", ["0", "1700000000", "2025-02-30", "14/03/2025"])
def test_the_access_log_api_refuses_a_date_that_is_none_naming_the_field(api_as, parameter, value):
    response = api_as("patient_user", "en").get(f"/patients/me/access-log?{parameter}={value}")

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == parameter


@pytest.mark.django_db
def test_the_access_log_api_takes_both_forms(api_as):
    iso = api_as("patient_user").get("/patients/me/access-log?from=2020-01-01&to=2099-12-31")
    dutch = api_as("patient_user").get("/patients/me/access-log?from=01-01-2020&to=31-12-2099")

    assert (iso.status_code, dutch.status_code) == (200, 200)


@pytest.mark.parametrize("form_class", [AccessLogFilterForm, AccessLogReviewForm])
@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("value", ["0", "2025-3-4", "\uff11\uff14-03-2025", "2025-02-30"])
def test_the_access_log_pages_refuse_a_date_that_is_none_on_its_field(form_class, field, value):
    form = form_class({field: value})

    assert not form.is_valid()
    assert list(form.errors) == [field]


@pytest.mark.django_db
def test_the_patients_access_log_page_says_which_date_is_wrong(cast, client):
    client.force_login(cast.patient_user)

    response = client.get(reverse("web:access-log"), {"end": "0"}, secure=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert "Enter a date as day-month-year" in response.content.decode()
