"""Lay a composed letter (letters/content.py) out as DOCX with python-docx, the same text as the PDF,
for a patient who wants to change a word before printing. The core properties carry the title, the
patient as author and the letter's language."""

import io

from docx import Document
from docx.shared import Mm, Pt

from secondopinion.core.textcheck import printable_copy
from secondopinion.letters.content import LetterContent


def render_letter_docx(content: LetterContent) -> bytes:
    content = printable_copy(content)
    doc = Document()
    page = doc.sections[0]
    page.page_width, page.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(page, side, Mm(25))
    properties = doc.core_properties
    properties.title = content.title
    properties.author = content.patient_name
    properties.subject = content.title
    properties.language = content.language
    doc.styles["Normal"].font.size = Pt(11)

    for line in content.sender:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    for line in content.addressee:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    doc.add_paragraph(content.dated)
    doc.add_paragraph().add_run(content.subject).bold = True
    doc.add_paragraph(content.salutation)
    for text in content.paragraphs:
        doc.add_paragraph(text)
    for item in content.items:
        doc.add_paragraph(item, style="List Bullet")
    for text in content.after:
        doc.add_paragraph(text)
    doc.add_paragraph(content.closing)
    doc.add_paragraph()
    doc.add_paragraph(f"{content.signature_label}: ______________________________")
    doc.add_paragraph(content.signer)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
