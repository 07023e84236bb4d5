"""Lay the assembled report (reports/assembly.py) out as a PDF letter with ReportLab.

Letterhead, addressee with the place and date, the reference block, the subject line, the
salutation and opening, every section (an empty one with its "not applicable" line), the closing and
the signature block; addenda follow as dated additions that flow on where the letter ends, so a
short one never gets a page of its own. The foot of every page is drawn by reports/pdf_page.py.
The file's metadata names the title, the giver as author, the subject and the language.
"""

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.textcheck import printable_copy
from secondopinion.reports.assembly import assemble_report
from secondopinion.reports.document import ReportDocument, Section
from secondopinion.reports.pdf_page import (
    FOOT,
    MARGIN,
    RULE,
    SHADE,
    WIDTH,
    draft_mark,
    page_canvas,
    paragraph,
    styles,
)

CREATOR = "Tweede Mening"


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _plain_table(rows: list[list[Flowable]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    return table


def _head(document: ReportDocument, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """Letterhead, addressee and date, reference block, subject line, salutation and opening."""
    head = document.letterhead
    story: list[Flowable] = [paragraph(head.name, st["sender"])]
    story += [paragraph(line, st["sender_line"]) for line in head.lines]
    story += [Spacer(1, 2 * mm), HRFlowable(width="100%", thickness=0.6, color=RULE), Spacer(1, 8 * mm)]
    addressee = [paragraph(line, st["body"]) for line in document.addressee]
    story.append(
        _plain_table([[addressee, paragraph(document.place_date, st["right"])]], [WIDTH * 0.6, WIDTH * 0.4])
    )
    story.append(Spacer(1, 7 * mm))
    rows = [
        [paragraph(label, st["cell_head"]), paragraph(value, st["cell"])]
        for label, value in document.particulars
    ]
    story += [paragraph(document.regarding, st["label"]), _plain_table(rows, [42 * mm, WIDTH - 42 * mm])]
    story += [Spacer(1, 6 * mm), paragraph(document.subject_line, st["subject"])]
    if document.state_line:
        story.append(paragraph(document.state_line, st["label"]))
    story += [Spacer(1, 4 * mm), paragraph(document.salutation, st["body"]), Spacer(1, 2 * mm)]
    story.append(paragraph(document.opening, st["body"]))
    return story


def _costs_table(section: Section, st: dict[str, ParagraphStyle]) -> Table:
    assert section.table is not None
    cells = [[paragraph(v, st["cell_head"]) for v in section.table.header]]
    cells += [[paragraph(v, st["cell"]) for v in row] for row in section.table.rows]
    widths = [18 * mm, WIDTH - 18 * mm - 24 * mm - 18 * mm, 24 * mm, 18 * mm]
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _section(section: Section, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = [paragraph(section.heading, st["heading"])]
    if section.is_empty:
        return [KeepTogether([*story, paragraph(section.empty, st["empty"])])]
    for block in section.blocks:
        if block.label:
            story.append(paragraph(block.label, st["label"]))
        # One flowable per paragraph, so that a long text flows on to the next page right after
        # its heading instead of being pushed, whole, to a page of its own.
        story += [paragraph(part, st["body"]) for part in _paragraphs(block.text)]
        story.append(Spacer(1, 1.5 * mm))
    if section.table is not None:
        story.append(_costs_table(section, st))
        if section.note:
            story.append(paragraph(section.note, st["note"]))
        # The costs are short: heading, text, table and note stay on one page together.
        return [KeepTogether(story)]
    if section.note:
        story.append(paragraph(section.note, st["note"]))
    return story


def _closing(document: ReportDocument, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The closing words and the signature block, kept together: a signature never stands alone."""
    signature = document.signature
    block: list[Flowable] = [paragraph(line, st["body"]) for line in document.closing]
    block += [Spacer(1, 4 * mm), paragraph(signature.greeting, st["body"]), Spacer(1, 12 * mm)]
    block += [
        paragraph(line, st["sign_name"] if i == 0 else st["sign"]) for i, line in enumerate(signature.lines)
    ]
    block.append(paragraph(signature.note, st["note"]))
    return [KeepTogether(block)]


def _additions(document: ReportDocument, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    story: list[Flowable] = []
    for addition in document.additions:
        story += [
            Spacer(1, 4 * mm),
            HRFlowable(width="100%", thickness=0.4, color=RULE, spaceAfter=1 * mm),
            paragraph(addition.heading, st["heading"]),
            paragraph(addition.byline, st["byline"]),
        ]
        story += [paragraph(part, st["body"]) for part in _paragraphs(addition.text)]
    return story


def render_document_pdf(document: ReportDocument) -> bytes:
    # Whatever the stored text holds (a control character from before the doors refused them), the
    # rendering prints what it can; the sealed content itself is never changed.
    document = printable_copy(document)
    st = styles()
    buffer = io.BytesIO()
    meta = document.metadata
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=meta.title,
        author=meta.author,
        subject=meta.subject,
        creator=CREATOR,
        lang=meta.language,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=FOOT,
    )
    story = _head(document, st)
    for section in document.sections:
        story += _section(section, st)
    story.append(Spacer(1, 3 * mm))
    story += _closing(document, st)
    story += _additions(document, st)
    mark = draft_mark(document)
    doc.build(story, onFirstPage=mark, onLaterPages=mark, canvasmaker=page_canvas(document))
    return buffer.getvalue()


def render_report_pdf(case: SecondOpinionCase, language: str) -> bytes:
    """The report as a PDF letter, in `language`; a draft is marked as such on every page."""
    return render_document_pdf(assemble_report(case, language))
