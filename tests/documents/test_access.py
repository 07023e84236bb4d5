"""Who uploads and who opens a case's documents, on the service, the web and the API; downloads
are attachments with a safe name and are logged."""

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.api.models import ApiToken
from secondopinion.audit.models import AccessEvent
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_revoke
from secondopinion.core.errors import NotFound, NotPermitted
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_open, document_store, document_upload
from tests.access.complaints import _complaint
from tests.documents import files
from tests.documents.conftest import stored_files, upload

pytestmark = pytest.mark.django_db


def add(case, user, purpose, name="foto.png", content=None):
    return document_upload(
        actor=user,
        case_id=case.pk,
        upload=upload(name, content or files.png()),
        purpose=purpose,
        source="web",
    )


@pytest.mark.parametrize(
    ("who", "purpose"),
    [
        ("giver_user", "examination"),
        ("giver_user", "record"),
        ("coordinator", "consent_form"),
        ("patient_user", "patient_brought"),
        ("patient_user", "consent_form"),
        ("treating_user", "record"),
    ],
)
def test_each_role_uploads_what_it_supplies(examined_case, cast, who, purpose):
    document = add(examined_case, getattr(cast, who), purpose)

    assert document.purpose == purpose
    assert document.uploaded_by == getattr(cast, who)
    assert document.uploader_name == str(getattr(cast, who))


@pytest.mark.parametrize(
    ("who", "purpose"),
    [
        ("patient_user", "examination"),
        ("patient_user", "record"),
        ("treating_user", "patient_brought"),
        ("complaints_officer", "record"),
    ],
)
def test_a_related_role_may_not_upload_what_it_does_not_supply(
    examined_case, cast, who, purpose, document_root
):
    if who == "complaints_officer":
        _complaint(examined_case)  # need to know: the officer is related while a complaint is handled
    with pytest.raises(NotPermitted):
        add(examined_case, getattr(cast, who), purpose)

    assert Document.objects.count() == 0
    assert stored_files(document_root) == []


def test_a_stranger_learns_nothing(examined_case, cast):
    with pytest.raises(NotFound):
        add(examined_case, cast.stranger, "record")


def test_the_treating_practitioner_supplies_records_only_while_the_consent_is_in_force(examined_case, cast):
    consent = Consent.objects.get(case=examined_case, purpose="request_records")
    consent_revoke(actor=cast.patient_user, case_id=examined_case.pk, consent_id=consent.pk, source="web")

    with pytest.raises(NotPermitted):
        add(examined_case, cast.treating_user, "record")


def test_the_treating_practitioner_opens_only_what_he_supplied(examined_case, cast):
    his = add(examined_case, cast.treating_user, "record", "brief.pdf", files.pdf())
    givers = add(examined_case, cast.giver_user, "examination")

    _document, handle = document_open(actor=cast.treating_user, document_id=his.pk, source="web")
    handle.close()
    with pytest.raises(NotPermitted):
        document_open(actor=cast.treating_user, document_id=givers.pk, source="web")


def test_opening_writes_one_export_event(examined_case, cast):
    document = add(examined_case, cast.giver_user, "examination")
    before = AccessEvent.objects.count()

    _document, handle = document_open(actor=cast.patient_user, document_id=document.pk, source="api")
    assert handle.read() == files.png()
    handle.close()

    [event] = AccessEvent.objects.filter(pk__gt=0).order_by("-pk")[:1]
    assert AccessEvent.objects.count() == before + 1
    assert (event.action, event.data, event.actor, event.role) == (
        "export",
        "document:png",
        cast.patient_user,
        "patient",
    )


def test_an_upload_link_upload_is_logged_for_the_named_supplier(examined_case, cast):
    document = document_store(
        case=examined_case,
        upload=upload("brief.pdf", files.pdf()),
        purpose="record",
        source="web",
        actor=None,
        role="treating",
        basis="consent:request_records",
        uploader_name="Tandarts De Molen",
        via="upload_link",
    )

    event = AccessEvent.objects.order_by("-pk").first()
    assert (document.uploaded_by, document.uploaded_via, document.uploader_name) == (
        None,
        "upload_link",
        "Tandarts De Molen",
    )
    assert (event.actor, event.basis, event.data) == (None, "consent:request_records", "document:pdf")


# Web ----------------------------------------------------------------------------------------


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_case_page_lists_the_documents_and_offers_the_upload(examined_case, cast):
    add(examined_case, cast.giver_user, "examination", "röntgen 36.png")

    page = web(cast.giver_user).get(reverse("web:case", args=[examined_case.pk]))

    body = page.content.decode()
    assert "röntgen 36.png" in body
    assert 'enctype="multipart/form-data"' in body
    assert Document.objects.get().sha256[:12] in body


