"""One case, walked through the real UI in Chromium: from the patient's request to the PDF report."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from tests.browser.chromium import picture
from tests.browser.conftest import skip_without_chromium
from tests.conftest import PASSWORD, submit_input

pytestmark = [pytest.mark.browser, skip_without_chromium]

SERIOUS = {"serious", "critical"}


class Walk:
    """A browser page plus the steps every user takes: log in through the form, log out, look."""

    def __init__(self, page, base_url: str, artifacts) -> None:
        self.page, self.base_url, self.artifacts = page, base_url, artifacts
        self.shots, self.prefix = 0, ""

    def log_in(self, username: str) -> None:
        self.page.goto(f"{self.base_url}/login/")
        self.page.get_by_label("Gebruikersnaam").fill(username)
        self.page.get_by_label("Wachtwoord").fill(PASSWORD)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url(f"{self.base_url}/")

    def log_out(self) -> None:
        self.page.get_by_role("button", name="Uitloggen").click()
        self.page.wait_for_url(re.compile(r".*/login/"))

    def open_case(self, case: SecondOpinionCase) -> None:
        self.page.goto(f"{self.base_url}/cases/{case.pk}/")

    def step(self, name: str):
        return self.page.locator(f"#step-{name}")

    def expect_done(self, text: str) -> None:
        assert text in self.page.locator(".messages").inner_text()

    def screenshot(self, name: str) -> None:
        self.shots += 1
        picture(self.page, self.artifacts / f"{self.prefix}{self.shots:02d}-{name}")

    def assert_accessible(self) -> None:
        results = Axe().run(self.page)
        serious = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
        assert serious == [], results.generate_report()


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def test_a_case_travels_from_the_patients_request_to_the_pdf_report(walk, cast):
    page = walk.page
    walk.prefix = "walkthrough-"

    # The patient asked for a second opinion through the request wizard (its own journey:
    # tests/browser/test_patient_journey.py and test_request_path.py); she finds it on her home page.
    case = case_submit(
        actor=cast.patient_user,
        data=submit_input(
            cast, care_question="Moet kies 36 getrokken worden, of kan een wortelkanaalbehandeling?"
        ),
        source="web",
    )
    walk.log_in("petra")
    expect(page.get_by_role("heading", name="Mijn second opinions")).to_be_visible()
    page.get_by_role("link", name=case.reference).click()
    page.wait_for_url(f"{walk.base_url}/cases/{case.pk}/")
    walk.assert_accessible()
    walk.screenshot("patient-request-submitted")
    walk.log_out()

    # The coordinator triages it from the worklist and assigns an independent giver.
    walk.log_in("coordinator")
    expect(page.get_by_role("heading", name="Werklijst")).to_be_visible()
    walk.assert_accessible()
    walk.screenshot("coordinator-worklist")
    page.get_by_role("link", name=case.reference).click()
    walk.step("accept").get_by_role("button", name="Accepteren als second opinion").click()
    walk.expect_done("Gedaan: Accepteren als second opinion.")
    walk.step("assign").get_by_label("Second opinion-gever").select_option(
        label="Gever — Mondzorg Centrum Oost"
    )
    walk.step("assign").get_by_role("button", name="Gever toewijzen").click()
    walk.expect_done("Gedaan: Gever toewijzen.")
    walk.assert_accessible()
    walk.screenshot("coordinator-assigned")
    walk.log_out()

    # The giver explains and records the agreements, examines, and writes and finalises the report.
    walk.log_in("gever")
    walk.open_case(case)
    independence = page.locator("#independence")
    independence.get_by_label("Ik verklaar dat ik in hetzelfde vakgebied", exact=False).check()
    independence.get_by_role("button", name="Verklaring vastleggen").click()
    walk.expect_done("Uw verklaring van onafhankelijkheid is vastgelegd.")
    walk.assert_accessible()
    walk.screenshot("giver-declared-independence")
    inform = walk.step("inform")
    inform.locator("input[name=explanation_items]").first.check()
    inform.get_by_role("button", name="Uitleg en afspraken vastleggen").click()
    assert "R13" in walk.step("inform").locator(".error-summary").inner_text()
    walk.screenshot("giver-explanation-blocked-by-r13")
    for box in walk.step("inform").locator("input[name=explanation_items]").all():
        box.check()
    walk.step("inform").get_by_role("group", name="Het oordeel wordt schriftelijk vastgelegd").get_by_label(
        "Ja"
    ).check()
    walk.step("inform").get_by_role(
        "group", name="De eigen behandelaar mag worden geïnformeerd"
    ).get_by_label("Ja").check()
    walk.step("inform").get_by_label("Ik heb uitgelegd dat zonder toestemming", exact=False).check()
    walk.step("inform").get_by_role("button", name="Uitleg en afspraken vastleggen").click()
    walk.expect_done("Gedaan: Uitleg en afspraken vastleggen.")
    walk.step("examine").get_by_role("button", name="Onderzoek starten").click()
    walk.expect_done("Gedaan: Onderzoek starten.")
    walk.step("findings").get_by_label("Bevindingen").fill(
        "Diepe cariës 36 distaal; geen periapicale afwijking."
    )
    walk.step("findings").get_by_role("button", name="Bevindingen vastleggen").click()
    walk.expect_done("Gedaan: Bevindingen vastleggen.")
    report = walk.step("report")
    report.get_by_label("Afwijkingen van diagnose, plan of werk").fill("Extractie is niet de enige optie.")
    report.get_by_label("Tandheelkundige en financiële gevolgen").fill(
        "Endo met kroon kost meer, maar behoudt de kies."
    )
    report.get_by_label("Advies").fill("Bespreek een wortelkanaalbehandeling met kroon met uw tandarts.")
    report.get_by_role("button", name="Concept opslaan").click()
    walk.expect_done("Het conceptrapport is opgeslagen.")
    walk.assert_accessible()
    walk.screenshot("giver-report-draft")
    walk.step("finalise").get_by_label("Ik heb het rapport gecontroleerd.").check()
    walk.step("finalise").get_by_role("button", name="Rapport definitief maken").click()
    # Finalising sends the report: it is confirmed on a page of its own first.
    page.get_by_role("button", name="Ja, definitief maken en versturen").click()
    walk.expect_done("Gedaan: Rapport definitief maken.")
    case.refresh_from_db()
    assert case.status == "report_final"
    assert case.report.content_hash in page.locator(".seal").inner_text()
    walk.screenshot("giver-report-final")
    walk.log_out()

    # The patient reads where things stand and downloads the report, on a 360 px wide phone.
    page.set_viewport_size({"width": 360, "height": 780})
    walk.log_in("petra")
    walk.open_case(case)
    expect(page.get_by_role("heading", name="Uw second opinion")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    walk.assert_accessible()
    walk.screenshot("patient-report-ready-360px")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download uw rapport (pdf)").click()
    download = download_info.value
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    assert download.suggested_filename == f"tweede-mening-{case.reference.lower()}.pdf"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_main_pages_fit_a_phone_and_pass_axe_in_both_languages(walk, cast, submit, advance, language):
    case = advance(submit(), "assigned")
    page = walk.page
    walk.prefix = f"phone-{language}-"
    page.set_viewport_size({"width": 360, "height": 780})
    walk.log_in("coordinator")
    page.get_by_role("button", name="English" if language == "en" else "Nederlands").click()

    for path, name in [("/", "worklist"), (f"/cases/{case.pk}/", "case"), ("/cases/new/", "request-form")]:
        page.goto(walk.base_url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        walk.assert_accessible()
        walk.screenshot(name)

    # The patient's "who looked at my file" (NEN 7513) fits a phone too, with the coordinator's reads in it.
    page.context.clear_cookies()
    walk.log_in("petra")
    page.get_by_role("button", name="English" if language == "en" else "Nederlands").click()
    link = "Who looked at my file" if language == "en" else "Wie heeft mijn dossier ingezien"
    page.get_by_role("link", name=link).click()
    assert page.locator("html").get_attribute("lang") == language
    expect(page.locator("table.access-log caption")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    walk.assert_accessible()
    walk.screenshot("access-log")
