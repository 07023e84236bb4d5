"""The case page explains every blocked step with its rule ids and the rule's text, in Dutch and
in English (a patient reads the rule's text without its id), for the rules of each protocol: R2 (dental), R3 (denturist), R4 (medical specialist
and GP), R8 (a representative without the patient's consent), R10 (a giver who is not
independent) and R13 (the explanation before the examination)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from secondopinion.cases.editing import case_record_prosthesis_adjusted
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.directory.models import Representative
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from tests.conftest import representation_in_force, submit_input
from tests.factories import PractitionerFactory
from tests.reading import says, visible_text
from tests.web.conftest import case_url, html, step_url

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "en"]


def as_user(client, user, language: str):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def explains(page: str, protocol: str, rule_id: str, language: str) -> bool:
    """The page names the rule by its id, with the rule's own text in the page's language."""
    text = get_protocol(protocol).rule(rule_id).text.in_language(language)
    return f'<span class="rule-id">{rule_id}</span>' in page and escape(text) in page


def explains_plainly(page: str, protocol: str, rule_id: str, language: str) -> bool:
    """For a patient: the rule's own text in the page's language, without its id."""
    text = get_protocol(protocol).rule(rule_id).text.in_language(language)
    # Read as the patient reads it (tests/reading.py): the form's random security token may hold "R2".
    return escape(text) in page and not says(visible_text(page), rule_id)


def blocked_steps(page: str) -> str:
    """The list of steps waiting for others or blocked."""
    return page.split('class="other-steps"')[1]


def accept(cast, case):
    return case_transition(
        actor=cast.coordinator, case_id=case.pk, to="accepted", data=StepInput(), source="web"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_r2_a_dental_request_about_finished_work_is_explained(client, cast, language):
    client = as_user(client, cast.patient_user, language)
    data = {
        "protocol": "dental-knmt",
        "treating_practitioner_id": cast.treating.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "finished_work",
        "treatment_started": "yes",
        "care_question": "Is mijn kroon goed geplaatst?",
    }

    response = client.post(reverse("web:case-new"), data)

    assert response.status_code == 422
    assert explains_plainly(html(response), "dental-knmt", "R2", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_r3_an_adjusted_prosthesis_blocks_assigning_a_giver(client, cast, language):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    data = submit_input(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
    )
    case = accept(cast, case_submit(actor=cast.patient_user, data=data, source="web"))
    case_record_prosthesis_adjusted(actor=cast.coordinator, case_id=case.pk, source="web")

    page = html(as_user(client, cast.coordinator, language).get(case_url(case)))

    assert explains(blocked_steps(page), "denturist-ont", "R3", language)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("protocol", "discipline"), [("medical-specialist", "medical_specialist"), ("general-practice", "gp")]
)
def test_r4_a_patient_no_longer_under_treatment_blocks_acceptance(
    client, cast, protocol, discipline, language
):
    treating = PractitionerFactory(
        discipline=discipline,
        specialism="neurologie" if discipline == "medical_specialist" else "",
        organisation=cast.treating_practice,
    )
    data = submit_input(
        cast,
        protocol=protocol,
        treating_practitioner_id=treating.pk,
        subject="diagnosis",
        under_treatment="no",
    )
    case = case_submit(actor=cast.patient_user, data=data, source="web")

    page = html(as_user(client, cast.coordinator, language).get(case_url(case)))

    assert explains(blocked_steps(page), protocol, "R4", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_r8_a_representative_whose_consent_was_revoked_blocks_acceptance(client, cast, language):
    representation = representation_in_force(cast)
    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    Representative.objects.filter(pk=representation.pk).update(consent_revoked_at=timezone.now())

    page = html(as_user(client, cast.coordinator, language).get(case_url(case)))

    assert explains(blocked_steps(page), "dental-knmt", "R8", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_r8_a_representative_without_consent_is_told_why_the_request_is_refused(client, cast, language):
    Representative.objects.create(user=cast.representative, patient=cast.patient, relation="parent")
    client = as_user(client, cast.representative, language)
    data = {
        "patient_bsn": cast.patient.bsn,
        "patient_birth_date": cast.patient.date_of_birth.isoformat(),
        "patient_confirmed": "on",  # the patient confirmed by initials and year of birth
        "requester_kind": "representative",
        "protocol": "dental-knmt",
        "treating_practitioner_id": cast.treating.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "treatment_plan",
        "treatment_started": "no",
        "care_question": "Mijn moeder twijfelt aan het behandelplan.",
    }

    response = client.post(reverse("web:case-new"), data)

    assert response.status_code == 422
    assert explains(html(response), "dental-knmt", "R8", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_r10_assigning_a_colleague_of_the_treating_dentist_is_explained(
    client, cast, a_case, advance, language
):
    case = advance(a_case, "accepted")
    client = as_user(client, cast.coordinator, language)

    response = client.post(step_url(case, "assign"), {"giver_id": cast.colleague.pk})

    assert response.status_code == 422
    assert explains(html(response), "dental-knmt", "R10", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_r13_an_incomplete_explanation_is_explained(client, cast, a_case, advance, language):
    case = advance(a_case, "assigned")
    client = as_user(client, cast.giver_user, language)
    four_items = list(EXPLANATION_ITEMS)[:4]

    page = html(client.get(case_url(case)))
    response = client.post(
        step_url(case, "inform"),
        {
            "explanation_items": four_items,
            "written_report": "yes",
            "inform_own_practitioner": "yes",
            "records_alternative_explained": "on",
            "care_question": "Is extractie van 36 nodig?",
        },
    )

    assert explains(page.split('id="step-inform"')[1], "dental-knmt", "R13", language)
    assert response.status_code == 422
    assert explains(html(response), "dental-knmt", "R13", language)