def test_the_web_upload_stores_and_returns_to_the_case(examined_case, cast):
    response = web(cast.patient_user).post(
        reverse("web:document-add", args=[examined_case.pk]),
        {"purpose": "patient_brought", "file": upload("foto.png", files.png())},
    )

    assert response.status_code == 302
    assert Document.objects.get().uploaded_by == cast.patient_user


def test_the_web_upload_shows_the_refusal_on_the_file_field(examined_case, cast, document_root):
    response = web(cast.giver_user).post(
        reverse("web:document-add", args=[examined_case.pk]),
        {"purpose": "examination", "file": upload("foto.pdf", files.png())},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert "but the content is PNG" in response.content.decode()
    assert stored_files(document_root) == []


def test_django_strips_a_traversal_name_and_the_server_names_the_file(examined_case, cast, document_root):
    web(cast.giver_user).post(
        reverse("web:document-add", args=[examined_case.pk]),
        {"purpose": "examination", "file": upload("foto.png", files.png())},
    )
    document = Document.objects.get()

    assert ".." not in document.storage_name
    assert [path.relative_to(document_root).as_posix() for path in stored_files(document_root)] == [
        document.storage_name
    ]


def test_a_download_is_an_attachment_with_a_safe_name(examined_case, cast):
    document = add(examined_case, cast.giver_user, "examination")
    Document.objects.filter(pk=document.pk).update(original_name='rö"ntgen\\; x=.png')

    response = web(cast.patient_user).get(reverse("web:document-download", args=[document.pk]))

    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert (
        disposition
        == "attachment; filename=\"r__ntgen_; x=.png\"; filename*=UTF-8''r%C3%B6%22ntgen%5C%3B%20x%3D.png"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == files.png()


def test_a_stranger_downloads_nothing(examined_case, cast):
    document = add(examined_case, cast.giver_user, "examination")
    before = AccessEvent.objects.count()

    response = web(cast.stranger).get(reverse("web:document-download", args=[document.pk]))

    assert response.status_code == 404
    assert AccessEvent.objects.count() == before


def test_a_web_download_writes_one_access_event(examined_case, cast):
    document = add(examined_case, cast.giver_user, "examination")
    before = AccessEvent.objects.count()

    web(cast.coordinator).get(reverse("web:document-download", args=[document.pk]))

    assert AccessEvent.objects.count() == before + 1
    assert AccessEvent.objects.order_by("-pk").first().action == "export"


# API ----------------------------------------------------------------------------------------


def bearer(user) -> dict:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user=user, name='test')[1]}",
        "HTTP_ACCEPT_LANGUAGE": "en",
    }


def test_the_api_uploads_lists_and_downloads(examined_case, cast):
    client, headers = Client(), bearer(cast.giver_user)
    url = f"/api/v1/cases/{examined_case.pk}/documents"

    created = client.post(
        url, {"purpose": "examination", "file": upload("opname.dcm", files.dicom())}, **headers
    )
    listed = client.get(url, **headers)
    content = client.get(f"/api/v1/documents/{created.json()['id']}/content", **headers)

    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "dicom"
    assert created.json()["metadata"]["Modality"] == "IO"
    assert [item["id"] for item in listed.json()] == [created.json()["id"]]
    assert content.status_code == 200
    assert content["Content-Type"] == "application/dicom"
    assert content["Content-Disposition"].startswith('attachment; filename="opname.dcm"')


def test_the_api_refuses_a_mismatched_file_as_a_problem_naming_the_field(examined_case, cast):
    response = Client().post(
        f"/api/v1/cases/{examined_case.pk}/documents",
        {"purpose": "examination", "file": upload("brief.jpg", files.pdf())},
        **bearer(cast.giver_user),
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "file"
    assert "the content is PDF" in response.json()["detail"]


def test_the_api_takes_an_upload_larger_than_the_json_body_limit(examined_case, cast, settings):
    settings.API_MAX_BODY_BYTES = 1024
    response = Client().post(
        f"/api/v1/cases/{examined_case.pk}/documents",
        {"purpose": "examination", "file": upload("scan.stl", files.stl_binary(100))},
        **bearer(cast.giver_user),
    )

    assert response.status_code == 201, response.content


def test_the_api_hides_a_document_from_a_stranger(examined_case, cast):
    document = add(examined_case, cast.giver_user, "examination")

    response = Client().get(f"/api/v1/documents/{document.pk}/content", **bearer(cast.stranger))

    assert response.status_code == 404
