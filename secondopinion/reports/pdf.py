"""Lay the assembled report (reports/assembly.py) out as PDF with ReportLab.

Every section is printed, an empty one with its "not applicable" line; each page carries the
report reference and, once final, the SHA-256 seal at its foot; a draft is marked on every page.
"""

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.textcheck import printable_copy
from secondopinion.reports.assembly import ReportDocument, Section, assemble_report

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#f0f4f8")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=14, textColor=INK)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=17, leading=21, alignment=TA_LEFT),
        "subtitle": ParagraphStyle("subtitle", parent=body, textColor=MUTED, spaceAfter=2),
        "state": ParagraphStyle("state", parent=body, fontName="Helvetica-Bold"),
        "heading": ParagraphStyle(
            "heading",
            parent=base["Heading2"],
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=INK,
            keepWithNext=1,
        ),
        "label": ParagraphStyle(
            "label", parent=body, fontName="Helvetica-Bold", spaceAfter=0, keepWithNext=1
        ),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5),
        "cell_head": ParagraphStyle(
            "cell_head", parent=body, fontSize=9.5, leading=12.5, fontName="Helvetica-Bold"
        ),
        "empty": ParagraphStyle("empty", parent=body, fontName="Helvetica-Oblique", textColor=MUTED),
        "note": ParagraphStyle("note", parent=body, fontSize=8.5, leading=11, textColor=MUTED, spaceBefore=3),
        "seal": ParagraphStyle("seal", parent=body, fontName="Courier", fontSize=8.5, leading=11),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _table(rows: list[list[Flowable]], widths: list[float], header: bool) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    style.append(("BACKGROUND", (0, 0), (-1, 0) if header else (0, -1), SHADE))
    table.setStyle(TableStyle(style))
    return table


def _section(section: Section, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [_p(section.heading, st["heading"])]
    if section.is_empty:
        return [KeepTogether([*story, _p(section.empty, st["empty"])])]
    for block in section.blocks:
        if block.label:
            story.append(_p(block.label, st["label"]))
        # One flowable per paragraph, so that a long text flows on to the next page right after
        # its heading instead of being pushed, whole, to a page of its own.
        story += [_p(part, st["body"]) for part in _paragraphs(block.text)]
        story.append(Spacer(1, 1.5 * mm))
    if section.table is not None:
        header = bool(section.table.header)
        cells = [[_p(v, st["cell_head"]) for v in section.table.header]] if header else []
        cells += [
            [_p(v, st["cell_head"] if not header and i == 0 else st["cell"]) for i, v in enumerate(row)]
            for row in section.table.rows
        ]
        columns = len(section.table.rows[0]) if section.table.rows else len(section.table.header)
        widths = (
            [45 * mm, WIDTH - 45 * mm]
            if columns == 2
            else [18 * mm, WIDTH - 18 * mm - 24 * mm - 18 * mm, 24 * mm, 18 * mm]
        )
        story.append(_table(cells, widths, header))
        if section.note:
            story.append(_p(section.note, st["note"]))
        # A section with a table (the facts, the costs) is short: its heading, text, table and note
        # stay on one page rather than leave the heading behind.
        return [KeepTogether(story)]
    if section.note:
        story.append(_p(section.note, st["note"]))
    return story


def _page_decorator(document: ReportDocument) -> Callable[[Canvas, SimpleDocTemplate], None]:
    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        if not document.final:
            canvas.setFont("Helvetica-Bold", 70)
            canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.10))
            canvas.translate(A4[0] / 2, A4[1] / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, 0, document.state_line.split(" ")[0])
            canvas.rotate(-45)
            canvas.translate(-A4[0] / 2, -A4[1] / 2)
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN, 14 * mm, A4[0] - MARGIN, 14 * mm)
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, document.footer)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, str(doc.page))
        canvas.restoreState()

    return decorate


def render_document_pdf(document: ReportDocument) -> bytes:
    # Whatever the stored text holds (a control character from before the doors refused them), the
    # rendering prints what it can; the sealed content itself is never changed.
    document = printable_copy(document)
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{document.title} {document.reference}",
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=22 * mm,
    )
    story: list[Flowable] = [
        _p(f"{document.title} — {document.reference}", st["title"]),
        _p(document.subtitle, st["subtitle"]),
        _p(document.state_line, st["state"]),
        Spacer(1, 2 * mm),
    ]
    for section in document.sections:
        story += _section(section, st)
    story += [Spacer(1, 4 * mm), _p(document.decision_note, st["body"])]
    if document.addenda:
        story.append(_p(document.addenda_heading, st["heading"]))
        for item in document.addenda:
            story += [_p(f"{item.stamp} — {item.author}", st["label"]), _p(item.text, st["body"])]
    if document.final:
        story += [
            Spacer(1, 4 * mm),
            _p(f"{document.seal_label}:", st["label"]),
            _p(document.seal, st["seal"]),
            _p(document.seal_note, st["note"]),
        ]
    story.append(_p(document.printed, st["note"]))
    decorate = _page_decorator(document)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


def render_report_pdf(case: SecondOpinionCase, language: str) -> bytes:
    """The report as PDF bytes, in `language`; a draft is marked as such on every page."""
    return render_document_pdf(assemble_report(case, language))
