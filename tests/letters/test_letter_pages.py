"""The letters on the patient's pages: the letters page (make one, see them), the list on the case page,
who finds them (the patient's side; staff are refused, strangers and other organisations find nothing),
and what they cost in queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.letters.models import PatientLetter
from secondopinion.letters.services import letter_create
from tests.access.complaints import _complaint
from tests.letters.conftest import client_for

pytestmark = pytest.mark.django_db


def make(cast, case, n: int = 1) -> list[PatientLetter]:
    return [
        letter_create(actor=cast.patient_user, case_id=case.pk, kind="inform", language="nl", source="web")
        for _ in range(n)
    ]


def test_the_patient_makes_a_letter_on_the_letters_page_and_downloads_it(cast, a_case):
    client = client_for(cast.patient_user)
    url = reverse("letters:letters", args=[a_case.pk])

    page = client.get(url)
    made = client.post(
        url, {"kind": "records", "parts": ["xrays", "models"], "own_sentence": "Graag per post."}
    )
    after = client.get(url).content.decode()

    assert page.status_code == 200
    assert "Brieven aan uw eigen behandelaar" in page.content.decode()
    assert "De brief is gericht aan Tandarts, Tandartspraktijk De Molen." in page.content.decode()
    assert made.status_code == 302
    letter = PatientLetter.objects.get(case=a_case)
    assert "Uw brief is klaar." in after
    assert reverse("letters:letter-pdf", args=[letter.pk]) in after
    assert reverse("letters:letter-docx", args=[letter.pk]) in after
    assert "Brief: verzoek om een kopie van uw dossier" in after


def test_the_case_page_lists_the_letters_for_the_patient(cast, a_case):
    letter = make(cast, a_case)[0]

    page = client_for(cast.patient_user).get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert 'id="letters"' in page
    assert "Brief: u vraagt een second opinion aan" in page
    assert reverse("letters:letter-pdf", args=[letter.pk]) in page
    assert reverse("letters:letters", args=[a_case.pk]) in page
    assert letter.content_hash not in page


def test_the_staff_case_page_shows_no_letters(cast, a_case):
    make(cast, a_case)

    page = client_for(cast.coordinator).get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert 'id="letters"' not in page
    assert "brieven" not in page


def test_the_case_page_costs_the_same_with_one_letter_or_five(cast, a_case):
    client = client_for(cast.patient_user)
    url = reverse("web:case", args=[a_case.pk])
    make(cast, a_case)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make(cast, a_case, 4)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()

    assert page.count("Brief: u vraagt een second opinion aan") == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_the_letters_page_costs_the_same_with_one_letter_or_five(cast, a_case):
    client = client_for(cast.patient_user)
    url = reverse("letters:letters", args=[a_case.pk])
    make(cast, a_case)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    make(cast, a_case, 4)
    with CaptureQueriesContext(connection) as five:
        client.get(url)

    assert len(five.captured_queries) == len(one.captured_queries) <= 10


def test_opening_the_letters_page_is_logged(cast, a_case):
    client_for(cast.patient_user).get(reverse("letters:letters", args=[a_case.pk]))

    event = AccessEvent.objects.get(data="patient-letters")
    assert (event.action, event.role, event.case_id) == ("read", "patient", a_case.pk)


@pytest.mark.parametrize("who", ["coordinator", "giver_user", "complaints_officer"])
def test_staff_of_the_case_are_refused_the_letters_page_and_find_no_letter(cast, a_case, advance, who):
    advance(a_case, "assigned")
    if who == "complaints_officer":
        _complaint(a_case)  # need to know: the officer is related while a complaint is handled
    letter = make(cast, a_case)[0]
    client = client_for(getattr(cast, who))
    events = AccessEvent.objects.filter(data__startswith="patient-letter").count()

    page = client.get(reverse("letters:letters", args=[a_case.pk]))
    posted = client.post(reverse("letters:letters", args=[a_case.pk]), {"kind": "inform"})
    download = client.get(reverse("letters:letter-pdf", args=[letter.pk]))

    assert page.status_code == posted.status_code == 403
    assert "Deze brieven zijn van de patiënt." in page.content.decode()
    assert download.status_code == 404
    assert PatientLetter.objects.count() == 1
    assert AccessEvent.objects.filter(data__startswith="patient-letter").count() == events


@pytest.mark.parametrize("who", ["stranger", "other_coordinator", "other_patient_user", "treating_user"])
def test_strangers_and_other_organisations_find_nothing(cast, a_case, who):
    letter = make(cast, a_case)[0]
    client = client_for(getattr(cast, who))
    events = AccessEvent.objects.count()

    answers = [
        client.get(reverse("letters:letters", args=[a_case.pk])),
        client.post(reverse("letters:letters", args=[a_case.pk]), {"kind": "inform"}),
        client.get(reverse("letters:letter-pdf", args=[letter.pk])),
        client.get(reverse("letters:letter-docx", args=[letter.pk])),
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404, 404]
    assert all("Petra de Vries" not in answer.content.decode(errors="replace") for answer in answers)
    assert PatientLetter.objects.count() == 1
    assert AccessEvent.objects.count() == events


def test_a_letter_that_does_not_exist_is_not_found(cast):
    response = client_for(cast.patient_user).get(reverse("letters:letter-pdf", args=[987654]))

    assert response.status_code == 404


def test_the_representative_reads_the_patients_letters(cast, represented):
    from secondopinion.cases.services import case_submit
    from tests.conftest import submit_input

    case = case_submit(
        actor=cast.representative, data=submit_input(cast, requester_kind="representative"), source="web"
    )
    letter = make(cast, case)[0]

    response = client_for(cast.representative).get(reverse("letters:letter-docx", args=[letter.pk]))

    assert response.status_code == 200
    event = AccessEvent.objects.filter(data="patient-letter", action="export").get()
    assert (event.role, event.on_behalf_of) == ("representative", "Petra de Vries")


def test_once_the_request_has_ended_the_page_says_so_and_offers_no_form(cast, a_case):
    from secondopinion.cases.models import SecondOpinionCase

    make(cast, a_case)
    SecondOpinionCase.objects.filter(pk=a_case.pk).update(status="withdrawn")
    client = client_for(cast.patient_user)

    page = client.get(reverse("letters:letters", args=[a_case.pk])).content.decode()
    case_page = client.get(reverse("web:case", args=[a_case.pk])).content.decode()

    assert "Deze aanvraag is afgerond. U kunt er geen nieuwe brief meer bij maken." in page
    assert "Maak de brief" not in page
    assert "Brief: u vraagt een second opinion aan" in page  # the letters made stay downloadable
    assert "Brief: u vraagt een second opinion aan" in case_page
    assert reverse("letters:letters", args=[a_case.pk]) not in case_page


def test_an_empty_form_names_the_missing_choice_and_makes_nothing(cast, a_case):
    response = client_for(cast.patient_user).post(reverse("letters:letters", args=[a_case.pk]), {})

    assert response.status_code == 422
    assert "Welke brief" in response.content.decode()
    assert "Dit veld is verplicht." in response.content.decode()
    assert not PatientLetter.objects.exists()
