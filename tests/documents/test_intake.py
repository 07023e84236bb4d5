"""Files brought at intake, in the request wizard before the case exists: several at once, a HEIC photo
from a phone converted to JPEG for viewing, a refused file named with its reason while the others are
kept, a preview for photos and X-rays shown to the uploader only, and every file attached to the case
at submission (R17: the patient's own upload)."""

import io

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.documents.intake import intake_add
from secondopinion.documents.models import Document, IntakeFile
from tests.documents.conftest import stored_files, upload
from tests.documents.files import pdf, png
from tests.journey.test_wizard import walk

pytestmark = pytest.mark.django_db

DOCUMENTS = reverse("journey:request-documents")


def heic(size: tuple[int, int] = (6, 4)) -> bytes:
    """A tiny HEIC photo, as an iPhone writes it."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "HEIF")
    return out.getvalue()


@pytest.fixture
def at_documents(client, cast):
    client.force_login(cast.patient_user)
    walk(client, cast, until="documents")
    return client


def test_several_files_at_once_are_kept_with_the_draft_and_a_heic_photo_becomes_a_jpeg(at_documents, cast):
    files = [
        upload("behandelplan.pdf", pdf()),
        upload("begroting.pdf", pdf()),
        upload("IMG_0042.HEIC", heic(), "image/heic"),
    ]

    response = at_documents.post(DOCUMENTS, {"files": files, "add": ""}, follow=True)

    assert response.redirect_chain == [(DOCUMENTS, 302)]  # POST-redirect-GET: a reload sends nothing again
    assert response.status_code == 200
    kept = {f.original_name: f for f in IntakeFile.objects.filter(owner=cast.patient_user)}
    assert set(kept) == {"behandelplan.pdf", "begroting.pdf", "IMG_0042.jpg"}
    photo = kept["IMG_0042.jpg"]
    assert (photo.kind, photo.content_type) == ("jpeg", "image/jpeg")
    assert photo.metadata["converted_from"] == "heic"
    assert (photo.metadata["width"], photo.metadata["height"]) == (6, 4)
    page = response.content.decode()
    assert reverse("journey:intake-preview", args=[photo.pk]) in page
    assert "3 bestanden toegevoegd." in page


def test_the_preview_shows_the_converted_photo_inline_to_its_uploader(at_documents, cast):
    at_documents.post(DOCUMENTS, {"photo": upload("IMG_0001.heic", heic(), "image/heic")})
    photo = IntakeFile.objects.get()

    response = at_documents.get(reverse("journey:intake-preview", args=[photo.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline;")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    assert AccessEvent.objects.filter(actor=cast.patient_user, action="read", data="document:jpeg").exists()


@pytest.mark.parametrize("who", ["other_patient_user", "coordinator", "stranger"])
def test_nobody_else_sees_or_removes_a_draft_file(client, cast, who):
    photo = intake_add(
        actor=cast.patient_user, patient_id=cast.patient.pk, upload=upload("kies.png", png()), source="web"
    )
    client.force_login(getattr(cast, who))

    assert client.get(reverse("journey:intake-preview", args=[photo.pk])).status_code == 404
    assert client.post(reverse("journey:intake-delete", args=[photo.pk])).status_code == 404
    assert IntakeFile.objects.filter(pk=photo.pk).exists()


def test_a_wrong_type_is_refused_by_name_and_the_other_files_are_kept(at_documents, cast, document_root):
    files = [
        upload("behandelplan.pdf", pdf()),
        upload("virus.exe", b"MZ\x90\x00" + bytes(200)),
        upload("foto.png", png()),
    ]

    response = at_documents.post(DOCUMENTS, {"files": files, "next": ""})

    assert response.status_code == 422  # not on to the summary: the refusal is read first
    page = response.content.decode()
    assert "virus.exe: Dit bestandstype wordt niet aanvaard" in page
    assert "De andere bestanden zijn bewaard." in page
    assert sorted(IntakeFile.objects.values_list("original_name", flat=True)) == [
        "behandelplan.pdf",
        "foto.png",
    ]
    assert len(stored_files(document_root)) == 2  # the refused file left nothing


def test_a_removed_file_is_gone_from_the_draft(at_documents, cast):
    at_documents.post(DOCUMENTS, {"files": [upload("foto.png", png())]})
    photo = IntakeFile.objects.get()

    response = at_documents.post(reverse("journey:intake-delete", args=[photo.pk]))

    assert response.status_code == 302
    assert not IntakeFile.objects.exists()


def test_at_submission_the_files_become_documents_the_patient_brought(at_documents, cast):
    at_documents.post(
        DOCUMENTS, {"files": [upload("behandelplan.pdf", pdf()), upload("IMG_7.HEIC", heic())], "next": ""}
    )

    response = at_documents.post(reverse("journey:request-summary"))

    assert response.status_code == 302
    documents = Document.objects.order_by("original_name")
    assert [(d.original_name, d.kind, d.purpose) for d in documents] == [
        ("IMG_7.jpg", "jpeg", "patient_brought"),
        ("behandelplan.pdf", "pdf", "patient_brought"),
    ]
    case = documents[0].case
    assert case.patient == cast.patient
    assert {d.uploaded_by for d in documents} == {cast.patient_user}
    assert not IntakeFile.objects.exists()
    logged = AccessEvent.objects.filter(case=case, action="create", data__startswith="document:")
    assert logged.count() == 2


def test_the_documents_step_needs_an_account(client, cast):
    response = client.get(DOCUMENTS)

    assert response.status_code == 302
    assert not IntakeFile.objects.exists()


def test_the_documents_step_reads_a_fixed_number_of_queries_whatever_the_number_of_files(at_documents, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert at_documents.get(DOCUMENTS).status_code == 200
        return len(captured)

    at_documents.post(DOCUMENTS, {"files": [upload("foto-1.png", png())]})
    one = queries()
    # Four other photos (the same content twice is refused: tests/journey/test_wizard_audit_fixes.py).
    at_documents.post(DOCUMENTS, {"files": [upload(f"foto-{n}.png", png((10 + n, 2))) for n in range(2, 6)]})

    assert IntakeFile.objects.count() == 5
    assert queries() == one
