"""The forms that live outside web/ (accounts, letters, notifications) refuse invisible and
direction-changing characters as the web's own forms do (core/forms.py, PlainTextForm), and a search
box drops them instead of failing: a NUL in `?q=` cannot even be sent to PostgreSQL."""

import pytest
from django.utils import translation

from secondopinion.accounts.forms import DeletionRequestForm, PatientProfileForm
from secondopinion.core.invisible import search_text
from secondopinion.letters.forms import LetterForm

pytestmark = pytest.mark.django_db

REFUSED_NL = "Deze tekst bevat onzichtbare tekens"


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200b", "\x00", "\x1b"])
def test_the_patient_profile_refuses_a_name_with_a_hidden_character(character):
    form = PatientProfileForm(
        data={"name": f"Petra{character} de Vries", "date_of_birth": "31-12-1980", "bsn": "111222333"}
    )
    with translation.override("nl"):
        assert not form.is_valid()
        assert len(form.errors["name"]) == 1
        assert REFUSED_NL in str(form.errors["name"][0])


def test_a_letters_own_sentence_with_a_bidi_override_is_refused():
    form = LetterForm(data={"kind": "inform", "own_sentence": "Ik wil \u202eniet\u202c dat"}, parts={})
    with translation.override("en"):
        assert not form.is_valid()
        assert "invisible characters" in str(form.errors["own_sentence"][0])
    plain = LetterForm(data={"kind": "inform", "own_sentence": "Ik wil een second opinion."}, parts={})
    assert plain.is_valid(), plain.errors


def test_the_deletion_request_form_has_the_check():
    form = DeletionRequestForm()
    text_fields = [name for name, field in form.fields.items() if field.__class__.__name__ == "CharField"]
    for name in text_fields:
        bad = DeletionRequestForm(data={**dict.fromkeys(form.fields, "x"), name: "a\u202eb"})
        assert not bad.is_valid()
        assert name in bad.errors


def test_a_search_drops_hidden_characters_and_keeps_the_words():
    assert search_text("  Pe\x00tra\u202e de\u200b Vries  ") == "Petra de Vries"
    assert search_text("x" * 300) == "x" * 100
    assert search_text("") == ""


@pytest.mark.parametrize("query", ["%00", "Petra%00", "%E2%80%AE"])
def test_the_worklist_search_with_a_nul_answers_the_list(client, cast, query):
    client.force_login(cast.coordinator)
    response = client.get(f"/?q={query}")
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["%00", "Jansen%00", "%E2%80%AEnesnaJ"])
def test_the_practitioner_searches_drop_hidden_characters(client, cast, query):
    """The givers' search and the wizard's practitioner search read the query string directly: a NUL
    in it answers the page, as the same words without it would."""
    client.force_login(cast.patient_user)
    givers = client.get(f"/gever-zoeken/?q={query}")
    wizard = client.get(f"/aanvraag/behandelaar/?q={query}")

    assert givers.status_code == 200
    assert wizard.status_code in (200, 302)
