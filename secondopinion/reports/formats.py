"""The file formats the written report is rendered to: the same assembled document, laid out twice."""

from collections.abc import Callable

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.reports.docx import render_report_docx
from secondopinion.reports.pdf import render_report_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

REPORT_FORMATS: dict[str, tuple[Callable[[SecondOpinionCase, str], bytes], str]] = {
    "pdf": (render_report_pdf, "application/pdf"),
    "docx": (render_report_docx, DOCX_TYPE),
}
