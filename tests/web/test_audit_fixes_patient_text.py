"""Fixes from the browser audit, in what patients and referrers read:

- finding 8: a patient (and a representative) tells the requests apart by their question, on the home
  page's cards and in the representative invitation's "For (optional)" choices;
- finding 13: the rule catalogue ("Rules", rule ids and sources) is in the menu of those who work in
  care only, and the decision aid's result shows no rule text;
- finding 14: the patient's evaluation answers in the first person, and the saved decision reads the
  same; the stored value stays the closure decision's key;
- finding 16: a failed identification on the referrer's form names the fields by their labels.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.aftercare.models import Evaluation
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import InvalidInput
from secondopinion.directory.identification import patient_identify
from secondopinion.journey.decide import rule_texts
from tests.conftest import representation_in_force, submit_input
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

LONG_QUESTION = (
    "Moet mijn <b>kies</b> linksonder echt getrokken worden, of kan een wortelkanaalbehandeling met een "
    "kroon de kies nog redden?"
)
SHORT_QUESTION = "Is een implantaat echt nodig?"


def client_for(user=None, language: str = "nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def page_of(response) -> str:
    return response.content.decode()


def menu_of(page: str) -> str:
    found = re.search(r'<nav class="site-nav".*?</nav>', page, re.S)
    assert found, "the page has a main menu"
    return found.group(0)


# --- finding 8: which request is which -------------------------------------------------------------


@pytest.fixture
def two_requests(submit) -> tuple[SecondOpinionCase, SecondOpinionCase]:
    return submit(care_question=LONG_QUESTION), submit(care_question=SHORT_QUESTION)


def test_the_patients_home_shows_each_requests_question_short_and_escaped(cast, two_requests):
    long_case, short_case = two_requests

    page = page_of(client_for(cast.patient_user).get(reverse("web:home")))
    text = visible_text(page)

    assert f"Uw vraag: {SHORT_QUESTION}" in text
    shown = LONG_QUESTION[:79] + "…"  # 80 characters with the ellipsis
    assert f"Uw vraag: {shown}" in text
    assert LONG_QUESTION not in text
    assert "<b>kies</b>" not in page  # the patient's words are escaped, never markup
    assert "&lt;b&gt;kies&lt;/b&gt;" in page
    assert long_case.reference in text
    assert short_case.reference in text


def test_the_representatives_home_shows_the_question_in_english_too(cast):
    representation_in_force(cast)
    data = submit_input(cast, requester_kind="representative", care_question=SHORT_QUESTION)
    case_submit(actor=cast.representative, data=data, source="web")

    dutch = visible_text(page_of(client_for(cast.representative).get(reverse("web:home"))))
    english = visible_text(page_of(client_for(cast.representative, "en").get(reverse("web:home"))))

    assert f"Vraag: {SHORT_QUESTION}" in dutch
    assert f"Question: {SHORT_QUESTION}" in english


def test_the_invitation_offers_each_request_by_reference_and_question(cast, two_requests):
    long_case, short_case = two_requests
    before = AccessEvent.objects.filter(actor=cast.patient_user, data="case-list").count()

    response = client_for(cast.patient_user).get(reverse("web:representative-invitations"))

    choices = dict(response.context["form"].fields["case_id"].choices)
    assert choices[short_case.pk] == f"{short_case.reference} · {SHORT_QUESTION}"
    assert choices[long_case.pk] == f"{long_case.reference} · {LONG_QUESTION[:79]}…"
    page = page_of(response)
    assert "<b>kies</b>" not in page
    assert f"{short_case.reference} · {SHORT_QUESTION}" in visible_text(page)
    # The question is patient data: its read is logged, as the home page's list is.
    assert AccessEvent.objects.filter(actor=cast.patient_user, data="case-list").count() == before + 1


# --- finding 13: the rule catalogue and the decision aid --------------------------------------------


@pytest.mark.parametrize("who", [None, "patient_user", "representative"])
def test_patients_representatives_and_visitors_find_no_rules_in_the_menu(cast, who):
    if who == "representative":
        representation_in_force(cast)
    client = client_for(getattr(cast, who) if who else None)

    page = page_of(client.get(reverse("journey:decide") if who is None else reverse("web:home")))

    menu = menu_of(page)
    assert reverse("web:protocols") not in menu
    assert not says(visible_text(menu, "nav"), "Regels")
    # The page itself is still there, in plain words for a patient.
    assert client.get(reverse("web:protocols")).status_code == 200


@pytest.mark.parametrize("who", ["gp_user", "giver_user", "coordinator", "complaints_officer"])
def test_practitioners_and_staff_find_the_rules_in_the_menu(cast, who):
    page = page_of(client_for(getattr(cast, who)).get(reverse("web:home")))

    assert reverse("web:protocols") in menu_of(page)
    assert says(visible_text(menu_of(page), "nav"), "Regels")


@pytest.mark.parametrize(
    ("answers", "rules"),
    [
        ({}, ("R5",)),
        ({"wants_transfer": "yes"}, ("R5", "R7")),
        ({"about_the_person": "yes", "doubts_the_care": "no"}, ("R6",)),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_decision_aids_result_shows_no_rule_text(client, answers, rules, language):
    asked = {
        "asked": "1",
        "protocol": "medical-specialist",
        "wants_transfer": "no",
        "treatment_ended": "no",
        "about_the_person": "no",
        "doubts_the_care": "yes",
        "work_done": "no",
        **answers,
    }

    response = client.get(reverse("journey:decide"), asked, HTTP_ACCEPT_LANGUAGE=language)

    text = visible_text(page_of(response))
    verdict = response.context["verdict"]
    assert verdict.rule_ids == rules  # the engine still decides by its rules
    assert "De regels hierachter" not in text
    assert "The rules behind this" not in text
    for _rule_id, rule_text in rule_texts(verdict.protocol, verdict.rule_ids):
        assert rule_text.in_language(language) not in text
    assert verdict.outcome.why.in_language(language) in text  # the reason, in plain words


# --- finding 14: the evaluation in the patient's own words -------------------------------------------

FIRST_PERSON = {
    "nl": [
        "Ik neem het advies over",
        "Ik ga door met de behandeling",
        "Ik stop met de behandeling",
        "Ik zoek een andere behandelaar",
        "Ik heb nog geen besluit genomen",
    ],
    "en": [
        "I follow the advice",
        "I continue the treatment",
        "I stop the treatment",
        "I look for another practitioner",
        "I have not decided yet",
    ],
}
THIRD_PERSON = {"nl": "neemt het advies over", "en": "accepts the opinion"}


@pytest.fixture
def closed_case(submit, advance):
    return advance(submit(), "closed")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_patient_answers_the_evaluation_in_the_first_person(cast, closed_case, language):
    page = page_of(client_for(cast.patient_user, language).get(reverse("web:case", args=[closed_case.pk])))

    text = visible_text(page)
    for option in FIRST_PERSON[language]:
        assert option in text
    assert not says(text, THIRD_PERSON[language])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_saved_decision_reads_as_the_patient_chose_it_and_is_stored_unchanged(
    cast, closed_case, language
):
    patient = client_for(cast.patient_user, language)

    response = patient.post(
        reverse("aftercare:evaluation", args=[closed_case.pk]),
        {"decision": "accept_opinion", "satisfaction": "4", "comment": ""},
    )

    assert response.status_code == 302
    assert Evaluation.objects.get().decision == "accept_opinion"
    text = visible_text(page_of(patient.get(reverse("web:case", args=[closed_case.pk]))))
    assert FIRST_PERSON[language][0] in text
    assert not says(text, THIRD_PERSON[language])
    # The practice reads the closure's words about the patient.
    staff = visible_text(
        page_of(client_for(cast.coordinator, language).get(reverse("web:case", args=[closed_case.pk])))
    )
    assert THIRD_PERSON[language] in staff


# --- finding 16: a failed identification names the fields by their labels -----------------------------


def gp_request(cast, **overrides) -> dict:
    return {
        "protocol": "dental-knmt",
        "treating_practitioner_id": cast.treating.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "treatment_plan",
        "treatment_started": "no",
        "care_question": SHORT_QUESTION,
        "requester_kind": "referrer",
        "referrer_id": cast.gp.pk,
        "patient_bsn": cast.patient.bsn,
        "patient_birth_date": "1901-01-01",  # not the patient's
        **overrides,
    }


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "Controleer het BSN en de geboortedatum van de patiënt."),
        ("en", "Check the patient's BSN and date of birth."),
    ],
)
def test_a_wrong_birth_date_on_the_referrers_form_names_the_fields_in_words(cast, language, expected):
    response = client_for(cast.gp_user, language).post(reverse("web:case-new"), gp_request(cast))

    assert response.status_code == 422
    text = visible_text(page_of(response))
    assert expected in text
    for name in ("patient_bsn", "patient_birth_date", "birth_date"):
        assert not says(text, name)
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize(
    ("bsn_field", "date_field"), [("bsn", "birth_date"), ("patient_bsn", "patient_birth_date")]
)
def test_every_caller_of_the_identification_gets_labels_and_keeps_its_field(cast, bsn_field, date_field):
    with pytest.raises(InvalidInput) as refused:
        patient_identify(
            actor=cast.gp_user,
            bsn=cast.patient.bsn,
            birth_date=None,
            source="web",
            bsn_field=bsn_field,
            date_field=date_field,
        )
    assert refused.value.field == date_field
    assert date_field not in refused.value.detail.nl
    assert date_field not in refused.value.detail.en

    with pytest.raises(InvalidInput) as refused:
        patient_identify(
            actor=cast.gp_user,
            bsn=cast.patient.bsn,
            birth_date=dt.date(1901, 1, 1),
            source="web",
            bsn_field=bsn_field,
            date_field=date_field,
        )
    assert refused.value.field == bsn_field  # the form still marks the field
    for words in (refused.value.detail.nl, refused.value.detail.en):
        assert bsn_field not in words
        assert date_field not in words
    assert "Controleer het BSN en de geboortedatum van de patiënt." in refused.value.detail.nl
