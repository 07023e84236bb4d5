"""R18: a consent recorded on the patient's behalf rests on the uploaded signed form; the patient
declares in the app without one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from secondopinion.api.models import ApiToken
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted
from secondopinion.documents.models import Document
from tests.access.complaints import _complaint
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


def signed_form(name: str = "toestemming-getekend.pdf", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf() if content is None else content, content_type="application/pdf")


def record_signed(cast, case, actor=None, form=None, method="signed_upload"):
    return consent_record(
        actor=actor or cast.coordinator,
        case_id=case.pk,
        purpose="request_records",
        method=method,
        given_by_name="Petra de Vries",
        scope="Röntgenfoto's",
        signed_form=form,
        source="web",
    )


def test_a_signed_consent_keeps_its_form_as_a_document_of_the_case(cast, a_case):
    consent = record_signed(cast, a_case, form=signed_form())

    form = consent.signed_form
    assert (consent.method, form.purpose, form.case_id) == ("signed_upload", "consent_form", a_case.pk)
    assert (form.kind, form.uploaded_by) == ("pdf", cast.coordinator)
    assert Consent.objects.get(signed_form=form) == consent


def test_a_signed_consent_without_its_form_is_refused_and_nothing_is_recorded(cast, a_case):
    with pytest.raises(InvalidInput) as refused:
        record_signed(cast, a_case)

    assert refused.value.field == "file"
    assert "signed consent form" in refused.value.detail.en
    assert Consent.objects.count() == Document.objects.count() == 0


def test_a_form_that_is_not_what_it_claims_is_refused_and_nothing_is_recorded(cast, a_case):
    with pytest.raises(InvalidInput) as refused:
        record_signed(cast, a_case, form=signed_form(content=b"#!/bin/sh\necho hello\n"))

    assert refused.value.field == "file"
    assert Consent.objects.count() == Document.objects.count() == 0


def test_the_patient_declares_in_the_app_without_a_form(cast, a_case):
    declared = consent_record(
        actor=cast.patient_user, case_id=a_case.pk, purpose="request_records", method="in_app", source="web"
    )
    with pytest.raises(InvalidInput) as with_form:
        consent_record(
            actor=cast.patient_user,
            case_id=a_case.pk,
            purpose="consult_colleague",
            method="in_app",
            signed_form=signed_form(),
            source="web",
        )

    assert (declared.method, declared.signed_form) == ("in_app", None)
    assert with_form.value.field == "file"


def test_staff_cannot_declare_in_the_app_for_the_patient(cast, a_case):
    with pytest.raises(InvalidInput) as refused:
        record_signed(cast, a_case, form=signed_form(), method="in_app")

    assert refused.value.field == "method"
    assert Document.objects.count() == 0


@pytest.mark.parametrize(("who", "error"), [("complaints_officer", NotPermitted), ("stranger", NotFound)])
def test_others_record_no_consent_and_store_no_form(cast, a_case, who, error):
    if who == "complaints_officer":
        _complaint(a_case)  # need to know: the officer is related while a complaint is handled
    with pytest.raises(error):
        record_signed(cast, a_case, actor=getattr(cast, who), form=signed_form())

    assert Document.objects.count() == 0


def test_the_web_form_uploads_the_signed_form(cast, a_case):
    client = Client()
    client.force_login(cast.coordinator)
    url = reverse("web:consent-add", args=[a_case.pk])
    body = {"purpose": "request_records", "given_by_name": "Petra de Vries", "scope": ""}

    without = client.post(url, body)
    page = client.get(reverse("web:case", args=[a_case.pk])).content.decode()
    done = client.post(url, {**body, "file": signed_form()})

    assert without.status_code == 422
    assert 'enctype="multipart/form-data"' in page
    assert done.status_code == 302
    assert Consent.objects.get().signed_form.purpose == "consent_form"


def test_the_api_records_a_signed_consent_from_a_multipart_upload(cast, a_case):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user=cast.coordinator, name='t')[1]}"}
    path = f"/api/v1/cases/{a_case.pk}/consents/signed-form"
    body = {"purpose": "request_records", "given_by_name": "Petra de Vries"}

    missing = Client().post(path, body, **headers)
    created = Client().post(path, {**body, "file": signed_form()}, **headers)
    json_without_form = Client().post(
        f"/api/v1/cases/{a_case.pk}/consents",
        {"purpose": "request_records", "method": "signed_upload", "given_by_name": "Petra de Vries"},
        content_type="application/json",
        **headers,
    )

    assert missing.status_code == 422
    assert created.status_code == 201
    assert created.json()["method"] == "signed_upload"
    assert created.json()["signed_form_id"] == Document.objects.get(purpose="consent_form").pk
    assert (json_without_form.status_code, json_without_form.json()["field"]) == (422, "file")
