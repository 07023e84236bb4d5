"""The request wizard after the browser audit (findings 4, 5, 6, 7 and 15): an upload is a
POST-redirect-GET and the same file is not taken twice; the summary lists the files and goes back to
the step before it, in the same words on both paths; no link carries a missing practitioner; a label
never says "optional" for a field the step then demands; a representative reads for whom he answers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from secondopinion.documents.models import IntakeFile
from secondopinion.journey.views import STEPS
from tests.conftest import representation_in_force
from tests.documents.files import pdf, png
from tests.journey.test_request_path import UNLISTED
from tests.journey.test_wizard import PATIENT_ANSWERS, url, walk
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db

DOCUMENTS = reverse("journey:request-documents")


def _upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _text(response) -> str:
    return visible_text(response.content.decode())


@pytest.fixture
def at_documents(client, cast):
    client.force_login(cast.patient_user)
    walk(client, cast, until="documents")
    return client


@pytest.fixture
def representative(client, cast):
    representation_in_force(cast)
    client.force_login(cast.representative)
    return client


REPRESENTATIVE = {
    "consents": {"own_practitioner_informed": "no", "patient_agrees": "on"},
}


def _walk_unlisted(client, cast) -> None:
    walk(client, cast, until="practitioner")
    for step, body in [
        ("practitioner", UNLISTED),
        ("question", PATIENT_ANSWERS["question"]),
        ("situation", PATIENT_ANSWERS["situation"]),
        ("referral", PATIENT_ANSWERS["referral"]),
        ("place", {"organisation": cast.giving_practice.pk}),
        ("consents", PATIENT_ANSWERS["consents"]),
    ]:
        response = client.post(url(step), body)
        assert response.status_code == 302, (step, response.content.decode()[:1500])


# Finding 4: uploads --------------------------------------------------------------------------


def test_an_upload_redirects_to_the_step_so_a_reload_adds_nothing(at_documents, cast):
    files = [_upload("behandelplan.pdf", pdf()), _upload("foto.png", png(), "image/png")]

    response = at_documents.post(DOCUMENTS, {"files": files, "add": ""})

    assert response.status_code == 302
    assert response.url == DOCUMENTS
    shown = at_documents.get(DOCUMENTS)
    assert "2 bestanden toegevoegd." in _text(shown)
    reloaded = at_documents.get(DOCUMENTS)  # the browser's reload repeats the GET, not the POST
    assert "toegevoegd" not in _text(reloaded)  # the message is said once
    assert sorted(IntakeFile.objects.values_list("original_name", flat=True)) == [
        "behandelplan.pdf",
        "foto.png",
    ]


def test_the_same_file_again_is_refused_and_named(at_documents, cast):
    plan = pdf()
    at_documents.post(DOCUMENTS, {"files": [_upload("behandelplan.pdf", plan)], "add": ""})

    again = at_documents.post(DOCUMENTS, {"files": [_upload("behandelplan.pdf", plan)], "add": ""})
    renamed = at_documents.post(
        DOCUMENTS,
        {"files": [_upload("kopie.pdf", plan), _upload("foto.png", png(), "image/png")], "next": ""},
    )

    assert again.status_code == 422
    assert "behandelplan.pdf: Dit bestand is al toegevoegd; het is niet nog eens toegevoegd." in _text(again)
    assert renamed.status_code == 422  # not on to the summary: the refusal is read first
    assert "kopie.pdf: Dit bestand is al toegevoegd (als behandelplan.pdf)" in _text(renamed)
    assert sorted(IntakeFile.objects.values_list("original_name", flat=True)) == [
        "behandelplan.pdf",
        "foto.png",
    ]


def test_the_refusal_of_a_file_already_added_is_complete_in_english(at_documents, cast):
    plan = pdf()
    at_documents.post(DOCUMENTS, {"files": [_upload("plan.pdf", plan)]})

    again = at_documents.post(DOCUMENTS, {"files": [_upload("copy.pdf", plan)]}, HTTP_ACCEPT_LANGUAGE="en")

    assert "copy.pdf: This file has already been added (as plan.pdf); it was not added again." in _text(again)


# Finding 5: the summary ----------------------------------------------------------------------


def test_the_summary_lists_the_files_and_goes_back_to_the_documents_step(at_documents, cast):
    at_documents.post(DOCUMENTS, {"files": [_upload("behandelplan.pdf", pdf())]})

    response = at_documents.get(url("summary"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Uw stukken behandelplan.pdf" in _text(response)
    assert f'class="journey-back" href="{DOCUMENTS}"' in page
    assert f'class="journey-back" href="{url("consents")}"' not in page


def test_both_summaries_use_the_same_words_and_the_unlisted_one_shows_situation_consents_and_costs(
    client, cast
):
    client.force_login(cast.patient_user)
    walk(client, cast, until="documents")
    listed = _text(client.get(url("summary")))
    client.get(reverse("journey:request"))
    _walk_unlisted(client, cast)

    unlisted = _text(client.get(url("summary")))

    for text in (listed, unlisted):
        assert "Controleren en indienen" in text
        assert "Verzoek indienen" in text
        for row in ("Onderwerp", "Toestemmingen", "Uw stukken", "Kosten en tijd", "Wat het kost"):
            assert row in text, row
    assert not says(unlisted, "Controleren en versturen")
    assert not says(unlisted, "Aanvraag versturen")
    assert "J. de Boer, Tandartspraktijk Het Anker, Zwolle" in unlisted


# Finding 6: no link with a missing practitioner ----------------------------------------------


def test_the_place_step_of_an_unlisted_practitioner_has_no_link_without_a_practitioner(client, cast):
    client.force_login(cast.patient_user)
    walk(client, cast, until="practitioner")
    client.post(url("practitioner"), UNLISTED)
    for step in ("question", "situation", "referral"):
        client.post(url(step), PATIENT_ANSWERS[step])

    page = client.get(url("place")).content.decode()

    assert "practitioner=None" not in page
    assert "practitioner=" not in page


def test_the_place_step_of_a_listed_practitioner_links_to_its_givers(patient_at_place, cast):
    page = patient_at_place.get(url("place")).content.decode()

    assert f"{reverse('journey:givers')}?practitioner={cast.treating.pk}" in page


@pytest.fixture
def patient_at_place(client, cast):
    client.force_login(cast.patient_user)
    walk(client, cast, until="place")
    return client


@pytest.mark.parametrize("value", ["None", "", "999999", "abc"])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_unknown_practitioner_on_the_givers_page_is_said_plainly(client, cast, value, language):
    response = client.get(reverse("journey:givers"), {"practitioner": value}, HTTP_ACCEPT_LANGUAGE=language)

    text = _text(response)
    assert response.status_code == 200
    assert "Select a valid choice" not in text
    assert "Selecteer een geldige keuze" not in text
    assert "Er is een probleem" not in text
    assert "There is a problem" not in text
    plain = {
        "nl": "Deze behandelaar staat niet in onze lijst. Zoek hieronder uw eigen behandelaar.",
        "en": "This practitioner is not in our list. Search for your own practitioner below.",
    }[language]
    assert plain in text
    assert 'name="q"' in response.content.decode()  # the search, to go on from


# Finding 7: "(optional)" only where a field is optional ----------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Soort behandelaar",
        "Naam van uw behandelaar",
        "Naam van de praktijk of het ziekenhuis",
        "Plaats",
    ],
)
def test_the_fields_for_a_practitioner_not_in_the_list_do_not_say_optional(client, cast, label):
    client.force_login(cast.patient_user)
    walk(client, cast, until="practitioner")

    text = _text(client.get(url("practitioner")))
    refused = client.post(url("practitioner"), {"unlisted": "on"})

    assert f"{label} Nodig als uw behandelaar niet in de lijst staat." in text
    assert f"{label} (optioneel)" not in text
    assert refused.status_code == 422
    assert f"{label} (optioneel)" not in _text(refused)


def test_the_patient_a_representative_asks_for_does_not_say_optional(representative, cast):
    text = _text(representative.get(url("who")))
    refused = representative.post(url("who"), {"requester_kind": "representative"})

    assert "Voor welke patiënt vraagt u aan? Nodig als u aanvraagt namens de patiënt." in text
    assert "(optioneel)" not in text
    assert refused.status_code == 422
    assert "Kies de patiënt voor wie u aanvraagt." in _text(refused)
    assert "(optioneel)" not in _text(refused)


def test_a_field_that_is_truly_optional_still_says_so(client, cast):
    """The wizard's own marker is kept for fields nothing demands (the consents' boxes are checkboxes,
    so the decision aid's and the step forms' text fields are not touched by the change)."""
    from secondopinion.journey.guide_forms import GiverSearchForm

    form = GiverSearchForm()

    assert "(optioneel)" in visible_text(str(form["city"].as_field_group()))


# Finding 15: a representative reads for whom he answers -------------------------------------


def test_a_representative_reads_the_patients_name_in_the_situation_and_consent_questions(
    representative, cast
):
    name = cast.patient.name
    walk(
        representative,
        cast,
        until="situation",
        who={"requester_kind": "representative", "represented": cast.patient.pk},
    )

    situation = _text(representative.get(url("situation")))
    for step in ("situation", "referral"):
        representative.post(url(step), PATIENT_ANSWERS[step])
    representative.post(url("place"), {"organisation": cast.giving_practice.pk})
    consents = _text(representative.get(url("consents")))

    assert f"Is {name} nog onder behandeling bij deze behandelaar?" in situation
    assert f"Wil {name} dat een andere behandelaar de behandeling overneemt?" in situation
    assert "Bent u nog onder behandeling" not in situation
    assert "uw behandeling overneemt" not in situation
    assert f"De gever mag de gegevens van {name} opvragen bij de eigen behandelaar" in consents
    assert f"De gever mag de eigen behandelaar van {name} over de uitkomst informeren" in consents
    assert f"Is deze aanvraag besproken met de eigen behandelaar van {name}?" in consents
    assert "mijn gegevens" not in consents
    assert "mijn eigen behandelaar" not in consents


def test_a_representative_is_told_on_every_step_after_choosing_for_whom_the_questions_are(
    representative, cast, tmp_path
):
    name = cast.patient.name
    banner = f"U vraagt aan namens {name}."
    walk(
        representative,
        cast,
        until="documents",
        who={"requester_kind": "representative", "represented": cast.patient.pk},
        consents=REPRESENTATIVE["consents"],
    )

    for step in STEPS[1:]:  # every step after "who", where the representative chose the patient
        text = _text(representative.get(url(step)))
        assert banner in text, step
        assert (
            f'Waar een vraag gaat over "u" of "uw" behandeling, behandelaar, vraag of stukken, wordt {name} bedoeld.'
            in text
        )
    summary = _text(representative.get(url("summary")))
    assert f"Gegevens van {name} opvragen: Nee" in summary
    assert f"Eigen behandelaar van {name} informeren: Nee" in summary
    assert "Mijn gegevens opvragen" not in summary


def test_the_patient_herself_reads_no_such_line_and_her_own_wording(at_documents, cast):
    for step in ("who", "practitioner", "situation", "consents", "documents", "summary"):
        assert "U vraagt aan namens" not in _text(at_documents.get(url(step))), step
    situation = _text(at_documents.get(url("situation")))
    consents = _text(at_documents.get(url("consents")))

    assert "Bent u nog onder behandeling bij deze behandelaar?" in situation
    assert "De gever mag mijn gegevens opvragen bij mijn eigen behandelaar" in consents


def test_the_representatives_wording_is_complete_in_english(representative, cast):
    name = cast.patient.name
    walk(
        representative,
        cast,
        until="situation",
        who={"requester_kind": "representative", "represented": cast.patient.pk},
    )

    text = _text(representative.get(url("situation"), HTTP_ACCEPT_LANGUAGE="en"))

    assert f"You are asking on behalf of {name}." in text
    assert f"Is {name} still under treatment of this practitioner?" in text
    assert f"Does {name} want another practitioner to take over the treatment?" in text
