"""The report: editing the draft, its seal and addenda, and the PDF download."""

import pytest
from django.urls import reverse

from secondopinion.audit.models import AccessEvent
from tests.web.conftest import case_url, html, status_of

pytestmark = pytest.mark.django_db

SECTIONS = {"findings": "Cariës 36.", "deviations": "Geen.", "consequences": "Kosten.", "advice": "Endo."}


def pdf_url(case) -> str:
    return reverse("web:report-pdf", args=[case.pk])


def test_the_giver_edits_every_section_of_the_draft(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.giver_user)

    response = client.post(
        reverse("web:report-draft", args=[a_case.pk]), {**SECTIONS, "costs": "€ 450"}, follow=True
    )

    a_case.report.refresh_from_db()
    assert a_case.report.costs == "€ 450"
    assert "Het conceptrapport is opgeslagen." in html(response)
    assert html(response).count('class="report-sections"') == 1


def test_a_final_report_cannot_be_edited_r24(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.giver_user)

    response = client.post(reverse("web:report-draft", args=[a_case.pk]), {"advice": "Toch extractie."})

    assert response.status_code == 422
    assert "R24" in html(response)
    a_case.report.refresh_from_db()
    assert a_case.report.advice.startswith("Bespreek met uw tandarts")


def test_only_the_giver_writes_the_report(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.coordinator)

    response = client.post(reverse("web:report-draft", args=[a_case.pk]), SECTIONS)

    assert response.status_code == 403
    assert "Alleen de gever schrijft het rapport." in html(response)


def test_a_stranger_cannot_save_a_draft(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.stranger)

    assert client.post(reverse("web:report-draft", args=[a_case.pk]), SECTIONS).status_code == 404


def test_the_final_report_shows_its_seal_and_takes_an_addendum(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.giver_user)

    response = client.post(
        reverse("web:addendum", args=[a_case.pk]),
        {"text": "Kies 37 ook bekeken.", "confirmed": "yes"},
        follow=True,
    )

    page = html(response)
    assert a_case.report.content_hash in page
    assert "Kies 37 ook bekeken." in page
    assert "Het addendum is toegevoegd aan het rapport." in page


def test_an_empty_addendum_names_the_field(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.giver_user)

    response = client.post(reverse("web:addendum", args=[a_case.pk]), {"text": ""})

    assert response.status_code == 422
    assert 'href="#addendum-text"' in html(response)


def test_an_addendum_by_a_stranger_is_404(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.stranger)

    assert client.post(reverse("web:addendum", args=[a_case.pk]), {"text": "x"}).status_code == 404


def test_the_patient_downloads_the_final_report_as_pdf(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.patient_user)

    page = html(client.get(case_url(a_case)))
    response = client.get(pdf_url(a_case))

    assert "Download uw rapport (pdf)" in page
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="tweede-mening-{a_case.reference.lower()}.pdf"'
    )


def test_the_pdf_download_is_logged_as_an_export_of_the_report(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.patient_user)

    client.get(pdf_url(a_case))

    event = AccessEvent.objects.get(case=a_case, action="export")
    assert (event.actor, event.data, event.source) == (cast.patient_user, "report", "web")


def test_the_patient_cannot_read_a_draft_report(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.patient_user)

    assert client.get(pdf_url(a_case)).status_code == 404
    assert "/report.pdf" not in html(client.get(case_url(a_case)))


def test_the_giver_downloads_the_draft(login, cast, a_case, advance):
    advance(a_case, "report_draft")
    client = login(cast.giver_user)

    response = client.get(pdf_url(a_case))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_there_is_no_pdf_before_there_is_a_report(login, cast, a_case):
    client = login(cast.coordinator)

    assert client.get(pdf_url(a_case)).status_code == 404


@pytest.mark.parametrize("who", ["stranger", "other_patient_user", "other_coordinator"])
def test_the_pdf_is_404_for_anyone_without_a_role(login, cast, a_case, advance, who):
    advance(a_case, "report_final")
    client = login(getattr(cast, who))

    assert client.get(pdf_url(a_case)).status_code == 404
    assert status_of(a_case) == "report_final"


def test_the_pdf_follows_the_active_language(login, cast, a_case, advance):
    advance(a_case, "report_final")
    client = login(cast.patient_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    import io

    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(client.get(pdf_url(a_case)).content)).pages[0].extract_text()

    assert "Written second opinion" in text
