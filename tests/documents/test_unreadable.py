"""A file that only begins like a PDF, JPEG or PNG is refused: the whole file must open (pypdf for a
PDF, Pillow for an image), not just its first bytes. The refusal names the field "file" in Dutch and
English, on the service, the API, the case page and the request wizard, and leaves nothing behind:
no document, no stored file, no access-log event."""

import io

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import InvalidInput
from secondopinion.documents.models import Document, IntakeFile
from secondopinion.documents.services import document_upload
from tests.documents import files
from tests.documents.conftest import stored_files, upload
from tests.documents.test_access import bearer, web
from tests.documents.test_intake import DOCUMENTS, at_documents  # noqa: F401 (a fixture)
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

# What the outside review sent: a PDF header with a script behind it.
FAKE_PDF = b"%PDF-1.4 fake\n<script>alert(document.cookie)</script>\n%%EOF\n"


def pdf_pages(count: int) -> bytes:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for number in range(count):
        page.drawString(72, 720, f"Verwijsbrief, blad {number + 1}")
        page.showPage()
    page.save()
    return out.getvalue()


def encrypted_pdf(user_password: str, owner_password: str = "eigenaar") -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(files.pdf()))
    writer.encrypt(user_password, owner_password=owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_without_pages() -> bytes:
    from pypdf import PdfWriter

    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def cut(content: bytes) -> bytes:
    return content[: len(content) // 2]


def flipped(content: bytes, at: int) -> bytes:
    damaged = bytearray(content)
    damaged[at] ^= 0xFF
    return bytes(damaged)


def photo(kind: str) -> bytes:
    """A noisy photo, large enough that its compressed data runs on well past the header."""
    from PIL import Image

    out = io.BytesIO()
    Image.effect_noise((200, 150), 64).convert("RGB").save(out, kind)
    return out.getvalue()


def jpeg_with_junk() -> bytes:
    """A real JPEG header (size, tables) followed by random bytes instead of the picture."""
    import random

    return photo("JPEG")[:700] + random.Random(7).randbytes(4000)


REFUSED = {
    "fake-pdf": ("verwijsbrief.pdf", lambda: FAKE_PDF, "This PDF file cannot be read"),
    "truncated-pdf": ("verwijsbrief.pdf", lambda: cut(pdf_pages(2)), "This PDF file cannot be read"),
    "pdf-without-its-end": (
        "verwijsbrief.pdf",
        lambda: files.pdf().rsplit(b"startxref", 1)[0],
        "This PDF file cannot be read",
    ),
    "pdf-without-pages": ("leeg.pdf", pdf_without_pages, "This PDF file has no pages"),
    "pdf-with-a-password": (
        "bankbrief.pdf",
        lambda: encrypted_pdf("geheim"),
        "protected with a password",
    ),
    "truncated-jpeg": ("foto.jpg", lambda: cut(photo("JPEG")), "This JPEG file cannot be read"),
    "jpeg-with-junk": ("foto.jpg", jpeg_with_junk, "This JPEG file cannot be read"),
    "truncated-png": ("foto.png", lambda: cut(photo("PNG")), "This PNG file cannot be read"),
    "png-with-a-damaged-byte": (
        "foto.png",
        lambda: flipped(photo("PNG"), 200),
        "This PNG file cannot be read",
    ),
}


def patient_upload(case, user, name: str, content: bytes) -> Document:
    return document_upload(
        actor=user, case_id=case.pk, upload=upload(name, content), purpose="patient_brought", source="web"
    )


# The service ------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", REFUSED)
def test_a_file_that_does_not_open_is_refused_and_leaves_nothing(examined_case, cast, document_root, which):
    name, content, english = REFUSED[which]
    events = AccessEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        patient_upload(examined_case, cast.patient_user, name, content())

    assert refused.value.field == "file"
    assert english in refused.value.detail.en
    assert refused.value.detail.nl.startswith(("Dit PDF-bestand", "Dit JPEG-bestand", "Dit PNG-bestand"))
    assert not Document.objects.exists()
    assert stored_files(document_root) == []
    assert AccessEvent.objects.count() == events


def test_the_password_refusal_asks_for_a_copy_without_one(examined_case, cast):
    with pytest.raises(InvalidInput) as refused:
        patient_upload(examined_case, cast.patient_user, "bankbrief.pdf", encrypted_pdf("geheim"))

    assert "Stuur een kopie zonder wachtwoord" in refused.value.detail.nl
    assert "Send a copy without a password" in refused.value.detail.en


def test_a_readable_pdf_is_kept_with_its_number_of_pages(examined_case, cast, document_root):
    document = patient_upload(examined_case, cast.patient_user, "verwijsbrief.pdf", pdf_pages(3))

    assert (document.kind, document.content_type) == ("pdf", "application/pdf")
    assert document.metadata == {"pages": 3}
    assert len(stored_files(document_root)) == 1


def test_a_pdf_locked_only_against_changes_opens_without_a_password_and_is_kept(examined_case, cast):
    """No password is needed to read it (only to edit it), so the giver can read it too."""
    document = patient_upload(examined_case, cast.patient_user, "uitslag.pdf", encrypted_pdf(""))

    assert document.metadata == {"pages": 1}


def test_a_phone_photo_with_a_second_picture_inside_is_kept_as_a_jpeg(examined_case, cast):
    from PIL import Image

    out = io.BytesIO()
    first, second = Image.new("RGB", (8, 6), "red"), Image.new("RGB", (8, 6), "blue")
    first.save(out, "MPO", save_all=True, append_images=[second])

    document = patient_upload(examined_case, cast.patient_user, "IMG_0042.jpg", out.getvalue())

    assert (document.kind, document.metadata) == ("jpeg", {"width": 8, "height": 6})


def test_an_image_with_more_pixels_than_may_be_decoded_is_refused(examined_case, cast, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # refused above twice this: 2000 pixels

    with pytest.raises(InvalidInput) as refused:
        patient_upload(examined_case, cast.patient_user, "foto.png", files.png((100, 100)))

    assert refused.value.field == "file"
    assert "too many pixels" in refused.value.detail.en
    assert not Document.objects.exists()


# The API ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "words"), [("en", "This PDF file cannot be read"), ("nl", "Dit PDF")])
def test_the_api_refuses_the_fake_pdf_as_a_problem_naming_the_field(
    examined_case, cast, client, document_root, language, words
):
    events = AccessEvent.objects.count()

    response = client.post(
        f"/api/v1/cases/{examined_case.pk}/documents",
        {"purpose": "patient_brought", "file": upload("verwijsbrief.pdf", FAKE_PDF, "application/pdf")},
        **{**bearer(cast.patient_user), "HTTP_ACCEPT_LANGUAGE": language},
    )

    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "file"
    assert words in response.json()["detail"]
    assert not Document.objects.exists()
    assert stored_files(document_root) == []
    assert AccessEvent.objects.count() == events


def test_the_api_takes_a_real_pdf_and_tells_its_pages(examined_case, cast, client):
    response = client.post(
        f"/api/v1/cases/{examined_case.pk}/documents",
        {"purpose": "patient_brought", "file": upload("verwijsbrief.pdf", pdf_pages(2), "application/pdf")},
        **bearer(cast.patient_user),
    )

    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["metadata"]) == ("pdf", {"pages": 2})


# The web: the case page and the request wizard ----------------------------------------------------


@pytest.mark.parametrize("which", ["fake-pdf", "truncated-pdf", "truncated-jpeg"])
def test_the_case_page_upload_refuses_a_file_that_does_not_open(examined_case, cast, document_root, which):
    name, content, _english = REFUSED[which]
    newest = AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = web(cast.patient_user).post(
        reverse("web:document-add", args=[examined_case.pk]),
        {"purpose": "patient_brought", "file": upload(name, content())},
    )

    assert response.status_code == 422
    assert "kan niet worden gelezen" in visible_text(response.content.decode(), "body")
    assert not Document.objects.exists()
    assert stored_files(document_root) == []
    # Only the case page, shown again with the refusal, is logged (as after any refused form): no document.
    assert list(AccessEvent.objects.filter(pk__gt=newest).values_list("action", "data")) == [("read", "case")]


def test_the_wizard_refuses_the_fake_pdf_by_name_and_keeps_the_other_file(at_documents, cast, document_root):  # noqa: F811
    files_sent = [upload("behandelplan.pdf", FAKE_PDF), upload("foto.png", files.png())]

    response = at_documents.post(DOCUMENTS, {"files": files_sent, "next": ""})

    assert response.status_code == 422
    assert "behandelplan.pdf: Dit PDF-bestand kan niet worden gelezen" in visible_text(
        response.content.decode()
    )
    assert list(IntakeFile.objects.values_list("original_name", flat=True)) == ["foto.png"]
    assert len(stored_files(document_root)) == 1
    assert not AccessEvent.objects.filter(actor=cast.patient_user, data="document:pdf").exists()


def test_the_wizard_refuses_a_password_protected_pdf_in_plain_words(at_documents, cast, document_root):  # noqa: F811
    response = at_documents.post(DOCUMENTS, {"files": [upload("bankbrief.pdf", encrypted_pdf("geheim"))]})

    assert response.status_code == 422
    text = visible_text(response.content.decode())
    assert "bankbrief.pdf: Dit PDF-bestand is beveiligd met een wachtwoord" in text
    assert "Stuur een kopie zonder wachtwoord" in text
    assert not IntakeFile.objects.exists()
    assert stored_files(document_root) == []
