"""Plain words for the patient and the representative (acceptance review, finding F7): the kind of
practitioner by a plain name, not the guideline's ("Tandarts", not "Tandarts (KNMT-praktijkrichtlijn)");
the rules behind a guidance outcome addressed to the reader; and the words zorgdoel, zorgplan and
behandelplan explained where the patient chooses between them. Staff pages keep the guideline's name."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.journey.decide import rule_texts
from tests.conftest import representation_in_force
from tests.journey.test_wizard import walk
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "en"]
GUIDELINE = ("KNMT", "praktijkrichtlijn", "practice guideline", "(ONT)")
PLAIN_DENTIST = {"nl": "(Tandarts)", "en": "(Dentist)"}


def reader(cast, who: str, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if who == "representative":
        representation_in_force(cast)
        client.force_login(cast.representative)
    else:
        client.force_login(cast.patient_user)
    return client


def who_answers(cast, who: str) -> dict:
    if who == "representative":
        return {
            "who": {"requester_kind": "representative", "represented": cast.patient.pk},
            "consents": {"own_practitioner_informed": "no", "patient_agrees": "on"},
        }
    return {}


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return visible_text(response.content.decode())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", ["patient", "representative"])
def test_the_review_step_names_the_dentist_plainly_not_the_guideline(cast, who, language):
    client = reader(cast, who, language)
    walk(client, cast, **who_answers(cast, who))

    text = text_of(client.get(reverse("journey:request-summary")))

    assert PLAIN_DENTIST[language] in text
    assert [word for word in GUIDELINE if word in text] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reimbursement_guide_and_the_patients_rule_page_name_each_kind_plainly(cast, language):
    client = reader(cast, "patient", language)

    for name in ("journey:reimbursement", "web:protocols"):
        text = text_of(client.get(reverse(name)))
        assert [word for word in GUIDELINE if word in text] == [], name
        assert says(text, {"nl": "Tandarts", "en": "Dentist"}[language]), name


def test_staff_and_the_public_catalogue_keep_the_guidelines_name(client, cast):
    client.force_login(cast.coordinator)
    assert "Tandarts (KNMT-praktijkrichtlijn)" in text_of(client.get(reverse("web:protocols")))


SWITCH = {
    "subject": "treatment_plan",
    "treatment_started": "no",
    "under_treatment": "yes",
    "wants_transfer": "yes",
}
# The rules behind "you want another practitioner" (R5, R7), addressed to the reader.
RULES = {
    ("patient", "nl"): ("De regels hierachter", "niet uw behandelaar"),
    ("patient", "en"): ("The rules behind this", "does not become your practitioner"),
    ("representative", "nl"): ("De regels hierachter", "niet de behandelaar van de patiënt"),
    ("representative", "en"): ("The rules behind this", "does not become the patient's practitioner"),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("who", ["patient", "representative"])
def test_the_rules_behind_a_guidance_speak_to_the_reader(cast, who, language):
    client = reader(cast, who, language)
    walk(client, cast, until="situation", **who_answers(cast, who))

    answered = client.post(reverse("journey:request-situation"), SWITCH, follow=True)

    assert answered.redirect_chain[-1][0] == reverse("journey:request-guidance")
    text = text_of(answered)
    heading, addressed = RULES[(who, language)]
    rules = text[text.index(heading) :]
    assert addressed in rules
    # The catalogue's words for professionals ("At intake the request is classified ...") are not shown.
    for _rule_id, professional in rule_texts("dental-knmt", ["R5", "R7"]):
        assert professional.in_language(language) not in text
    if who == "patient":
        assert not says(rules, {"nl": "patiënt", "en": "patient"}[language])


EXPLAINED = {
    "nl": (
        "Een zorgdoel is wat u en uw behandelaar willen bereiken.",
        "Een zorgplan is het plan om dat doel te halen.",
        "Een behandelplan noemt de behandelingen, in hun volgorde, en wat ze kosten.",
    ),
    "en": (
        "A care goal is what you and your practitioner want to achieve.",
        "A care plan is the plan to reach that goal.",
        "A treatment plan lists the treatments, in their order, and what they cost.",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_situation_step_explains_care_goal_care_plan_and_treatment_plan(cast, language):
    client = reader(cast, "patient", language)
    walk(client, cast, until="situation")

    page = client.get(reverse("journey:request-situation"))

    text = text_of(page)
    for sentence in EXPLAINED[language]:
        assert sentence in text
    # Read with the question: the radio group is described by the help text.
    assert 'aria-describedby="journey-subject_helptext"' in page.content.decode()
