"""Identity verified before medical data flows. A coordinator checks BSN, date of birth and an ID
document at the desk — on the web page or the API — only for a patient with a case at their own
organisation (another organisation's coordinator finds nobody: 404). Until the identity is verified
the patient can submit a request, but no records are requested (data_request_create refuses, naming
the missing step)."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import TransitionNotAllowed
from secondopinion.directory.models import Patient
from secondopinion.records.data_requests import data_request_create
from secondopinion.records.models import DataRequest
from tests.conftest import give_records_consent

pytestmark = pytest.mark.django_db


def unverified(patient: Patient) -> Patient:
    Patient.objects.filter(pk=patient.pk).update(
        identity_verified_at=None, identity_verified_method="", identity_verified_by=None
    )
    patient.refresh_from_db()
    return patient


def request_records(cast, case):
    return data_request_create(
        actor=cast.giver_user, case_id=case.pk, kinds=["xrays"], note="", source="web", email="t@example.nl"
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_records_are_requested_for_a_patient_whose_identity_is_not_verified(
    cast, a_case, advance, language
):
    from django.utils import translation

    case = advance(a_case, "in_examination")
    give_records_consent(cast, case)
    unverified(cast.patient)

    with pytest.raises(TransitionNotAllowed) as refused, translation.override(language):
        request_records(cast, case)

    assert refused.value.field == "identity_verified"
    assert "DigiD" in refused.value.detail.nl
    assert "at the desk" in refused.value.detail.en
    assert "identiteit van de patiënt is nog niet vastgesteld" in refused.value.detail.nl
    assert not DataRequest.objects.exists()


def test_once_verified_at_the_desk_the_records_are_requested(cast, a_case, advance, api_as):
    case = advance(a_case, "in_examination")
    give_records_consent(cast, case)
    unverified(cast.patient)

    response = api_as("coordinator").post(f"/patients/{cast.patient.pk}/identity", {"document_checked": True})

    assert response.status_code == 200, response.content
    assert response.json()["identity_verified"] is True
    assert response.json()["identity_verified_method"] == "desk"
    cast.patient.refresh_from_db()
    assert cast.patient.identity_verified_by == cast.coordinator
    assert AccessEvent.objects.filter(data="identity", action="update", patient_id=cast.patient.pk).exists()
    assert request_records(cast, case).request.pk


def test_the_api_refuses_a_data_request_for_an_unverified_patient_naming_the_step(
    cast, a_case, advance, api_as
):
    case = advance(a_case, "in_examination")
    give_records_consent(cast, case)
    unverified(cast.patient)

    response = api_as("giver_user", "en").post(
        f"/cases/{case.pk}/data-requests", {"kinds": ["xrays"], "note": "", "email": "t@example.nl"}
    )

    assert response.status_code == 409
    assert response.json()["field"] == "identity_verified"
    assert "identity has not been verified" in response.json()["detail"]


def test_the_desk_check_needs_the_tick_and_changes_nothing_without_it(cast, a_case, api_as):
    unverified(cast.patient)

    response = api_as("coordinator").post(
        f"/patients/{cast.patient.pk}/identity", {"document_checked": False}
    )

    assert response.status_code == 422
    assert response.json()["field"] == "document_checked"
    cast.patient.refresh_from_db()
    assert cast.patient.identity_verified_at is None


def test_another_organisations_coordinator_finds_no_such_patient(cast, a_case, api_as, client):
    unverified(cast.patient)

    response = api_as("other_coordinator").post(
        f"/patients/{cast.patient.pk}/identity", {"document_checked": True}
    )

    assert response.status_code == 404
    client.force_login(cast.other_coordinator)
    page = client.post(
        reverse("web:identity-desk"), {"bsn": cast.patient.bsn, "date_of_birth": "1970-05-17"}, secure=True
    )
    assert page.status_code == 422
    assert "P. d. V." not in page.content.decode()
    forged = client.post(
        reverse("web:identity-desk"), {"patient": cast.patient.pk, "document_checked": "on"}, secure=True
    )
    assert forged.status_code == 404
    cast.patient.refresh_from_db()
    assert cast.patient.identity_verified_at is None


def test_the_desk_page_finds_confirms_and_records_the_identity(cast, a_case, client):
    unverified(cast.patient)
    client.force_login(cast.coordinator)
    url = reverse("web:identity-desk")

    found = client.post(url, {"bsn": cast.patient.bsn, "date_of_birth": "1970-05-17"}, secure=True)

    page = found.content.decode()
    assert found.status_code == 200
    assert "P. d. V." in page
    assert "1970" in page
    assert cast.patient.name not in page
    assert 'name="document_checked"' in page

    untick = client.post(url, {"patient": cast.patient.pk}, secure=True)
    assert untick.status_code == 422
    cast.patient.refresh_from_db()
    assert cast.patient.identity_verified_at is None

    done = client.post(url, {"patient": cast.patient.pk, "document_checked": "on"}, secure=True)
    assert done.status_code == 302
    cast.patient.refresh_from_db()
    assert cast.patient.identity_verified_method == "desk"
    assert cast.patient.identity_verified_by == cast.coordinator


def test_the_desk_page_is_only_for_coordinators(cast, client):
    client.force_login(cast.giver_user)

    assert client.get(reverse("web:identity-desk"), secure=True).status_code == 404


def test_a_coordinator_registers_a_patient_with_the_identity_checked(cast, api_as):
    client = api_as("coordinator")

    created = client.post(
        "/patients",
        {"name": "Karel Appel", "bsn": "100000009", "birth_date": "1981-02-03", "identity_checked": True},
    )
    again = client.post("/patients", {"name": "Iemand", "bsn": "100000009", "birth_date": "1990-01-01"})
    unknown = client.post("/patients/identify", {"bsn": "100000022", "birth_date": "1990-01-01"})

    assert created.status_code == 201, created.content
    assert created.json()["initials"] == "K. A."
    assert created.json()["birth_year"] == 1981
    assert created.json()["identity_verified_method"] == "desk"
    assert again.status_code == unknown.status_code == 422
    assert again.json()["detail"] == unknown.json()["detail"]
    assert Patient.objects.filter(bsn="100000009").count() == 1
    assert (
        api_as("giver_user")
        .post("/patients", {"name": "X", "bsn": "100000010", "birth_date": "1990-01-01"})
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("language", "label"),
    [("nl", "Identiteit controleren aan de balie"), ("en", "Check identity at the desk")],
)
def test_the_coordinators_worklist_links_to_the_desk_check(cast, client, language, label):
    client.force_login(cast.coordinator)

    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE=language, secure=True).content.decode()

    assert f'<a href="{reverse("web:identity-desk")}">{label}</a>' in page
    client.force_login(cast.giver_user)
    assert reverse("web:identity-desk") not in client.get(reverse("web:home"), secure=True).content.decode()
