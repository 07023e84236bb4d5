"""R15: the giver establishes the care question with the patient, and the patient's own question stays
as she wrote it. The giver's words are kept beside hers (established_care_question) and shown beside
them: "Vraag van de patiënt" and "Vraag zoals de adviseur die formuleert" to the practice, "Uw vraag"
and how the second-opinion giver puts it to the patient's side. A case established before the two were
kept apart shows its one question as the giver's, as before."""

import pytest
from django.test import Client

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
from secondopinion.web.forms import InformForm
from tests.conftest import representation_in_force, submit_input, walk
from tests.reading import visible_text
from tests.web.conftest import case_url, step_url

pytestmark = pytest.mark.django_db

ASKED = "Mijn tandarts wil kies 36 trekken. Moet dat echt, of kan de kies nog gered worden?"
RESTATED = "Is extractie van element 36 geïndiceerd, of is een endodontische behandeling met kroon haalbaar?"


def _asked(cast, actor=None, **overrides) -> SecondOpinionCase:
    actor = actor or cast.patient_user
    return case_submit(actor=actor, data=submit_input(cast, care_question=ASKED, **overrides), source="web")


def _established(cast, case: SecondOpinionCase) -> SecondOpinionCase:
    return walk(cast, case, "informed", informed={"care_question": RESTATED})


def _page(user, case: SecondOpinionCase) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    response = client.get(case_url(case))
    assert response.status_code == 200
    return visible_text(response.content.decode())


def test_establishing_the_question_keeps_the_patients_own_words(cast):
    case = _established(cast, _asked(cast))

    case.refresh_from_db()
    assert case.care_question == ASKED
    assert case.established_care_question == RESTATED
    assert case.care_question_established


def test_the_inform_form_keeps_the_patients_words_when_the_giver_posts_it(cast):
    case = walk(cast, _asked(cast), "assigned")
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(cast.giver_user)

    response = client.post(
        step_url(case, "inform"),
        {
            "explanation_items": list(EXPLANATION_ITEMS),
            "written_report": "yes",
            "inform_own_practitioner": "no",
            "care_question": RESTATED,
            "records_alternative_explained": "on",
        },
    )

    assert response.status_code == 302, visible_text(response.content.decode())[:1500]
    case.refresh_from_db()
    assert (case.status, case.care_question, case.established_care_question) == ("informed", ASKED, RESTATED)


@pytest.mark.parametrize("reader", ["coordinator", "giver_user"])
def test_the_practice_reads_both_questions_side_by_side(cast, reader):
    case = _established(cast, _asked(cast))

    text = _page(getattr(cast, reader), case)

    assert f"Vraag van de patiënt {ASKED}" in text
    assert f"Vraag zoals de adviseur die formuleert {RESTATED}" in text


@pytest.mark.parametrize("reader", ["patient_user", "representative"])
def test_the_patients_side_reads_its_own_question_and_the_givers_beside_it(cast, reader):
    representation_in_force(cast)
    case = _established(cast, _asked(cast, cast.representative, requester_kind="representative"))

    text = _page(getattr(cast, reader), case)

    assert f"Uw vraag {ASKED}" in text
    assert f"Uw vraag zoals de second opinion-gever die formuleert {RESTATED}" in text


def test_before_the_giver_establishes_it_the_page_shows_the_patients_question_alone(cast):
    case = _asked(cast)

    staff = _page(cast.coordinator, case)
    patient = _page(cast.patient_user, case)

    assert f"Vraag van de patiënt {ASKED}" in staff
    assert "zoals de adviseur die formuleert" not in staff
    assert f"Uw vraag {ASKED}" in patient
    assert "zoals de second opinion-gever die formuleert" not in patient


def test_a_question_taken_over_word_for_word_is_said_once_to_the_patient(cast):
    case = walk(cast, _asked(cast), "informed", informed={"care_question": ASKED})

    assert "zoals de second opinion-gever die formuleert" not in _page(cast.patient_user, case)
    assert "Vraag zoals de adviseur die formuleert" in _page(cast.coordinator, case)


def test_a_question_established_before_the_two_were_kept_apart_is_shown_as_the_givers(cast):
    """Then the giver's words replaced the patient's: the one question left is not called hers."""
    case = _asked(cast)
    SecondOpinionCase.objects.filter(pk=case.pk).update(
        care_question=RESTATED, care_question_established=True
    )

    text = _page(cast.coordinator, case)

    assert f"Zorgvraag {RESTATED} vastgesteld door de gever" in text
    assert "Vraag van de patiënt" not in text


def test_the_inform_form_starts_from_the_patients_question_then_from_the_established_one(cast):
    case = walk(cast, _asked(cast), "assigned")
    form = InformForm()
    form.set_case(case)
    assert form.fields["care_question"].initial == ASKED

    case.established_care_question = RESTATED
    form = InformForm()
    form.set_case(case)
    assert form.fields["care_question"].initial == RESTATED
