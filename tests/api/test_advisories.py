"""Advisory rules (R11, R12, R26) never block, but the API says them: per next state in
GET /transitions, and in the answer of a step or a submission that went past them."""

import pytest

from tests.api.conftest import case_body
from tests.factories import PractitionerFactory

pytestmark = pytest.mark.django_db

GP_CAVEAT = {
    "nl": "Een second opinion over uw eigen huisarts: meestal is er geen andere verwijzer",
    "en": "A second opinion on your own GP: usually there is no other referrer",
}


def gp_case(api_as, cast, language: str = "nl") -> dict:
    """The patient asks for a second opinion on her own GP, without a referral."""
    body = case_body(
        cast,
        protocol="general-practice",
        treating_practitioner_id=cast.gp.pk,
        care_question="Mijn huisarts wil mijn klachten niet laten onderzoeken; klopt zijn diagnose?",
        subject="diagnosis",
    )
    response = api_as("patient_user", language).post("/cases", body)
    assert response.status_code == 201, response.content
    return response.json()


def by_rule(advisories: list[dict]) -> dict[str, dict]:
    return {a["rule_id"]: a for a in advisories}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_submitting_a_second_opinion_on_the_own_gp_answers_with_the_r26_caveat(api_as, cast, language):
    case = gp_case(api_as, cast, language)

    r26 = by_rule(case["advisories"])["R26"]
    assert r26["detail"].startswith(GP_CAVEAT[language])
    assert r26["seeds"] == ["001", "003", "004"]
    assert r26["text"]
    assert case["status"] == "submitted"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_transitions_list_warns_of_the_gp_caveat_on_accepting_without_blocking(api_as, cast, language):
    case = gp_case(api_as, cast)

    body = api_as("coordinator", language).get(f"/cases/{case['id']}/transitions").json()

    accept = next(option for option in body["allowed"] if option["to"] == "accepted")
    r26 = by_rule(accept["advisories"])["R26"]
    assert r26["detail"].startswith(GP_CAVEAT[language])
    assert set(r26) == {"rule_id", "seeds", "text", "detail"}
    assert "R26" not in [b["rule_id"] for b in accept["blocked_by"]]
    withdraw = next(option for option in body["allowed"] if option["to"] == "withdrawn")
    assert withdraw["advisories"] == []


def test_a_step_that_passed_with_advisories_says_them_in_its_answer(api_as, cast):
    case = gp_case(api_as, cast)

    response = api_as("coordinator", "en").post(
        f"/cases/{case['id']}/transitions", {"to": "accepted", "classification": "second_opinion"}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "accepted"
    advisories = by_rule(body["advisories"])
    assert advisories["R26"]["detail"].startswith(GP_CAVEAT["en"])
    assert advisories["R12"]["detail"].startswith("Advised: discuss the second opinion")


def test_a_referral_answers_the_caveat(api_as, cast):
    body = case_body(
        cast,
        protocol="general-practice",
        treating_practitioner_id=cast.gp.pk,
        has_referral=True,
        own_practitioner_informed=True,
    )

    case = api_as("patient_user").post("/cases", body).json()

    assert case["advisories"] == []


def test_assigning_a_denturist_who_is_no_ont_member_warns_with_r11(api_as, cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    giver = PractitionerFactory(discipline="denturist", organisation=cast.giving_practice, ont_member=False)
    body = case_body(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
    )
    case = api_as("patient_user").post("/cases", body).json()
    coordinator = api_as("coordinator")
    coordinator.post(f"/cases/{case['id']}/transitions", {"to": "accepted"})

    assign = next(
        option
        for option in coordinator.get(f"/cases/{case['id']}/transitions").json()["allowed"]
        if option["to"] == "assigned"
    )
    assigned = coordinator.post(f"/cases/{case['id']}/transitions", {"to": "assigned", "giver_id": giver.pk})

    assert "R11" in by_rule(assign["advisories"])
    assert assigned.status_code == 200, assigned.content
    assert by_rule(assigned.json()["advisories"])["R11"]["detail"].startswith("Bij voorkeur")


def test_the_openapi_schema_describes_advisories_holds_and_earlier_requests(client):
    schema = client.get("/api/v1/openapi.json").json()

    components = schema["components"]["schemas"]
    assert {"AdvisoryOut", "HoldOut", "EarlierRequestOut", "ProsthesisAdjustmentIn"} <= set(components)
    assert {"hold", "earlier_requests", "advisories"} <= set(components["CaseOut"]["properties"])
    assert "advisories" in components["TransitionOption"]["properties"]
    assert "/api/v1/cases/{case_id}/prosthesis-adjustment" in schema["paths"]
