"""R19 and R21: steps during the examination, each with its guard."""

import pytest

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.records.models import ColleagueConsultation, TreatmentPlan

pytestmark = pytest.mark.django_db


def test_consulting_a_colleague_needs_the_patients_consent_for_it(api_as, cast, a_case, advance):
    case = advance(a_case, "in_examination")
    giver = api_as("giver_user")
    body = {"colleague_id": cast.gp.pk, "question": "Ziet u een indicatie voor endo op 36?"}

    refused = giver.post(f"/cases/{case.pk}/colleague-consultations", body)
    api_as("patient_user").post(f"/cases/{case.pk}/consents", {"purpose": "consult_colleague"})
    asked = giver.post(f"/cases/{case.pk}/colleague-consultations", body)

    assert (refused.status_code, refused.json()["rule_ids"]) == (422, ["R19"])
    assert asked.status_code == 201
    assert ColleagueConsultation.objects.count() == 1


def test_a_revoked_colleague_consent_stops_the_next_consultation(api_as, cast, a_case, advance):
    case = advance(a_case, "in_examination")
    patient = api_as("patient_user")
    consent = patient.post(f"/cases/{case.pk}/consents", {"purpose": "consult_colleague"}).json()
    patient.post(f"/cases/{case.pk}/consents/{consent['id']}/revoke")

    response = api_as("giver_user").post(
        f"/cases/{case.pk}/colleague-consultations",
        {"colleague_id": cast.gp.pk, "question": "Uw mening?"},
    )

    assert response.status_code == 422
    assert set(response.json()["rule_ids"]) == {"R18", "R19"}
    assert ColleagueConsultation.objects.count() == 0


def test_plans_are_drafted_only_when_no_care_plan_exists(api_as, a_case, advance):
    case = advance(a_case, "in_examination")
    giver = api_as("giver_user")
    plan = {"description": "Wortelkanaalbehandeling 36 met kroon.", "cost_estimate_cents": 95000}

    refused = giver.post(f"/cases/{case.pk}/treatment-plans", plan)
    SecondOpinionCase.objects.filter(pk=case.pk).update(care_plan_available=False)
    drafted = giver.post(f"/cases/{case.pk}/treatment-plans", plan)

    assert (refused.status_code, refused.json()["rule_ids"]) == (422, ["R21"])
    assert drafted.status_code == 201
    assert TreatmentPlan.objects.get().cost_estimate_cents == 95000


def test_without_a_care_plan_the_report_needs_a_drafted_plan(api_as, a_case, advance):
    case = advance(a_case, "report_draft")
    SecondOpinionCase.objects.filter(pk=case.pk).update(care_plan_available=False)
    final = {
        "to": "report_final",
        "report": {"deviations": "Geen.", "consequences": "Geen.", "advice": "Doorgaan."},
    }

    blocked = api_as("giver_user").post(f"/cases/{case.pk}/transitions", final)
    api_as("giver_user").post(f"/cases/{case.pk}/treatment-plans", {"description": "Extractie en brug."})
    finalised = api_as("giver_user").post(f"/cases/{case.pk}/transitions", final)

    assert blocked.json()["rule_ids"] == ["R21"]
    assert finalised.status_code == 200


@pytest.mark.parametrize(("who", "status"), [("coordinator", 403), ("patient_user", 403), ("stranger", 404)])
def test_only_the_giver_takes_these_steps(api_as, cast, a_case, advance, who, status):
    case = advance(a_case, "in_examination")

    assert (
        api_as(who).post(f"/cases/{case.pk}/treatment-plans", {"description": "Plan."}).status_code == status
    )
