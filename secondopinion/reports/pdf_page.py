"""The page of the PDF letter: its styles, and the canvas that prints the foot of every page.

The foot carries the sender, the report reference and, once final, the short fingerprint of the
seal with one line on how to verify it; the page number reads "page n of m", so the canvas keeps
every page until the last one is known. A draft is marked across every page.
"""

from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from secondopinion.reports.document import ReportDocument

MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
FOOT = 26 * mm  # the bottom margin: room for the two lines of the foot
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#52606d")
ACCENT = colors.HexColor("#0b4f6c")
RULE = colors.HexColor("#cbd2d9")
SHADE = colors.HexColor("#f0f4f8")


def styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=14, textColor=INK)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=MUTED)
    return {
        "sender": ParagraphStyle(
            "sender", parent=body, fontName="Helvetica-Bold", fontSize=15, leading=19, textColor=ACCENT
        ),
        "sender_line": ParagraphStyle("sender_line", parent=small, spaceBefore=0, spaceAfter=0),
        "subject": ParagraphStyle(
            "subject", parent=body, fontName="Helvetica-Bold", fontSize=12, leading=16, alignment=TA_LEFT
        ),
        "heading": ParagraphStyle(
            "heading",
            parent=base["Heading2"],
            fontSize=11.5,
            leading=15,
            spaceBefore=9,
            spaceAfter=3,
            textColor=ACCENT,
            keepWithNext=1,
        ),
        "label": ParagraphStyle(
            "label", parent=body, fontName="Helvetica-Bold", spaceAfter=0, keepWithNext=1
        ),
        "body": body,
        "sign": ParagraphStyle("sign", parent=body, spaceBefore=0, spaceAfter=0),
        "sign_name": ParagraphStyle(
            "sign_name", parent=body, fontName="Helvetica-Bold", spaceBefore=0, spaceAfter=0
        ),
        "right": ParagraphStyle("right", parent=body, alignment=2),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=12),
        "cell_head": ParagraphStyle(
            "cell_head", parent=body, fontSize=9, leading=12, fontName="Helvetica-Bold"
        ),
        "empty": ParagraphStyle("empty", parent=body, fontName="Helvetica-Oblique", textColor=MUTED),
        "note": ParagraphStyle("note", parent=small, spaceBefore=3),
        "byline": ParagraphStyle("byline", parent=small, keepWithNext=1, spaceAfter=2),
        "foot": ParagraphStyle("foot", parent=small, fontSize=7, leading=9),
    }


def paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def page_canvas(document: ReportDocument) -> type[Canvas]:
    """A canvas class that holds the pages back until the count is known, then prints every foot."""
    foot = styles()["foot"]

    class LetterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._foot(total)
                super().showPage()
            super().save()

        def _foot(self, total: int) -> None:
            self.saveState()
            top = FOOT - 8 * mm
            self.setStrokeColor(RULE)
            self.line(MARGIN, top + 3 * mm, A4[0] - MARGIN, top + 3 * mm)
            self.setFont("Helvetica", 7)
            self.setFillColor(MUTED)
            self.drawString(MARGIN, top, document.footer)
            page = document.page_label.format(page=self._pageNumber, total=total)
            self.drawRightString(A4[0] - MARGIN, top, page)
            if document.verify_line:
                line = paragraph(document.verify_line, foot)
                _width, height = line.wrap(WIDTH, 12 * mm)
                line.drawOn(self, MARGIN, top - 2 * mm - height)
            self.restoreState()

    return LetterCanvas


def draft_mark(document: ReportDocument) -> Any:
    """What every page of a draft gets underneath its text: a large, faint mark across it."""

    def mark(canvas: Canvas, _doc: Any) -> None:
        if document.final:
            return
        canvas.saveState()
        canvas.setFont("Helvetica-Bold", 70)
        canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.10))
        canvas.translate(A4[0] / 2, A4[1] / 2)
        canvas.rotate(45)
        canvas.drawCentredString(0, 0, document.draft_mark)
        canvas.restoreState()

    return mark
