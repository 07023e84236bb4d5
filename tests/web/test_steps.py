"""Each step form: what success does, and what a blocked attempt shows while nothing changes."""

import pytest

from secondopinion.cases.models import ExplanationItem, StatusChange
from secondopinion.protocols.lifecycle import TRANSITIONS
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.conftest import give_records_consent
from tests.factories import CaseFactory
from tests.web.conftest import case_url, html, status_of, step_url

pytestmark = pytest.mark.django_db

ALL_ITEMS = list(EXPLANATION_ITEMS)
EXPLAINED = {
    "explanation_items": ALL_ITEMS,
    "written_report": "yes",
    "inform_own_practitioner": "no",
    "copy_recipients": "huisarts",
    "care_question": "Is extractie van 36 nodig?",
    "records_alternative_explained": "on",
}


def test_accepting_moves_the_case_on_and_says_so(login, cast, a_case):
    client = login(cast.coordinator)

    response = client.post(step_url(a_case, "accept"), {"note": "Duidelijke vraag."}, follow=True)

    assert response.redirect_chain == [(case_url(a_case), 302)]
    assert status_of(a_case) == "accepted"
    assert a_case.classification == "second_opinion"
    assert "Gedaan: Accepteren als second opinion." in html(response)
    assert StatusChange.objects.filter(case=a_case, to_status="accepted").get().note == "Duidelijke vraag."


def test_accepting_a_request_about_finished_dental_work_is_blocked_by_r2(login, cast):
    case = CaseFactory(
        patient=cast.patient,
        organisation=cast.giving_practice,
        treating_practitioner=cast.treating,
        treatment_started=True,
    )
    client = login(cast.coordinator)

    response = client.post(step_url(case, "accept"), {"note": ""})

    assert response.status_code == 422
    assert "Er is een probleem" in html(response)
    assert "R2" in html(response)
    assert status_of(case) == "submitted"


def test_redirecting_records_the_classification(login, cast, a_case):
    client = login(cast.coordinator)

    client.post(
        step_url(a_case, "redirect"),
        {"classification": "new_referral", "note": "Zie ontslagbrief.", "confirmed": "yes"},
    )

    assert status_of(a_case) == "redirected"
    assert a_case.classification == "new_referral"


def test_redirecting_without_a_classification_names_the_field_and_changes_nothing(login, cast, a_case):
    client = login(cast.coordinator)

    response = client.post(step_url(a_case, "redirect"), {"note": "Geen keuze"})

    page = html(response)
    assert response.status_code == 422
    assert 'href="#redirect-classification"' in page
    assert "Wat het verzoek dan wel is: Dit veld is verplicht." in page
    assert status_of(a_case) == "submitted"


def test_refusing_records_the_weighty_reason(login, cast, a_case):
    client = login(cast.coordinator)

    client.post(
        step_url(a_case, "refuse"),
        {
            "refusal_reason": "threat_or_violence",
            "refusal_note": "Bedreiging van de assistente.",
            "confirmed": "yes",
        },
    )

    assert status_of(a_case) == "refused"
    assert a_case.refusal_reason == "threat_or_violence"


def test_refusing_with_too_short_an_explanation_is_blocked_by_r9(login, cast, a_case):
    client = login(cast.coordinator)

    response = client.post(
        step_url(a_case, "refuse"), {"refusal_reason": "other_weighty", "refusal_note": "nee"}
    )

    assert response.status_code == 422
    assert "R9" in html(response)
    assert "met een toelichting van minstens 10 tekens" in html(response)
    assert status_of(a_case) == "submitted"


def test_assigning_an_independent_giver(login, cast, a_case, advance):
    advance(a_case, "accepted")
    client = login(cast.coordinator)

    client.post(step_url(a_case, "assign"), {"giver_id": cast.giver.pk})

    assert status_of(a_case) == "assigned"
    assert a_case.giver == cast.giver


