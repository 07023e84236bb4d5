"""Patient identification: a patient is named by BSN *and* date of birth, confirmed by initials and
year of birth before anything is created; a BSN alone names nobody. A wrong and an unknown pair get
byte-identical answers, throttled (429) and recorded as refused attempts without the BSN."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent, SecurityEvent
from secondopinion.cases.models import SecondOpinionCase
from tests.api.conftest import case_body

pytestmark = pytest.mark.django_db

UNKNOWN_BSN = "100000022"  # passes the 11-check, belongs to nobody


def identify(client, bsn: str, birth_date: str):
    return client.post("/patients/identify", {"bsn": bsn, "birth_date": birth_date})


def test_the_api_answers_initials_and_year_of_birth_and_logs_the_search(cast, api_as):
    response = identify(api_as("coordinator"), cast.patient.bsn, "1970-05-17")

    assert response.status_code == 200, response.content
    assert response.json() == {"patient_id": cast.patient.pk, "initials": "P. d. V.", "birth_year": 1970}
    assert "Petra" not in response.content.decode()
    event = AccessEvent.objects.get(data="identity", action="search")
    assert event.patient_id == cast.patient.pk


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_wrong_date_of_birth_and_an_unknown_bsn_get_the_same_answer(cast, api_as, language):
    client = api_as("gp_user", language)

    wrong = identify(client, cast.patient.bsn, "1970-05-18")
    unknown = identify(client, UNKNOWN_BSN, "1970-05-17")

    assert wrong.status_code == unknown.status_code == 422
    assert wrong.content == unknown.content
    assert wrong.json()["field"] == "bsn"
    assert not AccessEvent.objects.filter(data="identity").exists()


def test_failed_identifications_are_recorded_without_the_bsn_and_throttled(cast, api_as, settings):
    settings.TM_IDENTIFY_RATE = 2
    client = api_as("coordinator")

    answers = [identify(client, UNKNOWN_BSN, "1970-05-17").status_code for _ in range(2)]
    throttled = identify(client, cast.patient.bsn, "1970-05-17")

    assert answers == [422, 422]
    assert throttled.status_code == 429
    assert throttled["Retry-After"]
    failed = SecurityEvent.objects.filter(kind="identification_failed", actor=cast.coordinator)
    assert failed.count() == 2
    assert all(UNKNOWN_BSN not in event.detail for event in failed)
    assert SecurityEvent.objects.filter(kind="throttled", actor=cast.coordinator).exists()


def test_a_patient_or_stranger_identifies_nobody_and_gets_the_same_one_answer(cast, api_as):
    stranger = identify(api_as("stranger"), cast.patient.bsn, "1970-05-17")
    unknown = identify(api_as("stranger"), UNKNOWN_BSN, "1970-05-17")

    assert stranger.status_code == unknown.status_code == 422
    assert stranger.content == unknown.content


def test_a_case_named_by_bsn_needs_the_date_of_birth(cast, api_as):
    client = api_as("coordinator", "en")

    missing = client.post(
        "/cases", case_body(cast, patient_id=None, patient_bsn=cast.patient.bsn, patient_birth_date=None)
    )
    wrong = client.post(
        "/cases",
        case_body(cast, patient_id=None, patient_bsn=cast.patient.bsn, patient_birth_date="1971-01-01"),
    )
    unknown = client.post("/cases", case_body(cast, patient_id=None, patient_bsn=UNKNOWN_BSN))

    assert missing.status_code == 422
    assert missing.json()["field"] == "patient_birth_date"
    assert "date of birth" in missing.json()["detail"]
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.content == unknown.content
    assert not SecondOpinionCase.objects.exists()
    right = client.post("/cases", case_body(cast, patient_id=None, patient_bsn=cast.patient.bsn))
    assert right.status_code == 201, right.content


def request_form(cast, **overrides) -> dict:
    return {
        "patient_bsn": cast.patient.bsn,
        "patient_birth_date": "1970-05-17",
        "requester_kind": "patient",
        "protocol": "dental-knmt",
        "treating_practitioner_id": cast.treating.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "treatment_plan",
        "treatment_started": "no",
        "care_question": "Moet kies 36 getrokken worden?",
        **overrides,
    }


def test_the_web_form_confirms_the_patient_by_initials_and_year_before_submitting(cast, client):
    client.force_login(cast.coordinator)

    shown = client.post(reverse("web:case-new"), request_form(cast), secure=True)

    page = shown.content.decode()
    assert shown.status_code == 200
    assert "P. d. V." in page
    assert "1970" in page
    assert cast.patient.name not in page
    assert "17-05-1970" not in page
    assert 'name="patient_confirmed"' in page
    assert not SecondOpinionCase.objects.exists()

    submitted = client.post(reverse("web:case-new"), request_form(cast, patient_confirmed="on"), secure=True)

    assert submitted.status_code == 302
    assert SecondOpinionCase.objects.get().patient == cast.patient


def test_the_web_form_answers_a_wrong_and_an_unknown_pair_the_same(cast, client):
    client.force_login(cast.coordinator)

    wrong = client.post(
        reverse("web:case-new"), request_form(cast, patient_birth_date="1970-05-18"), secure=True
    )
    unknown = client.post(reverse("web:case-new"), request_form(cast, patient_bsn=UNKNOWN_BSN), secure=True)

    assert wrong.status_code == unknown.status_code == 422
    for response in (wrong, unknown):
        assert "Met dit BSN en deze geboortedatum kunnen wij geen patiënt vinden" in response.content.decode()
        assert "P. d. V." not in response.content.decode()
    assert not SecondOpinionCase.objects.exists()


def test_the_web_form_needs_the_date_of_birth_with_the_bsn(cast, client):
    client.force_login(cast.coordinator)

    response = client.post(reverse("web:case-new"), request_form(cast, patient_birth_date=""), secure=True)

    assert response.status_code == 422
    assert 'href="#id-patient_birth_date"' in response.content.decode()
    assert not AccessEvent.objects.filter(data="identity").exists()
