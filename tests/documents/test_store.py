"""document_store: every accepted kind is stored under a name of the server's, with its hash and
one access event; every refused file leaves nothing behind: no row, no file, no event."""

import hashlib
import io

import pytest
from django.core.files import File

from secondopinion.audit.models import AccessEvent
from secondopinion.core.errors import InvalidInput
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_store
from tests.documents import files
from tests.documents.conftest import stored_files, upload

pytestmark = pytest.mark.django_db


def store(case, actor, file, purpose="examination"):
    return document_store(
        case=case, upload=file, purpose=purpose, source="web", actor=actor, role="giver", basis="giver"
    )


@pytest.mark.parametrize("key", files.ACCEPTED)
def test_it_stores_every_accepted_kind_under_a_name_of_its_own(key, a_case, cast, document_root):
    name, build = files.ACCEPTED[key]
    content = build()
    before = AccessEvent.objects.count()

    document = store(a_case, cast.giver_user, upload(name, content, "text/plain"))

    assert document.kind == key.removesuffix("-ascii")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.original_name == name
    assert document.storage_name.startswith(f"documents/{a_case.pk}/")
    assert name.rsplit(".", 1)[0] not in document.storage_name
    assert (document_root / document.storage_name).read_bytes() == content
    [event] = AccessEvent.objects.order_by("-pk")[:1]
    assert AccessEvent.objects.count() == before + 1
    assert (event.action, event.data, event.case_id) == ("create", f"document:{document.kind}", a_case.pk)


def test_the_content_type_is_the_detected_one_not_the_clients(a_case, cast):
    document = store(a_case, cast.giver_user, upload("foto.png", files.png(), "application/x-msdownload"))

    assert document.content_type == "image/png"


def test_a_dicom_keeps_what_the_image_is_and_never_who_it_is_of(a_case, cast):
    document = store(a_case, cast.giver_user, upload("opname.dcm", files.dicom()))

    assert document.metadata == {
        "Modality": "IO",
        "StudyDate": "20260301",
        "BodyPartExamined": "JAW",
        "Rows": 2,
        "Columns": 2,
        "Manufacturer": "Acme Dental",
    }
    assert "Vries" not in str(document.metadata)
    assert "123456782" not in str(document.metadata)


def test_an_image_keeps_its_width_and_height(a_case, cast):
    png = store(a_case, cast.giver_user, upload("a.png", files.png((7, 5))))
    jpeg = store(a_case, cast.giver_user, upload("a.jpg", files.jpeg((9, 4))))

    assert png.metadata == {"width": 7, "height": 5}
    assert jpeg.metadata == {"width": 9, "height": 4}


def test_a_name_without_an_extension_is_offered_with_the_detected_one(a_case, cast):
    document = store(a_case, cast.giver_user, upload("opname", files.dicom()))

    assert document.original_name == "opname"
    assert document.download_name == "opname.dcm"


REFUSED = {
    "a PNG named .pdf": ("foto.pdf", files.png, "PNG"),
    "a PDF named .jpg": ("brief.jpg", files.pdf, "PDF"),
    "random bytes": (
        "data.png",
        lambda: bytes(range(256)) * 8,
        "Accepted: JPEG, PNG, DICOM, PDF, DOCX, STL, PLY",
    ),
    "an empty file": ("leeg.pdf", lambda: b"", "empty"),
    "a zip that is no Word document": (
        "archief.docx",
        lambda: files.docx_with_member("a.txt").replace(b"word/document.xml", b"word/documant.xml"),
        "not a Word document",
    ),
    "a DOCX with a path-traversal member": (
        "brief.docx",
        lambda: files.docx_with_member("../../etc/cron.d/evil"),
        "outside the archive",
    ),
    "a DOCX with an absolute member": (
        "brief.docx",
        lambda: files.docx_with_member("/etc/passwd"),
        "outside",
    ),
    "a DOCX holding another archive": (
        "brief.docx",
        lambda: files.docx_with_member("word/embeddings/sheet.bin", files.docx()),
        "another archive",
    ),
    "a damaged DICOM": (
        "opname.dcm",
        lambda: bytes(128) + b"DICM" + b"\x02\x00\x10\x00UI\xff\xff",
        "cannot be read",
    ),
    "a PLY without a format": ("scan.ply", lambda: b"ply\nelement vertex 1\nend_header\n", "header"),
    "an STL without facets": ("scan.stl", lambda: b"solid nothing\nendsolid nothing\n", "Accepted"),
}


