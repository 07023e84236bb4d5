"""Every scenario of scenarios.py, run through the API as the user who would really act."""

import pytest

from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.api.conftest import ApiClient
from tests.factories import PractitionerFactory, UserFactory
from tests.scenarios.scenarios import SCENARIOS, Scenario

pytestmark = pytest.mark.django_db


def _practitioners(cast, scenario: Scenario):
    """A treating practitioner of the protocol's discipline, and an independent giver of the same."""
    treating = PractitionerFactory(
        discipline=scenario.discipline,
        specialism=scenario.specialism,
        organisation=cast.treating_practice,
    )
    giver = PractitionerFactory(
        discipline=scenario.discipline,
        specialism=scenario.specialism,
        organisation=cast.giving_practice,
        ont_member=scenario.discipline == "denturist",
    )
    return treating, giver


def _body(cast, scenario: Scenario, treating) -> dict:
    referrer = {"gp": cast.gp, "treating": treating}.get(scenario.referrer or "")
    return {
        "protocol": scenario.protocol,
        "patient_id": cast.patient.pk,
        "organisation_id": cast.giving_practice.pk,
        "treating_practitioner_id": treating.pk,
        "care_question": scenario.care_question,
        "subject": scenario.subject,
        "treatment_started": scenario.treatment_started,
        "requester_kind": scenario.requester_kind,
        "referrer_id": referrer.pk if referrer else None,
        "has_referral": scenario.has_referral,
        "under_treatment": scenario.under_treatment,
        "wants_transfer": scenario.wants_transfer,
        "own_practitioner_informed": scenario.own_practitioner_informed,
        "patient_consulted": scenario.patient_consulted,
        "gp_informed": scenario.gp_informed,
        "care_plan_available": scenario.care_plan_available,
    }


def _submitter(cast, scenario: Scenario):
    """The patient asks for himself; another requester kind is recorded by the coordinator."""
    return cast.patient_user if scenario.requester_kind == "patient" else cast.coordinator


def _blocking_rules(client: ApiClient, protocol: str, target: str) -> set[str]:
    catalogue = {p["code"]: p for p in client.get("/protocols").json()}
    return {r["id"] for r in catalogue[protocol]["rules"] if target in r["guards"] and r["blocking"]}


def _triage_body(scenario: Scenario, earlier_id: int | None = None) -> dict:
    if scenario.triage == "accept":
        return {"to": "accepted", "classification": scenario.triage_classification or "second_opinion"}
    if scenario.triage == "redirect":
        return {
            "to": "redirected",
            "classification": scenario.triage_classification or scenario.suggested,
            "note": "Advies vastgelegd bij de intake.",
        }
    return {
        "to": "refused",
        "refusal_reason": "repeated_request",
        "refusal_note": scenario.refusal_note,
        "repeats_case_ids": [earlier_id],  # R9: the earlier request it repeats
    }


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.slug for s in SCENARIOS])
def test_the_scenario_is_submitted_classified_and_triaged_as_the_seeds_say(cast, scenario: Scenario):
    treating, giver = _practitioners(cast, scenario)
    earlier_id = None
    if scenario.triage == "refuse":
        # R9: a request is refused as a repeated one only after an earlier one on the same question.
        earlier = ApiClient(_submitter(cast, scenario)).post("/cases", _body(cast, scenario, treating))
        assert earlier.status_code == 201, earlier.content
        earlier_id = earlier.json()["id"]
    created = ApiClient(_submitter(cast, scenario)).post("/cases", _body(cast, scenario, treating))

    if scenario.refused_status is not None:
        assert created.status_code == scenario.refused_status, created.content
        assert created["Content-Type"].startswith("application/problem+json")
        assert sorted(created.json()["rule_ids"]) == sorted(scenario.refused_by)
        return
    assert created.status_code == 201, created.content
    case_id = created.json()["id"]
    coordinator = ApiClient(cast.coordinator)
    detail = coordinator.get(f"/cases/{case_id}").json()
    assert detail["status"] == "submitted"
    assert detail["suggested_classification"] == scenario.suggested
    assert detail["suggestion_rule_ids"] == list(scenario.suggested_by)
    if scenario.triage is None:
        return

    triaged = coordinator.post(f"/cases/{case_id}/transitions", _triage_body(scenario, earlier_id))

    after = coordinator.get(f"/cases/{case_id}").json()
    if scenario.triage_blocked_by:
        assert triaged.status_code == 422, triaged.content
        assert sorted(triaged.json()["rule_ids"]) == sorted(scenario.triage_blocked_by)
        assert (after["status"], after["version"]) == ("submitted", detail["version"])
        return
    assert triaged.status_code == 200, triaged.content
    assert after["status"] == scenario.triage_target
    assert after["suggestion_rule_ids"] is None
    # The step records every blocking rule of the protocol that guards it, as the catalogue lists them.
    guarding = _blocking_rules(coordinator, scenario.protocol, scenario.triage_target)
    assert after["timeline"][-1]["to_status"] == scenario.triage_target
    assert guarding <= set(after["timeline"][-1]["rule_ids"])
    assert guarding == set(scenario.triage_passes), scenario.name
    if scenario.triage == "redirect":
        assert after["classification"] == scenario.suggested
    if scenario.triage != "accept":
        return
    assert after["classification"] == "second_opinion"
    # R3: an accepted denturist case holds the prosthesis as it is.
    assert (after["prosthesis_hold_since"] is not None) == (scenario.protocol == "denturist-ont")
    # R10: an unconnected giver of the same discipline (and specialism) can be assigned.
    assigned = coordinator.post(f"/cases/{case_id}/transitions", {"to": "assigned", "giver_id": giver.pk})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["status"] == "assigned"


