"""R22-R24: the written report as PDF and DOCX, both from one assembly, every section present."""

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from PIL import ImageStat
from pypdf import PdfReader

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.services import case_transition
from secondopinion.documents.models import Document as CaseDocument
from secondopinion.reports.assembly import assemble_report
from secondopinion.reports.docx import render_report_docx
from secondopinion.reports.labels import DENTAL_HEADINGS, LABELS
from secondopinion.reports.letter import short_fingerprint
from secondopinion.reports.pdf import render_report_pdf
from secondopinion.reports.pdf_page import FOOT
from tests.reports.conftest import SECTIONS

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    return flat(" ".join(page.extract_text() for page in reader.pages)), len(reader.pages)


def pdf_body_text(data: bytes) -> str:
    """The text of the pages above their feet: a paragraph that runs on to the next page reads as one,
    without the page's foot in the middle of it."""

    def body_of(page) -> str:
        parts: list[str] = []

        def keep(text, cm, tm, _font, _size) -> None:
            if tm[4] * cm[1] + tm[5] * cm[3] + cm[5] >= FOOT:  # the line's height on the page
                parts.append(text)

        page.extract_text(visitor_text=keep)
        return "".join(parts)

    return flat(" ".join(body_of(page) for page in PdfReader(io.BytesIO(data)).pages))


def docx_text(data: bytes) -> tuple[list[str], str]:
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    body = flat(" ".join([p.text for p in doc.paragraphs] + cells))
    return headings, body


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_pdf_has_every_section_heading_and_the_givers_content(full_report, cast, language):
    case = full_report(paragraphs=3)

    text, _pages = pdf_text(render_report_pdf(case, language))

    for heading in DENTAL_HEADINGS.values():
        assert flat(heading.in_language(language)) in text
    for value in SECTIONS.values():
        assert flat(value) in text
    assert cast.patient.name in text
    assert case.care_question in text
    assert "X10" in text
    assert "C011" in text
    assert short_fingerprint(case.report.content_hash) in text
    assert case.report.content_hash not in text.replace(" ", "")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_docx_has_a_heading_per_section_a_costs_table_and_the_fingerprint_in_its_footer(
    full_report, cast, language
):
    case = full_report(paragraphs=3)
    data = render_report_docx(case, language)

    headings, body = docx_text(data)
    doc = Document(io.BytesIO(data))

    title = LABELS["title"].in_language(language)
    assert headings == [f"{title} — {case.reference}"] + [
        h.in_language(language) for h in DENTAL_HEADINGS.values()
    ]
    for value in SECTIONS.values():
        assert flat(value) in body
    costs = next(t for t in doc.tables if t.rows[0].cells[0].text == LABELS["code"].in_language(language))
    assert [row.cells[0].text for row in costs.rows[1:]] == ["X10", "C011"]
    footer = " ".join(p.text for p in doc.sections[0].footer.paragraphs)
    assert case.reference in footer
    assert short_fingerprint(case.report.content_hash) in footer
    assert case.report.content_hash not in footer


def test_both_renderings_come_from_the_same_assembled_document(full_report):
    case = full_report(paragraphs=2)
    document = assemble_report(case, "en")

    pdf = pdf_body_text(render_report_pdf(case, "en"))
    _headings, docx = docx_text(render_report_docx(case, "en"))

    for section in document.sections:
        for block in section.blocks:
            assert flat(block.text) in pdf
            assert flat(block.text) in docx


def test_an_empty_section_says_so_rather_than_vanish(full_report):
    case = full_report(paragraphs=1, finalise=False)
    case.report.advice = case.report.alternatives = ""
    case.report.save()
    case.treatment_plans.all().delete()

    dutch, _pages = pdf_text(render_report_pdf(case, "nl"))
    _headings, english = docx_text(render_report_docx(case, "en"))

    assert "Mijn advies en andere mogelijkheden Nog niet ingevuld (concept)." in dutch
    assert "Kosten van deze second opinion" in dutch
    assert "CONCEPT — nog niet definitief" in dutch
    assert "DRAFT — not yet final" in english
    assert "Not yet written (draft)." in english
    assert "Check code" not in english


def test_a_final_section_left_empty_prints_not_applicable(full_report):
    case = full_report(paragraphs=1)
    content = case.report.sealed_content
    assert content["sections"]["alternatives"]

    document = assemble_report(case, "nl")
    costs = next(s for s in document.sections if s.key == "costs")
    assert not costs.is_empty
    assert {s.empty for s in document.sections} == {"Niet van toepassing."}


def test_a_long_report_runs_to_four_pages_with_the_fingerprint_and_page_count_on_each(full_report):
    case = full_report(paragraphs=21)

    reader = PdfReader(io.BytesIO(render_report_pdf(case, "nl")))

    assert len(reader.pages) == 4
    for number, page in enumerate(reader.pages, start=1):
        text = flat(page.extract_text())
        assert short_fingerprint(case.report.content_hash) in text
        assert f"Pagina {number} van 4" in text


def test_page_one_rendered_as_an_image_is_not_blank(full_report):
    case = full_report(paragraphs=21)
    pdf = pdfium.PdfDocument(render_report_pdf(case, "nl"))

    image = pdf[0].render(scale=1.5).to_pil().convert("L")
    ARTIFACTS.mkdir(exist_ok=True)
    image.save(ARTIFACTS / "report-page-1.png")
    for number in range(2, len(pdf) + 1):  # the other pages too, to look at the layout by eye
        pdf[number - 1].render(scale=1.5).to_pil().convert("L").save(ARTIFACTS / f"report-page-{number}.png")

    (spread,) = ImageStat.Stat(image).stddev
    ink = sum(1 for value in image.get_flattened_data() if value < 128) / (image.width * image.height)
    assert spread > 20
    assert 0.01 < ink < 0.5


def test_the_documents_used_are_listed_and_sealed_but_not_the_consent_form(cast, full_report):
    case = full_report(paragraphs=1, finalise=False)
    common = {"case": case, "size": 2048, "uploaded_by": cast.giver_user}
    CaseDocument.objects.create(
        **common,
        purpose="record",
        kind="dicom",
        content_type="application/dicom",
        sha256="a" * 64,
        original_name="opt-maart.dcm",
        storage_name="bench-record",
    )
    CaseDocument.objects.create(
        **common,
        purpose="consent_form",
        kind="pdf",
        content_type="application/pdf",
        sha256="b" * 64,
        original_name="toestemming-getekend.pdf",
        storage_name="bench-consent",
    )
    case = case_transition(
        actor=cast.giver_user, case_id=case.pk, to="report_final", data=StepInput(), source="web"
    )
    case.refresh_from_db()

    text, _pages = pdf_text(render_report_pdf(case, "en"))

    assert "1. X-ray image from the treating practitioner (received" in text
    assert "opt-maart.dcm" not in text
    assert "toestemming-getekend.pdf" not in text
    (sealed,) = case.report.sealed_content["information"]["documents"]
    assert (sealed["name"], sealed["sha256"]) == ("opt-maart.dcm", "a" * 64)
