"""Defects 4 and 5: the patient named at case submission. A registered BSN one may not submit for and
an unregistered one get one and the same answer (no BSN oracle); failed identifications are
throttled per user (429 with Retry-After after TM_IDENTIFY_RATE) and recorded in the security log
without the BSN; patient_id and patient_bsn naming different patients are refused naming both."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import SecurityEvent
from secondopinion.cases.models import SecondOpinionCase
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

UNKNOWN_BSN = "100000022"  # passes the 11-check, belongs to nobody


def api(user) -> Client:
    token = ApiToken.issue(user=user, name="t")[1]
    return Client(secure=True, HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")


def body(cast, **patient) -> dict:
    return {
        "protocol": "dental-knmt",
        "organisation_id": cast.giving_practice.pk,
        "treating_practitioner_id": cast.treating.pk,
        "care_question": "Moet kies 36 getrokken worden?",
        "subject": "treatment_plan",
        "treatment_started": False,
        "requester_kind": "patient",
        # A BSN names a patient only with the date of birth (the factory's patients are born 17-05-1970).
        **({"patient_birth_date": "1970-05-17"} if "patient_bsn" in patient else {}),
        **patient,
    }


def error_summary(response) -> str:
    """The error the page shows (the rest differs by the CSRF token and the BSN typed back)."""
    found = re.search(r'<div class="error-summary".*?</div>', response.content.decode(), re.S)
    assert found is not None
    return found.group(0)


def submit(client: Client, payload: dict):
    return client.post("/api/v1/cases", json.dumps(payload), content_type="application/json")


def test_a_registered_bsn_not_yours_and_an_unknown_bsn_get_byte_identical_answers(cast):
    client = api(cast.stranger)

    registered = submit(client, body(cast, patient_bsn=cast.patient.bsn))
    unknown = submit(client, body(cast, patient_bsn=UNKNOWN_BSN))

    assert registered.status_code == unknown.status_code == 422
    assert registered.content == unknown.content
    problem = registered.json()
    assert problem["field"] == "patient_bsn"
    assert "We cannot submit a request for this patient" in problem["detail"]
    assert not SecondOpinionCase.objects.exists()


def test_a_patient_id_not_yours_and_an_unknown_patient_id_get_byte_identical_answers(cast):
    client = api(cast.patient_user)
    other = cast.other_patient_user.patient

    registered = submit(client, body(cast, patient_id=other.pk))
    unknown = submit(client, body(cast, patient_id=other.pk + 1000))

    assert registered.status_code == unknown.status_code == 422
    assert registered.content == unknown.content
    assert registered.json()["field"] == "patient_id"


def test_the_answer_does_not_depend_on_the_bsn_even_when_another_field_is_wrong(cast):
    """The identification is refused after the checks every request gets, so a wrong organisation
    answers the same for a registered and an unknown BSN."""
    client = api(cast.stranger)
    wrong_org = {"organisation_id": 999_999}

    registered = submit(client, {**body(cast, patient_bsn=cast.patient.bsn), **wrong_org})
    unknown = submit(client, {**body(cast, patient_bsn=UNKNOWN_BSN), **wrong_org})

    assert registered.content == unknown.content
    assert registered.json()["field"] == "organisation_id"


def test_the_web_form_answers_the_same_for_a_registered_and_an_unknown_bsn(cast):
    client = Client(secure=True)
    client.force_login(cast.stranger)
    form = {
        "protocol": "dental-knmt",
        "organisation_id": cast.giving_practice.pk,
        "treating_practitioner_id": cast.treating.pk,
        "care_question": "Moet kies 36 getrokken worden?",
        "subject": "treatment_plan",
        "requester_kind": "patient",
        "treatment_started": "no",
        "patient_birth_date": "1970-05-17",
    }

    registered = client.post(reverse("web:case-new"), {**form, "patient_bsn": cast.patient.bsn})
    unknown = client.post(reverse("web:case-new"), {**form, "patient_bsn": UNKNOWN_BSN})

    assert registered.status_code == unknown.status_code == 422
    assert error_summary(registered) == error_summary(unknown)
    assert "Met dit BSN en deze geboortedatum kunnen wij geen patiënt vinden" in registered.content.decode()
    events = SecurityEvent.objects.filter(kind="identification_failed", actor=cast.stranger, face="web")
    assert events.count() == 2


def test_each_refused_identification_is_recorded_without_the_bsn(cast):
    client = api(cast.stranger)

    submit(client, body(cast, patient_bsn=cast.patient.bsn))
    submit(client, body(cast, patient_bsn=UNKNOWN_BSN))

    events = list(SecurityEvent.objects.filter(kind="identification_failed").order_by("id"))
    assert len(events) == 2
    for event in events:
        assert (event.actor, event.actor_name, event.face, event.method) == (
            cast.stranger,
            "vreemde",
            "api",
            "POST",
        )
        assert event.path == "/api/v1/cases"
        assert cast.patient.bsn not in event.detail
        assert UNKNOWN_BSN not in event.detail
        assert "bsn#" in event.detail  # a keyed hash: the same number probed twice shows
    assert events[0].detail != events[1].detail


def test_the_eleventh_failure_answers_429_with_retry_after_and_is_recorded(cast, settings):
    settings.TM_IDENTIFY_RATE = 10
    client = api(cast.stranger)

    answers = [submit(client, body(cast, patient_bsn=UNKNOWN_BSN)).status_code for _ in range(10)]
    eleventh = submit(client, body(cast, patient_bsn=cast.patient.bsn))

    assert answers == [422] * 10
    assert eleventh.status_code == 429
    assert int(eleventh["Retry-After"]) > 0
    assert eleventh.json()["status"] == 429
    assert SecurityEvent.objects.filter(kind="identification_failed").count() == 10
    assert SecurityEvent.objects.filter(kind="throttled", actor=cast.stranger).count() == 1
    # Another user is not slowed down by the stranger's probing.
    coordinator = submit(api(cast.coordinator), body(cast, patient_bsn=cast.patient.bsn))
    assert coordinator.status_code == 201


def test_the_throttle_also_answers_on_the_web(cast, settings):
    settings.TM_IDENTIFY_RATE = 1
    client = Client(secure=True)
    client.force_login(cast.stranger)
    form = {
        "protocol": "dental-knmt",
        "organisation_id": cast.giving_practice.pk,
        "treating_practitioner_id": cast.treating.pk,
        "care_question": "Moet kies 36 getrokken worden?",
        "subject": "treatment_plan",
        "requester_kind": "patient",
        "treatment_started": "no",
        "patient_bsn": UNKNOWN_BSN,
        "patient_birth_date": "1970-05-17",
    }

    assert client.post(reverse("web:case-new"), form).status_code == 422
    throttled = client.post(reverse("web:case-new"), form)

    assert throttled.status_code == 429
    assert throttled["Retry-After"]


def test_patient_id_and_bsn_naming_different_patients_are_refused_naming_both(cast):
    other = PatientFactory(name="Karel Klaassen")
    client = api(cast.coordinator)

    response = submit(client, body(cast, patient_id=cast.patient.pk, patient_bsn=other.bsn))

    assert response.status_code == 422
    problem = response.json()
    assert problem["field"] == "patient_id,patient_bsn"
    assert "patient_id" in problem["detail"]
    assert "patient_bsn" in problem["detail"]
    assert not SecondOpinionCase.objects.exists()


def test_patient_id_and_bsn_naming_the_same_patient_are_accepted(cast):
    response = submit(
        api(cast.coordinator), body(cast, patient_id=cast.patient.pk, patient_bsn=cast.patient.bsn)
    )

    assert response.status_code == 201
    assert SecondOpinionCase.objects.get().patient == cast.patient


def test_a_mismatch_answers_like_a_pair_one_may_not_submit_for(cast):
    """Both fields given: whether they disagree or name a patient one may not submit for, the answer
    is the same, so the pair cannot be used as an oracle either."""
    client = api(cast.stranger)

    matching = submit(client, body(cast, patient_id=cast.patient.pk, patient_bsn=cast.patient.bsn))
    mismatch = submit(client, body(cast, patient_id=cast.patient.pk, patient_bsn=UNKNOWN_BSN))

    assert matching.status_code == mismatch.status_code == 422
    assert matching.content == mismatch.content
