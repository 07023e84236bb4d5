"""Control characters (U+0001-U+001F other than tab, line feed, carriage return) are refused at every
door, naming the field; whatever is already stored still renders to PDF and DOCX, seal untouched."""

import io

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.errors import InvalidInput
from secondopinion.core.textcheck import printable
from secondopinion.reports.content import report_seal_holds, seal_hash
from secondopinion.reports.models import RenderedReport, Report
from secondopinion.reports.rendering import render_and_store
from tests.api.conftest import case_body
from tests.cases.footprint import footprint
from tests.conftest import submit_input

pytestmark = pytest.mark.django_db

QUESTION = "Moet kies 36 echt getrokken worden, of is een wortelkanaalbehandeling mogelijk?"


@pytest.mark.parametrize("character", ["\x01", "\x08", "\x0c", "\x1b", "\x1f", "\x00"])
def test_the_service_refuses_a_care_question_with_a_control_character_naming_the_field(cast, character):
    before = footprint()

    with pytest.raises(InvalidInput) as refused:
        case_submit(
            actor=cast.patient_user,
            data=submit_input(cast, care_question=f"Moet kies 36{character} eruit?"),
            source="web",
        )

    assert refused.value.field == "care_question"
    assert "stuurtekens" in refused.value.detail.nl
    assert "control characters" in refused.value.detail.en
    assert footprint() == before


def test_the_service_refuses_a_step_note_with_a_control_character(cast, a_case):
    before = footprint(a_case.pk)

    with pytest.raises(InvalidInput) as refused:
        case_transition(
            actor=cast.coordinator,
            case_id=a_case.pk,
            to="accepted",
            data=StepInput(classification="second_opinion", note="Akkoord\x01"),
            source="web",
        )

    assert refused.value.field == "note"
    assert footprint(a_case.pk) == before


def test_a_vertical_tab_from_word_becomes_a_line_break(cast):
    case = case_submit(
        actor=cast.patient_user,
        data=submit_input(cast, care_question="Eerste regel\x0btweede regel"),
        source="web",
    )

    assert case.care_question == "Eerste regel\ntweede regel"


def test_the_web_form_refuses_a_control_character_and_names_the_field(cast, client, a_case):
    client.force_login(cast.coordinator)
    before = footprint(a_case.pk)

    response = client.post(
        reverse("web:step-refuse", args=[a_case.pk]),
        {"refusal_reason": "repeated_request", "refusal_note": "Eerder al beoordeeld\x01 door ons."},
        secure=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert "control characters" in response.content.decode()
    after = footprint(a_case.pk)
    assert {k: v for k, v in after.items() if k != "access_events"} == {
        k: v for k, v in before.items() if k != "access_events"
    }


@pytest.mark.parametrize("character", ["\x01", "\x07", "\x1f", "\x00"])
def test_the_api_refuses_a_control_character_with_422_naming_the_field(cast, api_as, character):
    before = SecondOpinionCase.objects.count()

    response = api_as("patient_user", "en").post(
        "/cases", case_body(cast, care_question=f"Is de brug{character} nodig?")
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["field"] == "care_question"
    assert "control characters" in response.json()["detail"]
    assert SecondOpinionCase.objects.count() == before


def test_the_api_refuses_a_control_character_in_a_report_section(cast, api_as, a_case, advance):
    case = advance(a_case, "report_draft")

    response = api_as("giver_user").put(f"/cases/{case.pk}/report", {"advice": "Een kroon\x02."})

    assert response.status_code == 422
    assert response.json()["field"] == "advice"
    assert "\x02" not in Report.objects.get(case=case).advice


def test_the_api_turns_a_vertical_tab_into_a_line_break(cast, api_as):
    response = api_as("patient_user").post("/cases", case_body(cast, care_question="Regel een\x0bregel twee"))

    assert response.status_code == 201, response.content
    assert SecondOpinionCase.objects.get(pk=response.json()["id"]).care_question == "Regel een\nregel twee"


def _seal_with_control_characters(case: SecondOpinionCase) -> Report:
    """A final report sealed before the doors refused control characters: they are in the sealed
    content, and the seal covers them."""
    report = case.report
    content = report.sealed_content
    content["sections"]["advice"] = (
        "Bespreek\x01 een kroon\x0bmet uw tandarts.\x1f\x08"  # no NUL: PostgreSQL stores none
    )
    content["sections"]["findings"] = "Diepe cariës\x08 36\x0c distaal."
    Report.objects.filter(pk=report.pk).update(sealed_content=content, content_hash=seal_hash(content))
    report.refresh_from_db()
    assert report_seal_holds(report)
    return report


def test_a_sealed_report_with_control_characters_still_renders_and_keeps_its_seal(
    cast, a_case, advance, client
):
    case = advance(a_case, "report_final")
    report = _seal_with_control_characters(case)
    sealed, seal = dict(report.sealed_content), report.content_hash
    client.force_login(cast.patient_user)

    docx = client.get(reverse("web:report-docx", args=[case.pk]), secure=True)
    pdf = client.get(reverse("web:report-pdf", args=[case.pk]), secure=True)

    assert docx.status_code == 200
    assert pdf.status_code == 200
    body = " ".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "Bespreek een kroon" in body
    assert "met uw tandarts." in body
    assert "\x01" not in body
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Bespreek een kroon" in text
    report.refresh_from_db()
    assert report.sealed_content == sealed
    assert report.content_hash == seal
    assert report_seal_holds(report)


def test_the_render_task_stores_every_rendering_of_such_a_report(cast, a_case, advance):
    case = advance(a_case, "report_final")
    report = _seal_with_control_characters(case)

    stored = render_and_store(report.pk)

    assert stored == RenderedReport.objects.filter(report=report).count() == 4
    report.refresh_from_db()
    assert report_seal_holds(report)


def test_printable_keeps_line_breaks_and_drops_what_a_document_cannot_hold():
    assert printable("a\tb\nc\r\nd") == "a\tb\nc\r\nd"
    assert printable("a\x0bb\x0cc") == "a\nb\nc"
    assert printable("a\x00b\x01c\x1f\ud800\ufffe") == "abc"