def test_assigning_a_colleague_of_the_treating_practitioner_is_blocked_by_r10(login, cast, a_case, advance):
    advance(a_case, "accepted")
    client = login(cast.coordinator)

    response = client.post(step_url(a_case, "assign"), {"giver_id": cast.colleague.pk})

    page = html(response)
    assert response.status_code == 422
    assert "R10" in page
    assert "De gever werkt in dezelfde praktijk of organisatie als de eigen behandelaar." in page
    assert status_of(a_case) == "accepted"
    assert a_case.giver is None


def test_assigning_an_unknown_practitioner_names_the_giver_field(login, cast, a_case, advance):
    advance(a_case, "accepted")
    client = login(cast.coordinator)

    response = client.post(step_url(a_case, "assign"), {"giver_id": 987654})

    assert response.status_code == 422
    assert "Second opinion-gever: Deze behandelaar bestaat niet." in html(response)


def test_the_explanation_checklist_with_all_six_items_informs_the_case(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.giver_user)

    client.post(step_url(a_case, "inform"), EXPLAINED)

    assert status_of(a_case) == "informed"
    assert a_case.established_care_question == "Is extractie van 36 nodig?"
    assert a_case.care_question.startswith("Moet kies 36 echt getrokken worden")  # the patient's own words
    assert a_case.care_question_established
    assert a_case.agreements.copy_recipients == "huisarts"
    assert a_case.agreements.inform_own_practitioner is False


def test_the_explanation_with_four_of_six_items_shows_r13_and_changes_nothing(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.giver_user)

    response = client.post(step_url(a_case, "inform"), {**EXPLAINED, "explanation_items": ALL_ITEMS[:4]})

    page = html(response)
    assert response.status_code == 422
    assert "R13" in page
    assert "Nog niet uitgelegd: de wijze van registratie en rapportage" in page
    assert 'value="content" id="inform-explanation_items_0" checked' in page
    assert status_of(a_case) == "assigned"
    assert not ExplanationItem.objects.filter(case=a_case).exists()


def test_the_explanation_without_agreements_is_blocked_by_r14(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.giver_user)

    response = client.post(
        step_url(a_case, "inform"), {"explanation_items": ALL_ITEMS, "care_question": "Vraag?"}
    )

    assert response.status_code == 422
    assert "R14" in html(response)
    assert status_of(a_case) == "assigned"


def test_gathering_records_is_a_step_of_its_own(login, cast, a_case, advance):
    advance(a_case, "informed")
    give_records_consent(cast, a_case)
    client = login(cast.giver_user)

    client.post(step_url(a_case, "gather"), {"note": "Röntgenfoto's opgevraagd."})

    assert status_of(a_case) == "gathering_records"


def test_starting_the_examination(login, cast, a_case, advance):
    advance(a_case, "informed")
    client = login(cast.giver_user)

    client.post(step_url(a_case, "examine"), {})

    assert status_of(a_case) == "in_examination"


def test_starting_the_examination_before_the_explanation_is_not_possible(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.giver_user)

    response = client.post(step_url(a_case, "examine"), {})

    assert response.status_code == 409
    assert "Van &#x27;gever toegewezen&#x27; kan niet naar &#x27;in onderzoek&#x27;." in html(response)
    assert status_of(a_case) == "assigned"


def test_recording_findings_starts_the_draft_report(login, cast, a_case, advance):
    advance(a_case, "in_examination")
    client = login(cast.giver_user)

    client.post(
        step_url(a_case, "findings"),
        {"findings": "Diepe cariës 36.", "anamnesis_medical": "Geen bijzonderheden."},
    )

    assert status_of(a_case) == "report_draft"
    assert a_case.findings.anamnesis_medical == "Geen bijzonderheden."
    assert a_case.report.findings == "Diepe cariës 36."


def test_findings_left_empty_name_the_field(login, cast, a_case, advance):
    advance(a_case, "in_examination")
    client = login(cast.giver_user)

    response = client.post(step_url(a_case, "findings"), {"findings": "  "})

    assert response.status_code == 422
    assert 'href="#findings-findings"' in html(response)
    assert status_of(a_case) == "in_examination"


