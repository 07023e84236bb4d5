"""R8: a practitioner who initiates a second opinion himself (the treating practitioner, or a GP
as referrer) submits it, after consulting the patient and informing the GP or specialist."""

import pytest

from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db


def practitioner_body(cast, **overrides) -> dict:
    values = {
        "requester_kind": "practitioner",
        "patient_consulted": True,
        "gp_informed": True,
        "care_question": "Ik twijfel zelf aan mijn behandelplan voor 24-26; graag een onafhankelijk oordeel.",
    }
    return case_body(cast, **{**values, **overrides})


def test_the_treating_practitioner_submits_one_himself_and_refers_for_it(api_as, cast):
    dentist = api_as("treating_user")

    response = dentist.post("/cases", practitioner_body(cast))

    assert response.status_code == 201, response.content
    case = response.json()
    assert case["requester_kind"] == "practitioner"
    assert case["referrer"]["id"] == cast.treating.pk
    assert case["has_referral"] is True
    assert dentist.get(f"/cases/{case['id']}").status_code == 200
    stored = SecondOpinionCase.objects.get(pk=case["id"])
    assert (stored.patient_consulted, stored.gp_informed, stored.requester) == (
        True,
        True,
        cast.treating_user,
    )


def test_a_gp_submits_one_as_referrer(api_as, cast):
    gp = api_as("gp_user")

    response = gp.post("/cases", practitioner_body(cast, referrer_id=cast.gp.pk))

    assert response.status_code == 201, response.content
    case = response.json()
    assert case["referrer"]["id"] == cast.gp.pk
    assert case["treating_practitioner"]["id"] == cast.treating.pk
    assert case["timeline"][0]["actor_role"] == "referrer"
    assert gp.get(f"/cases/{case['id']}").status_code == 200


@pytest.mark.parametrize(
    ("language", "detail"), [("nl", "na overleg met de patiënt"), ("en", "after consulting")]
)
def test_without_consulting_the_patient_r8_blocks_and_nothing_is_stored(api_as, cast, language, detail):
    response = api_as("treating_user", language).post(
        "/cases", practitioner_body(cast, patient_consulted=False)
    )

    assert response.status_code == 422
    problem = response.json()
    assert problem["rule_ids"] == ["R8"]
    assert detail in problem["violations"][0]["detail"]
    assert not SecondOpinionCase.objects.exists()


def test_without_informing_the_gp_r8_blocks(api_as, cast):
    response = api_as("gp_user").post("/cases", practitioner_body(cast, gp_informed=False))

    assert response.status_code == 422
    assert response.json()["rule_ids"] == ["R8"]


def test_a_practitioner_who_neither_treats_nor_refers_cannot_submit_as_practitioner(api_as, cast):
    response = api_as("colleague_user").post("/cases", practitioner_body(cast, referrer_id=cast.gp.pk))

    # The one answer for a patient one may not submit for, as for an unknown one (tests/security/).
    assert response.status_code == 422
    assert response.json()["field"] == "patient_id"
    assert not SecondOpinionCase.objects.exists()
