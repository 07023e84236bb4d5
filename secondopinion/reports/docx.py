"""Lay the assembled report (reports/assembly.py) out as DOCX with python-docx, the format of
the dental association's sample report: a heading per section, tables for the facts and the
costs, addenda after the report, and a footer with the reference and, once final, the seal."""

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt, RGBColor

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.textcheck import printable_copy
from secondopinion.reports.assembly import ReportDocument, Section, assemble_report

MUTED = RGBColor(0x52, 0x60, 0x6D)


def _section(doc: DocxDocument, section: Section) -> None:
    doc.add_heading(section.heading, level=2)
    if section.is_empty:
        run = doc.add_paragraph().add_run(section.empty)
        run.italic = True
        run.font.color.rgb = MUTED
        return
    for block in section.blocks:
        if block.label:
            doc.add_paragraph().add_run(block.label).bold = True
        for part in block.text.replace("\r\n", "\n").split("\n\n"):
            if part.strip():
                doc.add_paragraph(part.strip())
    if section.table is not None:
        header = section.table.header
        columns = len(header) if header else len(section.table.rows[0])
        table = doc.add_table(rows=0, cols=columns)
        table.style = "Table Grid"
        if header:
            cells = table.add_row().cells
            for cell, value in zip(cells, header, strict=True):
                cell.paragraphs[0].add_run(value).bold = True
        for row in section.table.rows:
            cells = table.add_row().cells
            for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
                run = cell.paragraphs[0].add_run(value)
                run.bold = not header and index == 0
    if section.note:
        run = doc.add_paragraph().add_run(section.note)
        run.font.size = Pt(8.5)
        run.font.color.rgb = MUTED


def render_document_docx(document: ReportDocument) -> bytes:
    # Whatever the stored text holds (a control character from before the doors refused them), the
    # rendering prints what it can; the sealed content itself is never changed.
    document = printable_copy(document)
    doc = Document()
    page = doc.sections[0]
    page.orientation = WD_ORIENT.PORTRAIT
    page.page_width, page.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Mm(20))
    doc.core_properties.title = f"{document.title} {document.reference}"
    doc.core_properties.language = document.language
    doc.styles["Normal"].font.size = Pt(10)

    doc.add_heading(f"{document.title} — {document.reference}", level=1)
    doc.add_paragraph(document.subtitle)
    doc.add_paragraph().add_run(document.state_line).bold = True
    for section in document.sections:
        _section(doc, section)
    doc.add_paragraph(document.decision_note)
    if document.addenda:
        doc.add_heading(document.addenda_heading, level=2)
        for item in document.addenda:
            doc.add_paragraph().add_run(f"{item.stamp} — {item.author}").bold = True
            doc.add_paragraph(item.text)
    if document.final:
        doc.add_paragraph().add_run(f"{document.seal_label}:").bold = True
        seal = doc.add_paragraph().add_run(document.seal)
        seal.font.name = "Courier New"
        doc.add_paragraph(document.seal_note)
    doc.add_paragraph(document.printed)

    footer = page.footer.paragraphs[0]
    run = footer.add_run(document.footer)
    run.font.size = Pt(7)
    run.font.color.rgb = MUTED
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_report_docx(case: SecondOpinionCase, language: str) -> bytes:
    """The report as DOCX bytes, in `language`; the same content as the PDF."""
    return render_document_docx(assemble_report(case, language))
