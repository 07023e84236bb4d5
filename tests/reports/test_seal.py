"""R24: a final report is sealed with a hash of its structured content and never changes."""

import io

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from secondopinion.billing.services import billing_add_line
from secondopinion.reports.content import SEAL_VERSION, legacy_content_hash, report_seal_holds, seal_hash
from secondopinion.reports.docx import render_report_docx
from secondopinion.reports.letter import short_fingerprint
from secondopinion.reports.models import Report
from secondopinion.reports.pdf import render_report_pdf
from secondopinion.reports.services import report_content_hash

pytestmark = pytest.mark.django_db


def test_a_final_report_is_sealed_with_the_hash_of_its_structured_content(cast, a_case, advance):
    case = advance(a_case, "report_final")
    report = Report.objects.get(case=case)

    assert report.state == "final"
    assert report.finalised_at is not None
    assert report.sealed_content["seal_version"] == SEAL_VERSION
    assert report.content_hash == seal_hash(report.sealed_content) == report_content_hash(report)
    assert report_seal_holds(report)


def test_the_seal_covers_the_assembled_sections_not_only_the_givers_text(cast, a_case, advance):
    content = Report.objects.get(case=advance(a_case, "report_final")).sealed_content

    assert content["patient"]["name"] == cast.patient.name
    assert content["care_question"]
    assert content["information"]["anamneses"]["dental"] == "Pijn bij kauwen sinds maart."
    assert [line["code"] for line in content["billing_lines"]] == ["C011"]
    assert content["giver"]["name"] == cast.giver.name
    assert content["independence"]["giver"] == cast.giver.name
    assert content["sections"]["advice"]


@pytest.mark.parametrize(
    "change",
    [
        lambda c: c["sections"].update(advice="Laat de kies trekken."),
        lambda c: c["patient"].update(name="Iemand Anders"),
        lambda c: c["billing_lines"].append({"code": "X21", "date": "2026-01-01", "quantity": 1}),
        lambda c: c["independence"].update(declared_at="2020-01-01T00:00+01:00"),
        lambda c: c["letter"]["organisation"].update(phone="020 000 00 00"),
        lambda c: c["letter"].update(examined_on="2020-01-01"),
    ],
    ids=["advice", "patient", "costs", "independence", "letterhead", "examination-date"],
)
def test_any_change_to_the_sealed_content_breaks_the_seal(a_case, advance, change):
    report = Report.objects.get(case=advance(a_case, "report_final"))

    change(report.sealed_content)

    assert not report_seal_holds(report)


def test_a_line_billed_after_sign_off_leaves_the_sealed_report_as_it_was(cast, a_case, advance):
    case = advance(a_case, "report_final")
    sealed = Report.objects.get(case=case).content_hash
    billing_add_line(
        actor=cast.giver_user,
        case_id=case.pk,
        code="X21",
        quantity=1,
        date=timezone.localdate(),
        source="web",
    )
    case.refresh_from_db()

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report_pdf(case, "nl"))).pages)

    assert "X21" not in text
    assert case.report.content_hash == sealed
    assert report_seal_holds(case.report)


def test_both_files_of_a_final_report_print_the_short_fingerprint_of_its_seal_not_the_whole(a_case, advance):
    case = advance(a_case, "report_final")
    seal = case.report.content_hash
    fingerprint = short_fingerprint(seal)

    pdf = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(render_report_pdf(case, "en"))).pages)
    docx = Document(io.BytesIO(render_report_docx(case, "en")))
    footer = " ".join(p.text for p in docx.sections[0].footer.paragraphs)

    assert fingerprint.replace(" ", "") == seal[:16]
    assert fingerprint in " ".join(pdf.split())
    assert seal not in "".join(pdf.split())
    assert fingerprint in footer
    assert seal not in footer
    assert not any(seal in p.text for p in docx.paragraphs)


def test_a_report_sealed_before_the_structured_seal_still_verifies(a_case, advance):
    report = Report.objects.get(case=advance(a_case, "report_final"))
    Report.objects.filter(pk=report.pk).update(sealed_content=None, content_hash=legacy_content_hash(report))
    report.refresh_from_db()

    assert report_seal_holds(report)
    assert render_report_pdf(report.case, "nl").startswith(b"%PDF")


def test_the_database_refuses_a_final_report_without_a_seal(a_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(case=a_case, state="final", advice="Geen zegel.")


def test_a_draft_report_needs_no_seal(a_case):
    report = Report.objects.create(case=a_case, advice="Nog in concept.")

    assert (report.state, report.content_hash, report.sealed_content) == ("draft", "", None)
    assert not report_seal_holds(report)
