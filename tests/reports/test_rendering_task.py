"""R24: a final report is rendered once, after the sign-off commits, and downloads serve that file."""

import hashlib
import io

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import storages
from django.db import transaction
from docx import Document
from pypdf import PdfReader

from secondopinion.audit.models import AccessEvent
from secondopinion.cases.editing import case_add_addendum
from secondopinion.reports.letter import short_fingerprint
from secondopinion.reports.models import RenderedReport, Report
from secondopinion.reports.rendering import STORAGE
from secondopinion.reports.services import report_finalise
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db

KINDS = {("pdf", "nl"), ("pdf", "en"), ("docx", "nl"), ("docx", "en")}


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def signed_off(a_case, advance, django_capture_on_commit_callbacks):
    """A case whose report was signed off, with the callbacks run as a commit would run them."""
    case = advance(a_case, "report_draft")
    with django_capture_on_commit_callbacks(execute=True):
        case = advance(case, "report_final")
    return case


def files_of(case) -> set[str]:
    """The stored renderings of `case` (the folder is shared by the run, so compare before and after)."""
    storage = storages[STORAGE]
    folder = f"reports/{case.pk}"
    return set(storage.listdir(folder)[1]) if storage.exists(folder) else set()


def stored_bytes(rendering: RenderedReport) -> bytes:
    with storages[STORAGE].open(rendering.storage_name, "rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def download(client, cast, case, kind: str, language: str):
    client.force_login(cast.giver_user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(f"/cases/{case.pk}/report.{kind}")


def test_sign_off_stores_the_pdf_and_the_docx_in_every_language_with_their_sha256(signed_off):
    report = Report.objects.get(case=signed_off)
    renderings = list(RenderedReport.objects.filter(report=report))

    assert {(r.format, r.language) for r in renderings} == KINDS
    for rendering in renderings:
        data = stored_bytes(rendering)
        assert rendering.storage_name == f"reports/{signed_off.pk}/{rendering.sha256}.{rendering.format}"
        assert hashlib.sha256(data).hexdigest() == rendering.sha256
        assert rendering.size == len(data)
        assert rendering.addenda_count == 0
    pdf = stored_bytes(next(r for r in renderings if (r.format, r.language) == ("pdf", "en")))
    assert signed_off.reference in pdf_text(pdf)
    assert short_fingerprint(report.content_hash) in " ".join(pdf_text(pdf).split())
    docx = stored_bytes(next(r for r in renderings if (r.format, r.language) == ("docx", "nl")))
    assert any(signed_off.reference in p.text for p in Document(io.BytesIO(docx)).paragraphs)


@pytest.mark.parametrize(("kind", "language"), sorted(KINDS))
def test_the_web_download_serves_the_stored_rendering(client, cast, signed_off, kind, language):
    rendering = RenderedReport.objects.get(report__case=signed_off, format=kind, language=language)
    exports_before = AccessEvent.objects.filter(case=signed_off, data="report", action="export").count()

    response = download(client, cast, signed_off, kind, language)

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == rendering.sha256
    exports = AccessEvent.objects.filter(case=signed_off, data="report", action="export")
    assert exports.count() == exports_before + 1


def test_the_api_download_serves_the_stored_rendering(cast, signed_off):
    rendering = RenderedReport.objects.get(report__case=signed_off, format="docx", language="en")

    response = ApiClient(cast.giver_user, language="en").get(f"/cases/{signed_off.pk}/report.docx")

    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == rendering.sha256


def test_a_stranger_still_gets_404_and_no_stored_file(client, cast, signed_off):
    client.force_login(cast.stranger)

    assert client.get(f"/cases/{signed_off.pk}/report.pdf").status_code == 404
    assert ApiClient(cast.stranger).get(f"/cases/{signed_off.pk}/report.pdf").status_code == 404


def test_a_rolled_back_sign_off_renders_nothing(cast, a_case, advance, django_capture_on_commit_callbacks):
    case = advance(a_case, "report_draft")
    files_before = files_of(case)

    def sign_off_then_fail() -> None:
        with transaction.atomic():
            report_finalise(case=case, actor=cast.giver_user)
            raise RuntimeError("the sign-off fails after sealing")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        sign_off_then_fail()

    assert callbacks == []
    assert Report.objects.get(case=case).state == "draft"
    assert not RenderedReport.objects.exists()
    assert files_of(case) == files_before


def test_a_draft_is_rendered_on_the_spot_and_never_stored(client, cast, a_case, advance):
    case = advance(a_case, "report_draft")

    response = download(client, cast, case, "pdf", "en")

    assert response.status_code == 200
    assert "DRAFT" in pdf_text(response.content).upper()
    assert not RenderedReport.objects.exists()


def test_an_addendum_renders_the_report_again_with_it_and_removes_the_old_files(
    client, cast, signed_off, django_capture_on_commit_callbacks
):
    before = {(r.format, r.language): r.storage_name for r in RenderedReport.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        case_add_addendum(
            actor=cast.giver_user, case_id=signed_off.pk, text="Element 36, niet 37.", source="web"
        )

    after = {(r.format, r.language): r for r in RenderedReport.objects.all()}
    assert set(after) == KINDS
    assert all(r.addenda_count == 1 for r in after.values())
    assert all(not storages[STORAGE].exists(name) for name in before.values())
    assert "Element 36, niet 37." in pdf_text(stored_bytes(after["pdf", "nl"]))
    response = download(client, cast, signed_off, "pdf", "nl")
    assert hashlib.sha256(response.content).hexdigest() == after["pdf", "nl"].sha256


def test_until_the_re_rendering_ran_a_download_renders_on_the_spot_with_the_addendum(
    client, cast, signed_off, django_capture_on_commit_callbacks
):
    stored = RenderedReport.objects.get(report__case=signed_off, format="pdf", language="nl")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case_add_addendum(
            actor=cast.giver_user, case_id=signed_off.pk, text="Element 36, niet 37.", source="web"
        )
    response = download(client, cast, signed_off, "pdf", "nl")

    assert len(callbacks) == 1
    assert hashlib.sha256(response.content).hexdigest() != stored.sha256
    assert "Element 36, niet 37." in pdf_text(response.content)


def test_a_stored_file_that_fails_its_sha256_is_not_served(client, cast, signed_off):
    rendering = RenderedReport.objects.get(report__case=signed_off, format="pdf", language="en")
    storage = storages[STORAGE]
    storage.delete(rendering.storage_name)
    storage.save(rendering.storage_name, io.BytesIO(b"%PDF-1.4 tampered"))

    response = download(client, cast, signed_off, "pdf", "en")

    assert response.status_code == 200
    assert response.content != b"%PDF-1.4 tampered"
    assert signed_off.reference in pdf_text(response.content)
