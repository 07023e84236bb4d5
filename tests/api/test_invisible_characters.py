"""Invisible and direction-changing characters in a text sent to the API: every input schema refuses
them in one place (api/fields.py, the base Schema; which characters: core/invisible.py) with a 422
problem that names the field and the character, in Dutch and English, and nothing is stored. C0
control characters keep their own words (tests/hygiene/test_control_characters.py). A lone surrogate
("\\ud800" in JSON) no longer reaches the database as a 500."""

import json

import pytest

from secondopinion.aftercare.models import Message
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Patient
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db

HIDDEN = {
    "\u202e": "U+202E",  # right-to-left override
    "\u202a": "U+202A",
    "\u2066": "U+2066",  # left-to-right isolate
    "\u2069": "U+2069",
    "\u200e": "U+200E",  # left-to-right mark
    "\u061c": "U+061C",  # Arabic letter mark
    "\u200b": "U+200B",  # zero-width space
    "\u200c": "U+200C",
    "\u200d": "U+200D",  # a zero-width joiner between letters
    "\u2060": "U+2060",
    "\ufeff": "U+FEFF",
    "\x7f": "U+007F",
    "\x85": "U+0085",
}
WORDS = {
    "nl": "bevat onzichtbare tekens of tekens die de leesrichting veranderen ({code}); haal ze weg",
    "en": "contains invisible characters or characters that change the reading direction ({code}); remove them",
}
QUESTION = "Is de voorgestelde brug op 24-26 nodig, of volstaat een implantaat?"


def _refused(response, field: str, language: str, code: str) -> None:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["field"] == field
    assert f"{field}: {WORDS[language].format(code=code)}" in problem["detail"]


@pytest.mark.parametrize(("character", "code"), HIDDEN.items())
def test_a_care_question_with_a_hidden_character_is_refused(cast, api_as, character, code):
    question = QUESTION.replace("brug", f"br{character}ug")

    response = api_as("patient_user", "en").post("/cases", case_body(cast, care_question=question))

    _refused(response, "care_question", "en", code)
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_refusal_speaks_the_callers_language(cast, api_as, language):
    response = api_as("patient_user", language).post(
        "/cases", case_body(cast, care_question=f"Pe\u202eartr vraagt: {QUESTION}")
    )

    _refused(response, "care_question", language, "U+202E")
    assert ("Controleer deze velden" if language == "nl" else "Check these fields") in response.json()[
        "detail"
    ]
    assert not SecondOpinionCase.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_message_with_a_bidi_override_is_refused(cast, api_as, a_case, language):
    response = api_as("patient_user", language).post(
        f"/cases/{a_case.pk}/messages", {"body": "Groeten van \u202eartreP"}
    )

    _refused(response, "body", language, "U+202E")
    assert not Message.objects.exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_patients_name_written_backwards_is_not_registered(cast, api_as, language):
    response = api_as("coordinator", language).post(
        "/patients", {"name": "\u202esirV ed artreP", "bsn": "100000009", "birth_date": "1981-02-03"}
    )

    _refused(response, "name", language, "U+202E")
    assert not Patient.objects.filter(bsn="100000009").exists()


def test_a_search_text_in_a_query_is_refused_too(api_as):
    response = api_as("coordinator", "en").get("/organisations?q=Oost%E2%80%AE")

    _refused(response, "q", "en", "U+202E")


@pytest.mark.parametrize(
    ("path", "field", "nl", "en"),
    [
        # A text with a length limit: pydantic's own check finds it no text.
        ("/cases", "care_question", "is geen geldige Unicode-tekst", "is not valid Unicode text"),
        ("/cases/{id}/messages", "body", WORDS["nl"], WORDS["en"]),
    ],
)
def test_a_lone_surrogate_is_a_422_not_a_500(cast, api_as, a_case, path, field, nl, en):
    """JSON may carry "\\ud800", which is no character: no database stores it (it was a 500)."""
    body = (
        case_body(cast, care_question=f"{QUESTION} SURROGATE")
        if field == "care_question"
        else {"body": "Hallo SURROGATE"}
    )
    raw = json.dumps(body).replace("SURROGATE", "\\ud800")
    answers = {}
    for language in ("nl", "en"):
        api = api_as("patient_user", language)
        answers[language] = api.client.post(
            f"/api/v1{path.format(id=a_case.pk)}", raw, content_type="application/json", **api.headers
        )

    for language, words in (("nl", nl), ("en", en)):
        response = answers[language]
        assert response.status_code == 422, response.content
        assert response.json()["field"] == field
        assert f"{field}: {words.format(code='U+D800')}" in response.json()["detail"]
    assert not Message.objects.exists()
    assert SecondOpinionCase.objects.count() == 1  # a_case alone


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_nul_is_a_clean_422_naming_the_field(cast, api_as, a_case, language):
    """PostgreSQL stores no NUL: the schema refuses it first, with its own words (control characters)."""
    response = api_as("patient_user", language).post(
        f"/cases/{a_case.pk}/messages", {"body": "Hallo\x00 daar"}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "body"
    assert ("stuurtekens" if language == "nl" else "control characters") in response.json()["detail"]
    assert not Message.objects.exists()


def test_emoji_joined_by_a_zero_width_joiner_tabs_and_line_breaks_are_taken(cast, api_as, a_case):
    body = "Ons gezin 👨\u200d👩\u200d👧 twijfelt nog.\n\tGroet, 🫱🏻\u200d🫲🏼"

    response = api_as("patient_user").post(f"/cases/{a_case.pk}/messages", {"body": body})

    assert response.status_code == 201, response.content
    assert Message.objects.get().body == body
