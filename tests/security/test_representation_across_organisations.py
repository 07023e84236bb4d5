"""Defect 1: a coordinator acts for a patient's representation (R8, the paper path) only when the
patient has a case at the coordinator's own organisation — on the API and the web alike. The
coordinator of another organisation finds nothing (404), changes nothing, and the attempt is in the
security log."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent, SecurityEvent
from secondopinion.directory.models import Representative
from tests.documents.files import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def representation(cast, a_case) -> Representative:
    """Petra's representation; her only case is at the giving practice (organisation A)."""
    return Representative.objects.create(user=cast.representative, patient=cast.patient, relation="partner")


def api(user) -> Client:
    token = ApiToken.issue(user=user, name="t")[1]
    return Client(secure=True, HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client: Client, path: str, payload: dict | None = None):
    return client.post(path, json.dumps(payload or {}), content_type="application/json")


def unchanged(representation: Representative) -> tuple:
    representation.refresh_from_db()
    return (representation.consent_given_at, representation.consent_revoked_at, representation.consent_method)


@pytest.mark.parametrize("action", ["consent", "consent/revoke"])
def test_the_api_hides_the_representation_from_a_coordinator_of_another_organisation(
    cast, representation, action
):
    if action == "consent/revoke":
        Representative.objects.filter(pk=representation.pk).update(
            consent_given_at=timezone.now(), consent_method="in_app"
        )
    before = unchanged(representation)

    response = post(
        api(cast.other_coordinator),
        f"/api/v1/representatives/{representation.pk}/{action}",
        {"confirmed": True},
    )

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert "Petra" not in response.content.decode()
    assert unchanged(representation) == before
    assert not AccessEvent.objects.filter(data="representation", action="update").exists()
    event = SecurityEvent.objects.get(kind="not_found")
    assert (event.actor, event.face, event.target_kind, event.target_id) == (
        cast.other_coordinator,
        "api",
        "representative",
        representation.pk,
    )


def test_the_api_lets_the_coordinator_of_the_patients_organisation_record_and_revoke(cast, representation):
    client = api(cast.coordinator)

    given = post(client, f"/api/v1/representatives/{representation.pk}/consent", {"confirmed": True})
    # The coordinator is let through (not 404), and the paper path keeps the signed form with the
    # patient's case: a JSON body carries no file, so it is refused naming the field.
    assert given.status_code == 422
    assert given.json()["field"] == "file"

    from secondopinion.directory.services import representation_consent_give

    representation_consent_give(
        actor=cast.coordinator,
        representative_id=representation.pk,
        source="api",
        confirmed=True,
        signed_form=SimpleUploadedFile("toestemming.pdf", pdf(), content_type="application/pdf"),
    )
    revoked = post(client, f"/api/v1/representatives/{representation.pk}/consent/revoke")

    assert revoked.status_code == 200
    representation.refresh_from_db()
    assert representation.consent_revoked_at is not None
    assert not SecurityEvent.objects.exists()


def paper_client(user) -> Client:
    client = Client(secure=True)
    client.force_login(user)
    return client


def test_the_paper_page_of_another_organisation_finds_no_such_patient(cast, representation):
    client = paper_client(cast.other_coordinator)
    found = {"bsn": cast.patient.bsn, "date_of_birth": cast.patient.date_of_birth.isoformat()}

    page = client.post(reverse("web:representation-paper"), found)

    assert page.status_code == 200
    assert escape(str(cast.representative)) not in page.content.decode()
    assert "Petra" not in page.content.decode()


def test_the_paper_page_of_another_organisation_records_nothing_and_answers_404(cast, representation):
    client = paper_client(cast.other_coordinator)
    found = {"bsn": cast.patient.bsn, "date_of_birth": cast.patient.date_of_birth.isoformat()}
    before = unchanged(representation)
    form = SimpleUploadedFile("toestemming.pdf", pdf(), content_type="application/pdf")

    response = client.post(
        reverse("web:representation-paper"),
        {**found, "representative": representation.pk, "confirmed": "on", "file": form},
    )

    assert response.status_code == 404
    assert unchanged(representation) == before
    event = SecurityEvent.objects.get(kind="not_found")
    assert (event.actor, event.face, event.path) == (
        cast.other_coordinator,
        "web",
        reverse("web:representation-paper"),
    )


def test_the_paper_page_of_the_patients_organisation_records_the_consent(cast, representation):
    client = paper_client(cast.coordinator)
    found = {"bsn": cast.patient.bsn, "date_of_birth": cast.patient.date_of_birth.isoformat()}
    form = SimpleUploadedFile("toestemming.pdf", pdf(), content_type="application/pdf")

    response = client.post(
        reverse("web:representation-paper"),
        {**found, "representative": representation.pk, "confirmed": "on", "file": form},
    )

    assert response.status_code == 302
    representation.refresh_from_db()
    assert representation.consent_in_force
    assert representation.consent_method == "signed_upload"
    assert not SecurityEvent.objects.exists()


def test_the_patients_own_revoke_page_is_not_a_door_for_a_coordinator(cast, representation):
    Representative.objects.filter(pk=representation.pk).update(
        consent_given_at=timezone.now(), consent_method="in_app"
    )
    before = unchanged(representation)

    response = paper_client(cast.other_coordinator).post(
        reverse("web:representation-revoke", args=[representation.pk])
    )

    assert response.status_code == 404
    assert unchanged(representation) == before
    assert SecurityEvent.objects.filter(kind="not_found", actor=cast.other_coordinator, face="web").exists()
