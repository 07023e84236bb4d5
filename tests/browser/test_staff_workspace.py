"""The staff workspace in Chromium, at 360 px and at 1280 px: the coordinator and the giver on a case
with documents and sendings, the treating dentist's report inbox, and the confirmation of an
irreversible action. On every page axe finds no serious or critical violation and nothing is wider
than the viewport."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from secondopinion.consent.models import Consent
from secondopinion.distribution.models import Sending
from secondopinion.reports.models import Addendum
from tests.browser.chromium import picture
from tests.browser.conftest import skip_without_chromium
from tests.conftest import PASSWORD
from tests.web.test_staff_workspace import case_with_documents_and_sendings

pytestmark = [pytest.mark.browser, skip_without_chromium]

SERIOUS = {"serious", "critical"}
WIDTHS = {"phone": 360, "desktop": 1280}


class Desk:
    def __init__(self, page, base_url: str, artifacts, prefix: str) -> None:
        self.page, self.base_url, self.artifacts, self.prefix = page, base_url, artifacts, prefix
        self.shots = 0

    def log_in(self, username: str) -> None:
        self.page.context.clear_cookies()
        self.page.goto(f"{self.base_url}/login/")
        self.page.get_by_label("Gebruikersnaam").fill(username)
        self.page.get_by_label("Wachtwoord").fill(PASSWORD)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url(f"{self.base_url}/")

    def check(self, name: str) -> None:
        """Every page: no wider than the viewport, no serious axe violation; a picture when it is at fault
        (or with TM_SCREENSHOTS=1)."""
        self.shots += 1
        path = self.artifacts / f"{self.prefix}{self.shots:02d}-{name}"
        try:
            assert self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                name,
                self.page.evaluate("document.documentElement.scrollWidth"),
            )
            results = Axe().run(self.page)
            serious = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
            assert serious == [], results.generate_report()
        except AssertionError:
            picture(self.page, path, at_fault=True)
            raise
        picture(self.page, path)

    def before(self, first: str, second: str) -> bool:
        return self.page.evaluate(
            "([a, b]) => !!(document.querySelector(a).compareDocumentPosition(document.querySelector(b)) "
            "& Node.DOCUMENT_POSITION_FOLLOWING)",
            [first, second],
        )


@pytest.fixture(params=sorted(WIDTHS))
def desk(request, browser, live_server, artifacts, transactional_db):
    width = WIDTHS[request.param]
    context = browser.new_context(
        locale="nl-NL", viewport={"width": width, "height": 900}, accept_downloads=True
    )
    yield Desk(context.new_page(), live_server.url, artifacts, f"staff-workspace-{width}-")
    context.close()


def test_the_coordinator_and_the_giver_work_on_a_case_with_documents_and_sendings(
    desk, cast, advance, submit
):
    case = case_with_documents_and_sendings(cast, advance, submit)
    page = desk.page

    # The coordinator: the worklist, the case (actions first), and revoking a consent asks first.
    desk.log_in("coordinator")
    desk.check("coordinator-worklist")
    page.goto(f"{desk.base_url}/cases/{case.pk}/")
    assert desk.before("#now", "#facts-title")
    expect(page.locator("#documents table.stack-table")).to_be_visible()
    expect(page.locator("#distribution table.stack-table")).to_be_visible()
    assert page.locator("#documents th", has_text="SHA-256").count() == 0
    desk.check("coordinator-case")
    page.locator("#consents").get_by_role("button", name="Intrekken").first.click()
    expect(page.get_by_role("heading", name="Deze toestemming intrekken?")).to_be_visible()
    desk.check("coordinator-confirm-revoke")
    page.get_by_role("link", name="Nee, terug naar de casus").click()
    page.wait_for_url(f"{desk.base_url}/cases/{case.pk}/")
    assert not Consent.objects.filter(case=case, revoked_at__isnull=False).exists()

    # The giver: the case, an addendum confirmed on its own page, then sent.
    desk.log_in("gever")
    page.goto(f"{desk.base_url}/cases/{case.pk}/")
    desk.check("giver-case")
    page.get_by_role("link", name="Een addendum toevoegen").click()
    addendum = page.locator("#step-addendum")
    addendum.get_by_label("Correctie of aanvulling").fill("Ook kies 37 is bekeken: geen afwijkingen.")
    addendum.get_by_role("button", name="Addendum toevoegen").click()
    expect(
        page.get_by_role("heading", name="Dit addendum toevoegen aan het definitieve rapport?")
    ).to_be_visible()
    assert not Addendum.objects.filter(report__case=case).exists()
    desk.check("giver-confirm-addendum")
    page.get_by_role("button", name="Ja, addendum toevoegen en versturen").click()
    page.wait_for_url(re.compile(rf".*/cases/{case.pk}/$"))
    assert "Het addendum is toegevoegd aan het rapport." in page.locator(".messages").inner_text()
    assert Addendum.objects.filter(report__case=case).exists()
    desk.check("giver-case-with-addendum")

    # The treating dentist's inbox: download, read state and acknowledgement, as cards on a phone.
    desk.log_in("tandarts")
    page.goto(f"{desk.base_url}/reports/inbox/")
    desk.check("treating-inbox")
    sending = Sending.objects.filter(
        case=case, recipient_user=cast.treating_user, addendum__isnull=True
    ).get()
    with page.expect_download() as download:
        page.locator(f"#sending-{sending.pk}").get_by_role("link", name=re.compile("^PDF")).click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.locator(f"#sending-{sending.pk}").get_by_role(
        "button", name=re.compile("^Ontvangst bevestigen")
    ).click()
    page.wait_for_url(f"{desk.base_url}/reports/inbox/")
    sending.refresh_from_db()
    assert sending.first_opened_by == cast.treating_user
    assert sending.acknowledged_by == cast.treating_user
    assert "voor het eerst geopend door" in page.locator(f"#sending-{sending.pk}").inner_text()
    desk.check("treating-inbox-acknowledged")
