"""R15 in the written report: under "Uw vraag" the patient reads her own question as she asked it and,
where the giver established it in other words, the giver's question beside it, each labelled; both are
sealed with the report (seal version 5). A question taken over word for word is said once, and a report
sealed before prints its one question as it did."""

import io

import pytest
from docx import Document
from pypdf import PdfReader

from secondopinion.reports.assembly import assemble_report
from secondopinion.reports.content import report_seal_holds, seal_hash
from secondopinion.reports.document import Block
from secondopinion.reports.docx import render_report_docx
from secondopinion.reports.models import Report
from secondopinion.reports.pdf import render_report_pdf
from tests.conftest import HAPPY_PATH

pytestmark = pytest.mark.django_db

RESTATED = next(values["care_question"] for to, _actor, values in HAPPY_PATH if to == "informed")


def _question(case, language: str = "nl") -> tuple[Block, ...]:
    return next(s for s in assemble_report(case, language).sections if s.key == "care_question").blocks


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_both_questions_are_sealed_with_the_report(full_report):
    case = full_report(paragraphs=1)

    sealed = case.report.sealed_content
    assert sealed["care_question"] == case.care_question
    assert sealed["established_care_question"] == RESTATED
    assert case.care_question != RESTATED
    assert sealed["seal_version"] == 5
    assert report_seal_holds(case.report)


@pytest.mark.parametrize(
    ("language", "asked", "established"),
    [
        ("nl", "Uw vraag zoals u die stelde", "Uw vraag zoals ik die formuleer"),
        ("en", "Your question as you asked it", "Your question as I put it"),
    ],
)
def test_the_letter_gives_the_patients_question_and_the_givers_each_labelled(
    full_report, language, asked, established
):
    case = full_report(paragraphs=1)

    blocks = _question(case, language)
    pdf = _flat(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(render_report_pdf(case, language))).pages
        )
    )
    docx = _flat(
        " ".join(p.text for p in Document(io.BytesIO(render_report_docx(case, language))).paragraphs)
    )

    assert blocks[:2] == (Block(case.care_question, asked), Block(RESTATED, established))
    for text in (pdf, docx):
        assert f"{asked} {_flat(case.care_question)} {established} {_flat(RESTATED)}" in text


def test_a_question_taken_over_word_for_word_is_said_once(full_report):
    case = full_report(paragraphs=1, finalise=False)
    case.established_care_question = case.care_question
    case.save(update_fields=["established_care_question"])

    blocks = _question(case)

    assert [block.text for block in blocks].count(case.care_question) == 1
    assert blocks[0] == Block(case.care_question, "")


def test_a_report_sealed_before_prints_its_one_question_as_it_did(full_report):
    case = full_report(paragraphs=1)
    content = case.report.sealed_content
    del content["established_care_question"]
    content["care_question"] = RESTATED  # then the established question stood in the patient's place
    content["seal_version"] = 4
    Report.objects.filter(pk=case.report.pk).update(sealed_content=content, content_hash=seal_hash(content))
    case.refresh_from_db()

    blocks = _question(case)

    assert report_seal_holds(case.report)
    assert blocks[0] == Block(RESTATED, "")
    assert case.care_question not in [block.text for block in blocks]