def assert_nothing_stored(document_root, events_before: int) -> None:
    assert Document.objects.count() == 0
    assert stored_files(document_root) == []
    assert AccessEvent.objects.count() == events_before


@pytest.mark.parametrize("case_name", REFUSED)
def test_it_refuses_a_file_and_stores_nothing(case_name, a_case, cast, document_root):
    name, build, says = REFUSED[case_name]
    before = AccessEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        store(a_case, cast.giver_user, upload(name, build()))

    assert refused.value.field == "file"
    assert says in refused.value.detail.en
    assert refused.value.detail.nl
    assert refused.value.detail.nl != refused.value.detail.en
    assert_nothing_stored(document_root, before)


def test_a_mismatched_name_is_told_what_the_content_is(a_case, cast):
    with pytest.raises(InvalidInput) as refused:
        store(a_case, cast.giver_user, upload("foto.pdf", files.png()))

    assert refused.value.detail.en.startswith("The name ends in .pdf, but the content is PNG.")
    assert "de inhoud is PNG" in refused.value.detail.nl


def test_it_refuses_a_zip_bomb_dressed_as_docx(a_case, cast, document_root):
    bomb = files.zip_bomb(200)
    assert len(bomb) < 2 * files.MIB
    before = AccessEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        store(a_case, cast.giver_user, upload("brief.docx", bomb))

    assert "zip bomb" in refused.value.detail.en
    assert_nothing_stored(document_root, before)


def test_it_refuses_a_member_compressed_beyond_the_ratio_even_under_the_total(a_case, cast, document_root):
    before = AccessEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        store(a_case, cast.giver_user, upload("brief.docx", files.zip_bomb(20)))

    assert "compressed more than 100 times" in refused.value.detail.en
    assert_nothing_stored(document_root, before)


def test_it_refuses_a_file_over_the_limit_of_its_kind(a_case, cast, document_root, settings):
    settings.TM_MAX_UPLOAD_BYTES = 1000
    settings.TM_MAX_SCAN_UPLOAD_BYTES = 5000
    before = AccessEvent.objects.count()

    with pytest.raises(InvalidInput) as refused:
        store(a_case, cast.giver_user, upload("brief.pdf", files.pdf() + bytes(2000)))

    assert refused.value.field == "file"
    assert "too large" in refused.value.detail.en
    assert_nothing_stored(document_root, before)
    # A scan of the same size is within its own, larger limit.
    assert store(a_case, cast.giver_user, upload("scan.stl", files.stl_binary(60))).kind == "stl"


def test_it_refuses_a_file_over_every_limit_before_reading_it(a_case, cast, document_root, settings):
    settings.TM_MAX_UPLOAD_BYTES = settings.TM_MAX_SCAN_UPLOAD_BYTES = 100

    with pytest.raises(InvalidInput) as refused:
        store(a_case, cast.giver_user, upload("scan.stl", files.stl_binary(3)))

    assert "too large" in refused.value.detail.en
    assert stored_files(document_root) == []


HOSTILE_NAMES = {
    "a path": ("../../etc/passwd.png", "path"),
    "a Windows path": ("..\\..\\boot.png", "path"),
    "a NUL": ("foto\x00.png", "control characters"),
    "a line break": ("foto\r\nSet-Cookie: x.png", "control characters"),
    "a right-to-left override": ("foto\u202egnp.png", "reading direction"),
    "500 characters": ("a" * 496 + ".png", "longer than 255"),
}


@pytest.mark.parametrize("case_name", HOSTILE_NAMES)
def test_it_refuses_a_hostile_file_name_and_stores_nothing(case_name, a_case, cast, document_root):
    name, says = HOSTILE_NAMES[case_name]
    before = AccessEvent.objects.count()
    # django.core.files.File keeps the name as given (an UploadedFile would already cut the path).
    hostile = File(io.BytesIO(files.png()), name=name)

    with pytest.raises(InvalidInput) as refused:
        store(a_case, cast.giver_user, hostile)

    assert refused.value.field == "file"
    assert says in refused.value.detail.en
    assert_nothing_stored(document_root, before)


def test_a_failure_after_the_file_was_written_deletes_it(a_case, cast, document_root, monkeypatch):
    from secondopinion.documents import services

    def broken(**_kwargs):
        raise RuntimeError("the access log is unavailable")

    monkeypatch.setattr(services, "access_record", broken)
    before = AccessEvent.objects.count()

    with pytest.raises(RuntimeError):
        store(a_case, cast.giver_user, upload("foto.png", files.png()))

    assert_nothing_stored(document_root, before)
