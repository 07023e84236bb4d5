"""The case read carries what the case page's "Costs and time" tells: the expected cost of the second
opinion at the case's organisation today (R25: the practice's own price, else the NZa tariff, in euro
cents with the code and the period it is valid in), what the insurance usually pays (R26), and the day
the next step is expected by."""

import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.billing.models import PracticePrice, TariffAmount, TariffCode
from secondopinion.planning.models import StepDuration
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db


def this_year() -> dict:
    year = timezone.localdate().year
    return {"valid_from": dt.date(year, 1, 1), "valid_until": dt.date(year, 12, 31)}


@pytest.fixture
def case_id(api_as, cast) -> int:
    c011 = TariffCode.objects.get(code="C011")
    TariffAmount.objects.filter(tariff=c011, valid_from__year=timezone.localdate().year).delete()
    TariffAmount.objects.create(tariff=c011, amount_cents=14210, **this_year())
    created = api_as("patient_user").post("/cases", case_body(cast))
    assert created.status_code == 201, created.content
    return created.json()["id"]


def test_the_case_read_names_the_tariff_its_amount_and_its_period(api_as, case_id):
    cost = api_as("patient_user").get(f"/cases/{case_id}").json()["expected_cost"]

    assert cost["code"] == "C011"
    assert cost["amount_cents"] == 14210
    assert cost["source"] == "tariff"
    assert cost["valid_from"] == this_year()["valid_from"].isoformat()
    assert cost["valid_until"] == this_year()["valid_until"].isoformat()
    assert "€ 142,10" in cost["text"]
    assert "basisverzekering" in cost["insurance"]


def test_the_practices_own_price_comes_before_the_tariff_in_the_readers_language(api_as, cast, case_id):
    c011 = TariffCode.objects.get(code="C011")
    PracticePrice.objects.create(
        organisation=cast.giving_practice, tariff=c011, amount_cents=9900, **this_year()
    )

    cost = api_as("coordinator", "en").get(f"/cases/{case_id}").json()["expected_cost"]

    assert (cost["amount_cents"], cost["source"]) == (9900, "practice")
    assert (
        cost["text"] == f"The practice charges €99.00 for the second opinion (C011: {cost['description']})."
    )
    assert "basic insurance" in cost["insurance"]


def test_a_year_without_an_amount_has_none_and_says_so(api_as, case_id):
    TariffAmount.objects.filter(valid_from__year=timezone.localdate().year).delete()

    cost = api_as("patient_user").get(f"/cases/{case_id}").json()["expected_cost"]

    assert cost["code"] == "C011"
    assert cost["amount_cents"] is None
    assert cost["valid_from"] is None
    assert cost["text"]


def test_a_protocol_billed_as_a_dbc_has_no_code_and_no_amount(api_as, cast):
    from tests.factories import PractitionerFactory

    specialist = PractitionerFactory(discipline="medical_specialist", organisation=cast.treating_practice)
    body = case_body(cast, protocol="medical-specialist", treating_practitioner_id=specialist.pk)
    created = api_as("patient_user").post("/cases", body)
    assert created.status_code == 201, created.content

    cost = created.json()["expected_cost"]

    assert (cost["code"], cost["amount_cents"], cost["source"]) == (None, None, None)
    assert "zorgverzekeraar" in cost["text"]


def test_the_next_step_is_due_after_the_organisations_planned_days(api_as, cast, case_id):
    StepDuration.objects.create(
        organisation=cast.giving_practice, protocol="dental-knmt", status="submitted", days=4
    )

    due = api_as("patient_user").get(f"/cases/{case_id}").json()["next_step_due"]

    assert due["status"] == "accepted"
    assert due["due"] == (timezone.localdate() + dt.timedelta(days=4)).isoformat()
    assert due["overdue"] is False


def test_a_case_that_ended_has_no_next_step(api_as, cast, case_id):
    refused = api_as("coordinator").post(
        f"/cases/{case_id}/transitions",
        {"to": "refused", "refusal_reason": "threat_or_violence", "refusal_note": "Bedreiging aan de balie."},
    )
    assert refused.status_code == 200, refused.content

    assert refused.json()["next_step_due"] is None
    assert api_as("patient_user").get(f"/cases/{case_id}").json()["next_step_due"] is None
