"""Lay the assembled report (reports/assembly.py) out as a DOCX letter with python-docx, the
format of the dental association's sample report: letterhead, addressee and date, the reference
block, a heading per section, the costs as a table, the signature block, addenda as dated
additions, and a footer with the reference, the short fingerprint of the seal, how to verify it and
the page number. The core properties name the title, the giver as author and the language."""

import io
import re

from django.utils import timezone
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.textcheck import printable_copy
from secondopinion.reports.assembly import assemble_report
from secondopinion.reports.document import ReportDocument, Section

MUTED = RGBColor(0x52, 0x60, 0x6D)
ACCENT = RGBColor(0x0B, 0x4F, 0x6C)


def _small(paragraph: Paragraph, text: str, *, size: float = 8.5, italic: bool = False) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = MUTED
    run.italic = italic


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _set_language(doc: DocxDocument, tag: str) -> None:
    """The language of the text itself, for spelling and reading aloud (the core property is apart)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _properties(doc: DocxDocument, document: ReportDocument) -> None:
    meta, props = document.metadata, doc.core_properties
    props.title = meta.title
    props.author = meta.author
    props.last_modified_by = meta.author
    props.subject = meta.subject
    props.language = meta.language
    props.keywords = "second opinion"
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = props.modified = timezone.now()
    _set_language(doc, meta.language)


def _head(doc: DocxDocument, document: ReportDocument) -> None:
    head = document.letterhead
    name = doc.add_paragraph().add_run(head.name)
    name.bold = True
    name.font.size = Pt(15)
    name.font.color.rgb = ACCENT
    for line in head.lines:
        _small(doc.add_paragraph(), line)
    for line in document.addressee:
        doc.add_paragraph(line)
    doc.add_paragraph(document.place_date).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph().add_run(document.regarding).bold = True
    table = doc.add_table(rows=0, cols=2)
    for label, value in document.particulars:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    doc.add_heading(document.subject_line, level=1)
    if document.state_line:
        doc.add_paragraph().add_run(document.state_line).bold = True
    doc.add_paragraph(document.salutation)
    doc.add_paragraph(document.opening)


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
        table = doc.add_table(rows=0, cols=len(section.table.header))
        table.style = "Table Grid"
        cells = table.add_row().cells
        for cell, value in zip(cells, section.table.header, strict=True):
            cell.paragraphs[0].add_run(value).bold = True
        for row in section.table.rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.paragraphs[0].add_run(value)
    if section.note:
        _small(doc.add_paragraph(), section.note)


def _close(doc: DocxDocument, document: ReportDocument) -> None:
    for line in document.closing:
        doc.add_paragraph(line)
    signature = document.signature
    doc.add_paragraph(signature.greeting)
    doc.add_paragraph()  # room for a signature in ink on a printed copy
    for index, line in enumerate(signature.lines):
        doc.add_paragraph().add_run(line).bold = index == 0
    _small(doc.add_paragraph(), signature.note)
    for addition in document.additions:
        doc.add_heading(addition.heading, level=2)
        _small(doc.add_paragraph(), addition.byline, italic=True)
        for part in addition.text.replace("\r\n", "\n").split("\n\n"):
            if part.strip():
                doc.add_paragraph(part.strip())


def _footer(doc: DocxDocument, document: ReportDocument) -> None:
    footer = doc.sections[0].footer
    line = footer.paragraphs[0]
    _small(line, f"{document.footer} · ", size=7)
    for piece in re.split(r"(\{page\}|\{total\})", document.page_label):
        if piece == "{page}":
            _field(line, "PAGE")
        elif piece == "{total}":
            _field(line, "NUMPAGES")
        elif piece:
            _small(line, piece, size=7)
    if document.verify_line:
        _small(footer.add_paragraph(), document.verify_line, size=7)


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
    _properties(doc, document)
    doc.styles["Normal"].font.size = Pt(10)
    _head(doc, document)
    for section in document.sections:
        _section(doc, section)
    _close(doc, document)
    _footer(doc, document)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_report_docx(case: SecondOpinionCase, language: str) -> bytes:
    """The report as a DOCX letter in `language`; the same content as the PDF."""
    return render_document_docx(assemble_report(case, language))
