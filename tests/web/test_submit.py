"""Submitting a new request: a patient for themself, a coordinator for a patient."""

import pytest
from django.urls import reverse

from secondopinion.cases.models import SecondOpinionCase
from tests.reading import says, visible_text
from tests.web.conftest import html

pytestmark = pytest.mark.django_db


def request_data(cast, **overrides) -> dict:
    data = {
        "protocol": "dental-knmt",
        "treating_practitioner_id": cast.treating.pk,
        "organisation_id": cast.giving_practice.pk,
        "subject": "treatment_plan",
        "treatment_started": "no",
        "care_question": "Is een implantaat echt nodig?",
    }
    data.update(overrides)
    return data


def test_a_patient_asking_for_the_old_form_is_sent_to_the_request_wizard(login, cast):
    """One request path for patients: the old one-page form leads to the wizard."""
    client = login(cast.patient_user)

    response = client.get(reverse("web:case-new"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("journey:request"))


def test_a_patient_submits_a_request_and_lands_on_its_page(login, cast):
    client = login(cast.patient_user)

    response = client.post(reverse("web:case-new"), request_data(cast), follow=True)

    case = SecondOpinionCase.objects.get()
    assert response.redirect_chain == [(reverse("web:case", args=[case.pk]), 302)]
    assert case.patient == cast.patient
    assert case.requester == cast.patient_user
    assert case.status == "submitted"
    assert f"Uw verzoek is ingediend als {case.reference}." in html(response)


def test_a_request_about_treatment_already_started_is_blocked_by_r2_with_guidance(login, cast):
    client = login(cast.patient_user)

    response = client.post(reverse("web:case-new"), request_data(cast, treatment_started="yes"))

    page = html(response)
    assert response.status_code == 422
    assert "klachtenregeling van uw tandarts" in page
    assert not says(visible_text(page), "R2")  # the rule's id is for professionals
    assert not SecondOpinionCase.objects.exists()


def test_a_request_without_a_question_names_the_field(login, cast):
    client = login(cast.patient_user)

    response = client.post(reverse("web:case-new"), request_data(cast, care_question=""))

    assert response.status_code == 422
    assert 'href="#id-care_question"' in html(response)
    assert "Uw vraag: Dit veld is verplicht." in html(response)


def test_a_coordinator_names_the_patient_by_bsn(login, cast):
    client = login(cast.coordinator)

    page = html(client.get(reverse("web:case-new")))
    client.post(
        reverse("web:case-new"),
        request_data(
            cast,
            patient_bsn=cast.patient.bsn,
            patient_birth_date=cast.patient.date_of_birth.isoformat(),
            patient_confirmed="on",  # confirmed by initials and year of birth (tests/identity/)
            requester_kind="patient",
        ),
    )

    assert 'name="patient_bsn"' in page
    assert SecondOpinionCase.objects.get().patient == cast.patient


def test_a_bsn_that_fails_the_11_check_names_the_field(login, cast):
    client = login(cast.coordinator)

    response = client.post(
        reverse("web:case-new"),
        request_data(
            cast, patient_bsn="123456789", patient_birth_date="1970-05-17", requester_kind="patient"
        ),
    )

    assert response.status_code == 422
    assert 'href="#id-patient_bsn"' in html(response)
    assert "is geen geldig BSN" in html(response)
    assert not SecondOpinionCase.objects.exists()


def test_a_stranger_cannot_submit_for_a_patient(login, cast):
    client = login(cast.stranger)

    response = client.post(
        reverse("web:case-new"),
        request_data(
            cast, patient_bsn=cast.patient.bsn, patient_birth_date="1970-05-17", requester_kind="patient"
        ),
    )

    # The same answer as for an unregistered BSN (no BSN oracle; tests/security/test_identification.py).
    assert response.status_code == 422
    assert "Met dit BSN en deze geboortedatum kunnen wij geen patiënt vinden" in html(response)
    assert not SecondOpinionCase.objects.exists()


def test_the_request_form_needs_a_login(client):
    assert client.get(reverse("web:case-new")).status_code == 302
