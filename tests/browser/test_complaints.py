"""Complaints under the Wkkgz and recorded outcomes, in Chromium at 360 px: the complainant follows the
complaint's state and dates on the case page while the complaints officer acknowledges it, takes it
into handling, extends the term with a written reason and decides; the decision letter downloads as
a PDF. For a denturist's second opinion the officer's declaration that it is inadmissible (R28) asks
for confirmation first. The giver records an outcome and the coordinator reads the outcomes page with
its chart beside the Mayo figures and downloads the CSV. Axe on every page; no page scrolls sideways."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from secondopinion.aftercare.complaints import complaint_file
from secondopinion.aftercare.models import Complaint, Outcome
from secondopinion.cases.services import case_submit
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_walkthrough import Walk
from tests.conftest import submit_input
from tests.factories import PractitionerFactory

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, accept_downloads=True)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def fits(walk: Walk) -> bool:
    return walk.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def check(walk: Walk, name: str) -> None:
    assert fits(walk), name
    walk.assert_accessible()
    walk.screenshot(name)


def switch_to(walk: Walk, username: str) -> None:
    walk.page.context.clear_cookies()
    walk.log_in(username)


def test_the_complainant_follows_the_complaint_while_the_officer_handles_it(walk, cast, submit, advance):
    case = advance(submit(), "report_final")
    page = walk.page
    walk.prefix = "complaints-wkkgz-"

    walk.log_in("petra")
    walk.open_case(case)
    page.get_by_text("Dien een klacht in").click()
    page.get_by_label("Uw klacht").fill("Niemand legde vooraf uit wat het kost.")
    page.get_by_role("button", name="Klacht indienen").click()
    walk.expect_done("Uw klacht is ingediend bij de klachtenregeling.")
    complaint = Complaint.objects.get()
    panel = page.locator("#complaints")
    assert "ontvangen" in panel.inner_text()
    assert "U hoort uiterlijk" in panel.inner_text()
    check(walk, "complainant-received")

    switch_to(walk, "klachten")
    home = page.locator(".officer-home")
    assert case.reference in home.inner_text()
    check(walk, "officer-home")
    home.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"{walk.base_url}/complaints/{complaint.pk}/")
    check(walk, "officer-received")
    page.get_by_role("button", name="Ontvangst bevestigen").click()
    walk.expect_done("De ontvangst van de klacht is bevestigd")
    page.get_by_role("button", name="In behandeling nemen").click()
    walk.expect_done("De klacht is nu in behandeling")
    page.get_by_text("Termijn verlengen (één keer, ten hoogste 4 weken)").click()
    until = Complaint.objects.get().decide_by + dt.timedelta(weeks=2)
    page.get_by_label("Nieuwe datum voor de beslissing").fill(until.isoformat())
    page.get_by_label("Reden van de verlenging (gaat naar de klager)").fill("Wij vragen de gever om uitleg.")
    check(walk, "officer-extension-form")
    page.get_by_role("button", name="Mededeling sturen en verlengen").click()
    walk.expect_done("De termijn is verlengd")
    assert Complaint.objects.get().decide_by == until

    switch_to(walk, "petra")
    walk.open_case(case)
    panel = page.locator("#complaints")
    assert "in behandeling" in panel.inner_text()
    assert "Wij hebben meer tijd nodig" in panel.inner_text()
    assert "Wij vragen de gever om uitleg." in panel.inner_text()
    check(walk, "complainant-extended")

    switch_to(walk, "klachten")
    page.goto(f"{walk.base_url}/complaints/{complaint.pk}/")
    page.get_by_label("deels gegrond", exact=True).check()
    page.get_by_label("Motivering van het oordeel").fill("De kosten zijn niet vooraf uitgelegd.")
    page.get_by_label("Ik bevestig dat dit mijn definitieve beslissing is").check()
    page.get_by_role("button", name="Beslissing vastleggen").click()
    walk.expect_done("De beslissing op de klacht is vastgelegd.")
    check(walk, "officer-decided")

    switch_to(walk, "petra")
    walk.open_case(case)
    panel = page.locator("#complaints")
    assert "Wij hebben beslist: uw klacht is deels gegrond." in panel.inner_text()
    assert "geschilleninstantie" in panel.inner_text()
    check(walk, "complainant-decided")
    with page.expect_download() as download:
        panel.get_by_role("link", name="Brief met de beslissing (pdf)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_declaring_a_denturists_opinion_inadmissible_asks_for_confirmation(walk, cast):
    denturist = PractitionerFactory(discipline="denturist", organisation=cast.treating_practice)
    data = submit_input(
        cast,
        protocol="denturist-ont",
        treating_practitioner_id=denturist.pk,
        subject="finished_work",
        treatment_started=True,
    )
    case = case_submit(actor=cast.patient_user, data=data, source="web")
    complaint = complaint_file(actor=cast.patient_user, case_id=case.pk, text="Slecht gegaan.", source="web")
    page = walk.page
    walk.prefix = "complaints-inadmissible-"

    walk.log_in("klachten")
    page.goto(f"{walk.base_url}/complaints/{complaint.pk}/")
    page.get_by_role("button", name="Ontvangst bevestigen").click()
    page.get_by_role("button", name="In behandeling nemen").click()
    page.get_by_label("gegrond", exact=True).check()
    page.get_by_label("Motivering van het oordeel").fill("De regels zijn niet gevolgd.")
    page.get_by_label("De second opinion niet-ontvankelijk verklaren (R28)").check()
    page.get_by_label("Reden van de niet-ontvankelijkheid").fill("De uitleg vooraf (R13) ontbrak.")
    page.get_by_label("Ik bevestig dat dit mijn definitieve beslissing is").check()
    page.get_by_role("button", name="Beslissing vastleggen").click()
    # The confirmation is a page of its own: wait for it (is_visible alone looks once, maybe too soon).
    confirmation = page.get_by_role("heading", name="Deze second opinion niet-ontvankelijk verklaren?")
    confirmation.wait_for()

    expect(confirmation).to_be_visible()
    assert Complaint.objects.get().state == "in_handling"
    check(walk, "confirm")
    page.get_by_role("button", name="Ja, niet-ontvankelijk verklaren en beslissen").click()
    walk.expect_done("De beslissing op de klacht is vastgelegd.")
    decided = Complaint.objects.get()
    assert (decided.state, decided.inadmissible) == ("decided", True)
    check(walk, "decided")


def test_the_giver_records_an_outcome_and_the_coordinator_reads_the_outcomes(walk, cast, submit, advance):
    case = advance(submit(), "report_final")
    page = walk.page
    walk.prefix = "outcomes-"

    walk.log_in("gever")
    walk.open_case(case)
    outcome = page.locator("#outcome")
    outcome.get_by_role("group", name="Diagnose na de second opinion").get_by_label("aangevuld").check()
    outcome.get_by_role("group", name="Behandelplan na de second opinion").get_by_label("gewijzigd").check()
    walk.assert_accessible()
    outcome.get_by_role("button", name="Uitkomst vastleggen").click()
    walk.expect_done("De uitkomst is vastgelegd.")
    assert Outcome.objects.filter(case=case, diagnosis="refined", treatment="changed").exists()

    switch_to(walk, "coordinator")
    page.get_by_role("link", name="Uitkomsten van de second opinions").click()
    chart = page.get_by_role("img", name="Uitkomsten hier naast Mayo 2017, in procenten")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= 360
    assert "66%" in page.locator("table.outcome-table").first.inner_text()
    check(walk, "page-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    check(walk, "page-wide")
    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()
    with open(download.value.path(), encoding="utf-8") as table:
        text = table.read()
    assert "Mondzorg Centrum Oost,all,diagnosis,refined,1,100.0,66" in text