def test_finalising_seals_the_report(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.giver_user)
    client.post(
        f"/cases/{a_case.pk}/report/",
        {"findings": "Cariës.", "deviations": "Geen.", "consequences": "Kosten.", "advice": "Endo."},
    )

    response = client.post(step_url(a_case, "finalise"), {"confirm": "on", "confirmed": "yes"}, follow=True)

    assert status_of(a_case) == "report_final"
    assert a_case.report.content_hash in html(response)


def test_finalising_an_incomplete_report_is_blocked_by_r22(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.giver_user)

    response = client.post(step_url(a_case, "finalise"), {"confirm": "on"})

    assert response.status_code == 422
    assert "R22" in html(response)
    assert "Het rapport mist: afwijkingen van diagnose, plan of werk" in html(response)
    assert status_of(a_case) == "report_draft"


def test_finalising_needs_the_confirmation(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.giver_user)

    response = client.post(step_url(a_case, "finalise"), {})

    assert response.status_code == 422
    assert 'href="#finalise-confirm"' in html(response)


def test_closing_records_the_patients_decision(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.coordinator)

    client.post(
        step_url(a_case, "close"),
        {"closure_decision": "continue_treatment", "note": "Besproken.", "confirmed": "yes"},
    )

    assert status_of(a_case) == "closed"
    assert a_case.closure_decision == "continue_treatment"


def test_closing_without_the_patients_decision_is_blocked_by_r27(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.coordinator)

    response = client.post(step_url(a_case, "close"), {"note": "Besproken."})

    assert response.status_code == 422
    assert "R27" in html(response)
    assert status_of(a_case) == "report_final"


def test_the_patient_withdraws_their_request(login, cast, a_case):
    client = login(cast.patient_user)

    response = client.post(
        step_url(a_case, "withdraw"), {"confirm": "on", "note": "Toch niet nodig."}, follow=True
    )

    assert status_of(a_case) == "withdrawn"
    assert "Dit verzoek is ingetrokken." in html(response)


def test_the_coordinator_may_withdraw_on_the_patients_behalf(login, cast, a_case):
    client = login(cast.coordinator)

    # R9: only with a note saying how and when the patient withdrew (the patient reads it).
    client.post(step_url(a_case, "withdraw"), {"confirm": "on"})
    assert status_of(a_case) == "submitted"

    client.post(step_url(a_case, "withdraw"), {"confirm": "on", "note": "Telefonisch op 3 maart 2026."})
    assert status_of(a_case) == "withdrawn"


def test_the_giver_may_not_withdraw_and_is_told_so(login, cast, a_case, advance):
    advance(a_case, "assigned")
    client = login(cast.giver_user)

    response = client.post(step_url(a_case, "withdraw"), {"confirm": "on"})

    assert response.status_code == 403
    assert "Uw rol mag de stap &#x27;Intrekken&#x27; niet zetten." in html(response)
    assert status_of(a_case) == "assigned"


def test_the_patient_may_not_triage_their_own_request(login, cast, a_case):
    client = login(cast.patient_user)

    response = client.post(step_url(a_case, "accept"), {})

    assert response.status_code == 403
    assert "Er is een probleem" in html(response)
    assert status_of(a_case) == "submitted"


@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("accept", {}),
        ("redirect", {"classification": "unclear"}),
        ("withdraw", {"confirm": "on"}),
        ("redirect", {}),
    ],
)
def test_a_stranger_gets_404_on_every_step(login, cast, a_case, step, data):
    client = login(cast.stranger)

    response = client.post(step_url(a_case, step), data)

    assert response.status_code == 404
    assert status_of(a_case) == "submitted"


def test_a_step_url_opened_with_get_goes_back_to_the_case(login, cast, a_case):
    client = login(cast.coordinator)

    response = client.get(step_url(a_case, "accept"))

    assert response.status_code == 302
    assert response["Location"] == f"/cases/{a_case.pk}/"
    assert status_of(a_case) == "submitted"


def test_every_step_of_the_table_has_its_own_url(cast, a_case):
    for step in {s.name for s in TRANSITIONS.values()}:
        assert step_url(a_case, step) == f"/cases/{a_case.pk}/{step}/"
