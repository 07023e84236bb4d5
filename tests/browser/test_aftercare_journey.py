"""The patient's side once a case exists, in Chromium: the journey, the report, the evaluation (R27), a
message to the coordinator, and a complaint that reaches the complaints officer beside the case's
conformance checklist (R28). Axe on every page visited; a screenshot of each step."""

import re

import pytest
from playwright.sync_api import expect

from secondopinion.aftercare.models import Complaint, Evaluation, Message
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_walkthrough import Walk

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, accept_downloads=True)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def fits_a_phone(walk: Walk) -> bool:
    """The page, or on the case page the aftercare panels, fit a 360 px screen without sideways scrolling."""
    panels = ".aftercare-journey, #messages, #evaluation, #complaints"
    return walk.page.evaluate(
        """(panels) => {
            const shown = document.querySelectorAll(panels);
            if (!shown.length) return document.documentElement.scrollWidth <= window.innerWidth;
            return [...shown].every(p => [p, ...p.querySelectorAll('*')].every(
                e => e.getBoundingClientRect().right <= window.innerWidth));
        }""",
        panels,
    )


def test_a_patient_downloads_the_report_writes_the_coordinator_and_evaluates(walk, cast, submit, advance):
    case = advance(submit(), "closed")
    page = walk.page
    walk.prefix = "aftercare-evaluation-nl-"

    walk.log_in("petra")
    walk.open_case(case)
    expect(page.get_by_role("heading", name="Uw stappen")).to_be_visible()
    assert "Evalueren" in page.locator(".journey__step--now").inner_text()
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("case-closed-journey")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download uw rapport (pdf)").click()
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    page.get_by_label("Uw bericht").fill("Ik heb het rapport met mijn tandarts besproken.")
    page.get_by_role("button", name="Bericht versturen").click()
    page.wait_for_url(re.compile(r".*/cases/\d+/(#messages)?$"))
    walk.expect_done("Uw bericht is verstuurd.")
    assert Message.objects.get().author_role == "patient"
    walk.assert_accessible()
    walk.screenshot("message-sent")

    evaluation = page.locator("#evaluation")
    evaluation.get_by_label("Ik ga door met de behandeling").check()
    evaluation.get_by_label("4: tevreden", exact=True).check()
    evaluation.get_by_label("Wat u nog wilt toevoegen").fill("Fijn dat alles werd uitgelegd.")
    walk.assert_accessible()
    walk.screenshot("evaluation-form")
    evaluation.get_by_role("button", name="Evaluatie opslaan").click()
    walk.expect_done("Dank u: uw evaluatie is vastgelegd.")
    assert (Evaluation.objects.get().decision, Evaluation.objects.get().satisfaction) == (
        "continue_treatment",
        4,
    )
    assert "Ik ga door met de behandeling" in page.locator("#evaluation").inner_text()
    assert page.locator("#evaluation form").count() == 0
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("evaluation-recorded")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_complaint_reaches_the_officer_beside_the_conformance_checklist(
    walk, cast, submit, advance, language
):
    cast.giving_practice.complaint_scheme = "Klachtenregeling Mondzorg"
    cast.giving_practice.save()
    case = advance(submit(), "report_final")
    page = walk.page
    walk.prefix = f"aftercare-complaint-{language}-"
    english = language == "en"

    def log_in(username: str) -> None:
        page.context.clear_cookies()
        walk.log_in(username)
        if english:
            page.get_by_role("button", name="English").click()

    log_in("petra")
    walk.open_case(case)
    page.get_by_text("File a complaint" if english else "Dien een klacht in").click()
    expect(page.get_by_text("Klachtenregeling Mondzorg")).to_be_visible()
    page.get_by_label("Your complaint" if english else "Uw klacht").fill(
        "Niemand legde vooraf uit wat het kost."
    )
    walk.assert_accessible()
    walk.screenshot("complaint-form")
    page.get_by_role("button", name="File complaint" if english else "Klacht indienen").click()
    walk.expect_done(
        "Your complaint has been filed with the complaint scheme."
        if english
        else "Uw klacht is ingediend bij de klachtenregeling."
    )
    complaint = Complaint.objects.get()
    assert complaint.scheme == "Klachtenregeling Mondzorg"
    walk.assert_accessible()
    walk.screenshot("complaint-filed")

    log_in("klachten")
    page.goto(f"{walk.base_url}/complaints/")
    assert page.locator("html").get_attribute("lang") == language
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("complaints-list")
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"{walk.base_url}/complaints/{complaint.pk}/")
    expect(page.get_by_text("Niemand legde vooraf uit wat het kost.")).to_be_visible()
    checklist = page.locator("table.conformance")
    expect(checklist).to_be_visible()
    assert "R13" in checklist.inner_text()
    expect(
        page.get_by_role(
            "heading", name="Which rules were followed" if english else "Welke regels zijn gevolgd"
        )
    ).to_be_visible()
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("complaint-beside-checklist")

    # The Wkkgz steps before a decision (tests/browser/test_complaints.py follows them in full).
    page.get_by_role("button", name="Acknowledge receipt" if english else "Ontvangst bevestigen").click()
    page.get_by_role("button", name="Start handling" if english else "In behandeling nemen").click()
    page.get_by_label("well-founded" if english else "gegrond", exact=True).check()
    page.get_by_role(
        "textbox", name="Reasons for the judgment" if english else "Motivering van het oordeel"
    ).fill("Gegrond: de kosten zijn niet vooraf uitgelegd.")
    page.get_by_label(
        "I confirm this is my final decision"
        if english
        else "Ik bevestig dat dit mijn definitieve beslissing is"
    ).check()
    page.get_by_role("button", name="Record decision" if english else "Beslissing vastleggen").click()
    walk.expect_done(
        "The decision on the complaint has been recorded."
        if english
        else "De beslissing op de klacht is vastgelegd."
    )
    assert Complaint.objects.get().state == "decided"
    walk.assert_accessible()
    walk.screenshot("complaint-decided")
