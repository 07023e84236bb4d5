"""The patient's case page in plain words (outside acceptance review, F7): why someone received the
report instead of "Grondslag: rol: aanvrager", "Aanvulling" instead of "Addendum", the steps list's
"niet gedaan — dat hoeft niet", and no appointment link on a case that can have no appointment. Staff
keep their terms."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.cases.editing import case_add_addendum
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_transition
from tests.reading import says, visible_text

pytestmark = pytest.mark.django_db


def page_of(user, case, language: str = "nl") -> str:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(reverse("web:case", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, anchor: str) -> str:
    return page.split(f'id="{anchor}"')[1].split("</section>")[0]


@pytest.fixture
def final_with_addendum(cast, a_case, advance):
    case = advance(a_case, "report_final")
    case_add_addendum(
        actor=cast.giver_user, case_id=case.pk, text="Aanvulling: ook 37 bekeken.", source="web"
    )
    return case


@pytest.mark.parametrize(
    ("language", "why", "own", "addition", "technical"),
    [
        ("nl", "Waarom", "U heeft de second opinion aangevraagd.", "Aanvulling op het rapport", "Grondslag"),
        ("en", "Why", "You asked for the second opinion.", "Addition to the report", "Basis"),
    ],
)
def test_the_patient_reads_why_she_received_the_report_in_plain_words(
    cast, final_with_addendum, language, why, own, addition, technical
):
    text = visible_text(section(page_of(cast.patient_user, final_with_addendum, language), "distribution"))

    assert says(text, why)
    assert own in text
    assert addition in text
    assert not says(text, technical)
    assert not says(text, "Addendum")
    assert not says(text, "R23")
    for raw in ("rol:", "role:", "aanvrager", "requester"):
        assert raw not in text


def test_the_treating_practitioner_on_the_patients_consent_is_there_for_that_reason(cast, a_case):
    from tests.conftest import walk

    case = walk(cast, a_case, "report_final")  # the happy path: the patient consents in the app

    text = visible_text(section(page_of(cast.patient_user, case), "distribution"))

    assert "Omdat u daarvoor toestemming gaf" in text


def test_staff_keep_the_rule_id_and_the_terms(cast, final_with_addendum):
    text = visible_text(section(page_of(cast.coordinator, final_with_addendum), "distribution"))

    assert "R23 · rol: aanvrager" in text
    assert says(text, "Grondslag")
    assert says(text, "Addendum")


def test_the_steps_list_says_a_skipped_optional_step_need_not_be_done(cast, a_case):
    text = visible_text(page_of(cast.patient_user, a_case))
    english = visible_text(page_of(cast.patient_user, a_case, "en"))

    assert "niet gedaan — dat hoeft niet" in text
    assert "(mag)" not in text
    assert "not done — that is not required" in english


def _refused(cast, case):
    values = {
        "refusal_reason": "no_same_discipline",
        "refusal_note": "Geen gever in dit vakgebied beschikbaar.",
    }
    return case_transition(
        actor=cast.coordinator, case_id=case.pk, to="refused", data=StepInput(**values), source="web"
    )


def _redirected(cast, case):
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="redirected",
        data=StepInput(classification="transfer_of_care"),
        source="web",
    )


def _withdrawn(cast, case):
    return case_transition(
        actor=cast.patient_user, case_id=case.pk, to="withdrawn", data=StepInput(note=""), source="web"
    )


@pytest.mark.parametrize("end", [_refused, _redirected, _withdrawn])
@pytest.mark.parametrize("who", ["patient_user", "coordinator"])
def test_a_case_that_can_have_no_appointment_shows_no_appointment_link(cast, a_case, end, who):
    case = end(cast, a_case)

    page = page_of(getattr(cast, who), case)

    assert reverse("appointments:case", args=[case.pk]) not in page
    assert "Uw afspraak: kiezen, verzetten of annuleren" not in visible_text(page)


def test_an_open_case_offers_the_appointment_link(cast, a_case, advance):
    case = advance(a_case, "assigned")

    page = page_of(cast.patient_user, case)

    assert reverse("appointments:case", args=[case.pk]) in page
    assert "Uw afspraak: kiezen, verzetten of annuleren" in visible_text(page)


def test_a_closed_case_lets_the_patient_look_back_on_her_appointments_without_choosing_one(
    cast, a_case, advance
):
    case = advance(a_case, "closed")

    page = page_of(cast.patient_user, case, "en")

    assert reverse("appointments:case", args=[case.pk]) in page
    text = visible_text(page)
    assert "See your appointments" in text
    assert "choose, move or cancel" not in text
