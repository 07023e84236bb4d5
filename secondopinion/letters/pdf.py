"""Lay a composed letter (letters/content.py) out as an A4 PDF with ReportLab: sender, addressee, place
and date, subject, the text, the parts asked for as a list, the greeting and a line to sign on. The
document's metadata carry the title, the patient as author and the letter's language."""

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer

from secondopinion.core.textcheck import printable_copy
from secondopinion.letters.content import LetterContent

MARGIN = 25 * mm
INK = colors.HexColor("#1f2933")


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("letter", parent=base["BodyText"], fontSize=11, leading=15.5, textColor=INK)
    return {
        "body": body,
        "subject": ParagraphStyle("subject", parent=body, fontName="Helvetica-Bold", spaceBefore=6),
        "line": ParagraphStyle("line", parent=body, spaceAfter=0, spaceBefore=0),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _lines(lines: list[str], style: ParagraphStyle) -> Paragraph:
    return _p("\n".join(lines), style)


def render_letter_pdf(content: LetterContent) -> bytes:
    content = printable_copy(content)
    st = _styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=content.title,
        author=content.patient_name,
        subject=content.title,
        lang=content.language,
        creator="Tweede Mening",
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    story: list[Flowable] = [
        _lines(content.sender, st["line"]),
        Spacer(1, 12 * mm),
        _lines(content.addressee, st["line"]),
        Spacer(1, 10 * mm),
        _p(content.dated, st["body"]),
        _p(content.subject, st["subject"]),
        Spacer(1, 4 * mm),
        _p(content.salutation, st["body"]),
    ]
    story += [_p(text, st["body"]) for text in content.paragraphs]
    if content.items:
        story.append(
            ListFlowable(
                [ListItem(_p(item, st["body"]), leftIndent=12) for item in content.items],
                bulletType="bullet",
                start="•",
                leftIndent=12,
            )
        )
    story += [_p(text, st["body"]) for text in content.after]
    story += [
        Spacer(1, 4 * mm),
        _p(content.closing, st["body"]),
        Spacer(1, 16 * mm),
        _p(f"{content.signature_label}: ______________________________", st["body"]),
        _p(content.signer, st["body"]),
    ]
    doc.build(story)
    return buffer.getvalue()
