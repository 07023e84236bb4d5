"""Advisory rules (R11, R12, R26) never block, but the case page says them: in the step panels,
among the other next steps, after the step that went past them, and to the patient."""

import pytest
from django.conf import settings
from django.urls import reverse

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_submit, case_transition
from tests.access.complaints import _complaint
from tests.conftest import submit_input
from tests.factories import PractitionerFactory
from tests.reading import says, visible_text
from tests.web.conftest import case_url, html, step_url

pytestmark = pytest.mark.django_db

GP_CAVEAT = {
    "nl": "Een second opinion over uw eigen huisarts: meestal is er geen andere verwijzer",
    "en": "A second opinion on your own GP: usually there is no other referrer",
}


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def gp_case(cast):
    """A second opinion on the patient's own GP, asked without a referral."""
    data = submit_input(
        cast,
        protocol="general-practice",
        treating_practitioner_id=cast.gp.pk,
        subject="diagnosis",
        care_question="Mijn huisarts vindt mijn hoofdpijn niets; klopt dat?",
    )
    return case_submit(actor=cast.patient_user, data=data, source="web")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_accept_panel_shows_the_gp_referral_caveat_with_r26(login, cast, gp_case, language):
    client = in_language(login(cast.coordinator), language)

    page = html(client.get(case_url(gp_case)))

    panel = page.split('id="step-accept"')[1].split("</details>")[0]
    assert GP_CAVEAT[language] in panel
    assert '<span class="rule-id">R26</span>' in panel
    assert "001, 003, 004" in panel
    assert ("Advies bij deze stap" if language == "nl" else "Advice for this step") in panel


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_patient_sees_the_gp_caveat_on_her_own_case(login, cast, gp_case, language):
    client = in_language(login(cast.patient_user), language)

    page = html(client.get(case_url(gp_case)))

    assert GP_CAVEAT[language] in page
    assert not says(visible_text(page), "R26")  # the rule's id is for professionals
    assert ("Goed om te weten" if language == "nl" else "Good to know") in page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_step_that_went_past_the_caveat_says_so_after_it_was_taken(login, cast, gp_case, language):
    client = in_language(login(cast.coordinator), language)

    response = client.post(step_url(gp_case, "accept"), {"note": ""}, follow=True)

    page = html(response)
    gp_case.refresh_from_db()
    assert gp_case.status == "accepted"
    # Said once, among the last step's advice with its rule id; not again as a message.
    assert page.count(GP_CAVEAT[language]) == 1
    assert 'class="message message--warning"' not in page
    assert ("Advies uit de laatste stap" if language == "nl" else "Advice from the last step") in page
    assert '<span class="rule-id">R26</span>' in page


def test_a_patient_who_submits_on_her_own_gp_is_told_the_caveat_at_once(login, cast):
    client = login(cast.patient_user)
    data = {
        "protocol": "general-practice",
        "treating_practitioner_id": cast.gp.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "diagnosis",
        "treatment_started": "no",
        "care_question": "Klopt de diagnose van mijn huisarts?",
    }

    page = html(client.post(reverse("web:case-new"), data, follow=True))

    assert page.count(GP_CAVEAT["nl"]) == 1
    assert not says(visible_text(page), "R26")


def test_the_patient_is_told_the_caveat_once(login, cast, gp_case):
    client = login(cast.patient_user)

    page = html(client.get(case_url(gp_case)))

    assert page.count(GP_CAVEAT["nl"]) == 1


def test_the_next_steps_someone_else_takes_show_their_advice_too(login, cast, gp_case):
    client = in_language(login(cast.complaints_officer), "en")
    _complaint(gp_case)  # the officer reads a case complained about (need to know)

    page = html(client.get(case_url(gp_case)))

    others = page.split('class="other-steps"')[1]
    accept = others.split("Accept as second opinion")[1].split('<li class="other-step">')[0]
    assert GP_CAVEAT["en"] in accept
    assert '<span class="rule-id">R26</span>' in accept


def test_assigning_a_denturist_who_is_no_ont_member_shows_r11_in_the_panel(login, cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    data = submit_input(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
    )
    case = case_submit(actor=cast.patient_user, data=data, source="web")
    case_transition(actor=cast.coordinator, case_id=case.pk, to="accepted", data=StepInput(), source="web")
    client = in_language(login(cast.coordinator), "en")

    panel = html(client.get(case_url(case))).split('id="step-assign"')[1].split("</details>")[0]

    assert '<span class="rule-id">R11</span>' in panel
    assert "Preferably a denturist who is an ONT member, or a dentist." in panel


def test_a_case_with_a_referral_shows_no_caveat(login, cast):
    data = submit_input(
        cast,
        protocol="general-practice",
        treating_practitioner_id=cast.gp.pk,
        has_referral=True,
        own_practitioner_informed=True,
    )
    case = case_submit(actor=cast.patient_user, data=data, source="web")
    client = login(cast.coordinator)

    page = html(client.get(case_url(case)))

    assert GP_CAVEAT["nl"] not in page
    assert "Advies bij deze stap" not in page
