"""The report's foot in plain words (acceptance review, finding F7): the patient receives the PDF and
the Word letter, so the seal is "a check code" the practice can check on request; the seal's technical
name (SHA-256) and the word fingerprint stay on the staff's case page."""

import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from secondopinion.reports.docx import render_report_docx
from secondopinion.reports.letter import short_fingerprint
from secondopinion.reports.pdf import render_report_pdf

pytestmark = pytest.mark.django_db

PLAIN = {
    "nl": (
        "Controlecode",
        "Met de controlecode hierboven kan de praktijk nagaan of dit het echte rapport is en of er niets in "
        "is veranderd. Wilt u dat zeker weten? Vraag de praktijk om het te controleren.",
    ),
    "en": (
        "Check code",
        "With the check code above, the practice can check that this is the real report and that nothing "
        "in it has been changed. Want to be sure? Ask the practice to check it.",
    ),
}
JARGON = re.compile(r"SHA-?256|vingerafdruk|fingerprint|hash|/cases/", re.I)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pdf_foot_tells_the_patient_in_plain_words_that_the_practice_can_check_the_letter(
    full_report, language
):
    case = full_report(paragraphs=1)
    label, sentence = PLAIN[language]

    pages = [
        flat(page.extract_text()) for page in PdfReader(io.BytesIO(render_report_pdf(case, language))).pages
    ]

    code = short_fingerprint(case.report.content_hash)
    for page in pages:
        assert f"{case.reference} · {label} {code}" in page
        assert sentence in page
        assert JARGON.findall(page) == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_word_letters_foot_says_the_same(full_report, language):
    case = full_report(paragraphs=1)
    label, sentence = PLAIN[language]

    letter = Document(io.BytesIO(render_report_docx(case, language)))
    foot = flat(" ".join(p.text for p in letter.sections[0].footer.paragraphs))

    assert f"{label} {short_fingerprint(case.report.content_hash)}" in foot
    assert sentence in foot
    assert JARGON.findall(foot) == []


def test_a_draft_has_no_check_code_yet(full_report):
    case = full_report(paragraphs=1, finalise=False)

    pages = [flat(page.extract_text()) for page in PdfReader(io.BytesIO(render_report_pdf(case, "nl"))).pages]

    assert all("CONCEPT" in page and "Controlecode" not in page for page in pages)
