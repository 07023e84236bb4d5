"""The final report rendered once and kept (R24), and the file a download serves.

A final report never changes: its sections come from the content sealed at sign-off. So after the
sign-off commits, `reports.tasks.render_final_report` lays it out once per format (PDF, DOCX) and per
language, stores the files through the "documents" storage under a server-made name
(`reports/<case id>/<sha-256>.<format>`) and records each on a `RenderedReport` with its SHA-256.

Addenda follow a final report later (R24) and are printed with it, so an addendum enqueues the same
task again after it commits: the renderings are replaced by ones that include it, and the files
they replace are removed. Until that has run, the stored rendering names fewer addenda than the
report has and is not served: the download renders on the spot instead, as it does before the first
rendering ran, for a draft, and for a stored file whose bytes no longer match their SHA-256. Either
way the reader gets the same sealed content, laid out the same way.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.reports.assembly import ReportDocument, assemble_report
from secondopinion.reports.docx import render_document_docx
from secondopinion.reports.formats import REPORT_FORMATS
from secondopinion.reports.models import RenderedReport, Report
from secondopinion.reports.pdf import render_document_pdf

STORAGE = "documents"

LAYOUTS: dict[str, Callable[[ReportDocument], bytes]] = {
    "pdf": render_document_pdf,
    "docx": render_document_docx,
}

logger = logging.getLogger(__name__)


def rendering_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def stored_rendering(report: Report, kind: str, language: str) -> bytes | None:
    """The stored bytes of a final report in `kind` and `language`, or None when there are none
    that are current (every addendum included) and intact (their SHA-256 still holds)."""
    if report.state != Report.State.FINAL:
        return None
    rendering = RenderedReport.objects.filter(report=report, format=kind, language=language).first()
    if rendering is None or rendering.addenda_count != report.addenda.count():
        return None
    storage = storages[STORAGE]
    try:
        with storage.open(rendering.storage_name, "rb") as handle:
            data = handle.read()
    except OSError:
        logger.warning("Stored rendering %s of report %s is missing.", rendering.pk, report.pk)
        return None
    if hashlib.sha256(data).hexdigest() != rendering.sha256:
        logger.warning("Stored rendering %s of report %s fails its SHA-256.", rendering.pk, report.pk)
        return None
    return data


def report_file(case: SecondOpinionCase, kind: str, language: str) -> bytes:
    """The bytes a download of the report serves: the stored rendering of a final report when there
    is a current one, else the report rendered now. Callers have checked access and logged it."""
    report: Report = case.report
    stored = stored_rendering(report, kind, language)
    if stored is not None:
        return stored
    render_file, _content_type = REPORT_FORMATS[kind]
    return render_file(case, language)


def _store(case_id: int, kind: str, data: bytes) -> tuple[str, str]:
    sha256 = hashlib.sha256(data).hexdigest()
    name = storages[STORAGE].save(f"reports/{case_id}/{sha256}.{kind}", ContentFile(data))
    return name, sha256


def _remove(names: list[str]) -> None:
    storage = storages[STORAGE]
    for name in names:
        storage.delete(name)


def render_and_store(report_id: int) -> int:
    """Render a final report in every format and language and keep the files; returns how many
    renderings were stored. A draft (or a report that is gone) has nothing to render."""
    report = Report.objects.select_related("case").filter(pk=report_id, state=Report.State.FINAL).first()
    if report is None:
        return 0
    case = report.case
    made: list[tuple[str, str, str, str, int, int]] = []
    for language in rendering_languages():
        document = assemble_report(case, language)
        for kind, layout in LAYOUTS.items():
            data = layout(document)
            name, sha256 = _store(case.pk, kind, data)
            made.append((kind, language, name, sha256, len(data), len(document.additions)))
    replaced: list[str] = []
    unused: list[str] = []
    try:
        with transaction.atomic():
            # One renderer at a time per report; a later one that saw more addenda wins.
            Report.objects.select_for_update().filter(pk=report.pk).first()
            for kind, language, name, sha256, size, addenda in made:
                current = RenderedReport.objects.filter(report=report, format=kind, language=language).first()
                if current is not None and current.addenda_count > addenda:
                    unused.append(name)
                    continue
                if current is not None and current.storage_name != name:
                    replaced.append(current.storage_name)
                RenderedReport.objects.update_or_create(
                    report=report,
                    format=kind,
                    language=language,
                    defaults={
                        "storage_name": name,
                        "sha256": sha256,
                        "size": size,
                        "addenda_count": addenda,
                        "rendered_at": timezone.now(),
                    },
                )
            transaction.on_commit(lambda: _remove(replaced + unused))
    except Exception:
        _remove([name for _kind, _language, name, *_rest in made])
        raise
    return len(made) - len(unused)