def test_there_are_enough_scenarios_and_every_protocol_is_covered():
    assert len(SCENARIOS) >= 30
    assert {s.protocol for s in SCENARIOS} == {
        "dental-knmt",
        "denturist-ont",
        "medical-specialist",
        "general-practice",
    }
    assert len({s.slug for s in SCENARIOS}) == len(SCENARIOS)
    for scenario in SCENARIOS:
        assert (scenario.refused_status is None) != (scenario.suggested is None), scenario.name
        # Every scenario names the rule ids behind its outcome.
        assert scenario.refused_by or scenario.suggested_by, scenario.name


@pytest.mark.parametrize("protocol", ["medical-specialist", "general-practice"])
def test_a_medical_second_opinion_report_can_be_finalised_and_the_case_closed(cast, protocol):
    discipline = {"medical-specialist": "medical_specialist", "general-practice": "gp"}[protocol]
    treating = PractitionerFactory(
        discipline=discipline, specialism="neurologie", organisation=cast.treating_practice
    )
    giver = PractitionerFactory(
        user=UserFactory(username="specialist-gever"),
        discipline=discipline,
        specialism="neurologie",
        organisation=cast.giving_practice,
    )
    body = {
        "protocol": protocol,
        "patient_id": cast.patient.pk,
        "organisation_id": cast.giving_practice.pk,
        "treating_practitioner_id": treating.pk,
        "care_question": "Klopt de diagnose?",
        "subject": "diagnosis",
        "treatment_started": True,
    }
    case_id = ApiClient(cast.patient_user).post("/cases", body).json()["id"]
    coordinator, giver_api = ApiClient(cast.coordinator), ApiClient(giver.user)
    steps = [
        (coordinator, {"to": "accepted", "classification": "second_opinion"}),
        (coordinator, {"to": "assigned", "giver_id": giver.pk}),
        (
            giver_api,
            {
                "to": "informed",
                "explanation_items": list(EXPLANATION_ITEMS),
                "written_report": True,
                "inform_own_practitioner": False,
                "records_alternative_explained": True,
                "care_question": "Klopt de diagnose, en is de behandeling passend?",
            },
        ),
        (giver_api, {"to": "in_examination"}),
        (giver_api, {"to": "report_draft", "findings": "MRI past bij de diagnose."}),
        (
            giver_api,
            {
                "to": "report_final",
                "report": {"deviations": "Geen.", "consequences": "Geen.", "advice": "Ga door."},
            },
        ),
        (coordinator, {"to": "closed", "closure_decision": "continue_treatment"}),
    ]

    for client, step in steps:
        response = client.post(f"/cases/{case_id}/transitions", step)
        assert response.status_code == 200, (step["to"], response.content)
        if step["to"] == "assigned":
            # R10: the assigned giver declares independence before the case proceeds.
            declared = giver_api.post(f"/cases/{case_id}/independence", {"statement_confirmed": True})
            assert declared.status_code == 201, declared.content
