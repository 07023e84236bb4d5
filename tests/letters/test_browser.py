"""The letters and the turnaround in Chromium at 360 px: the patient makes the request for the record from
the case page and downloads it as PDF; the coordinator opens the turnaround from the menu. Axe on every
page; no page scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.cases.models import StatusChange
from secondopinion.letters.models import PatientLetter
from tests.browser.conftest import (  # noqa: F401 (the browser tests' fixtures, for this folder too)
    artifacts,
    browser,
    skip_without_chromium,
)
from tests.browser.test_walkthrough import Walk
from tests.letters.conftest import pdf_text

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):  # noqa: F811 (the imported fixtures)
    context = browser.new_context(locale="nl-NL", viewport=PHONE, accept_downloads=True)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def check(walk: Walk, name: str) -> None:
    assert walk.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    walk.assert_accessible()
    walk.screenshot(name)


def test_the_patient_makes_a_letter_and_the_coordinator_reads_the_turnaround(walk, cast, submit):
    case = submit()
    page = walk.page
    walk.prefix = "letters-"

    walk.log_in("petra")
    walk.open_case(case)
    check(walk, "case-page")
    page.locator("#letters").get_by_role("link", name="Een brief maken").click()
    check(walk, "letters-page")
    page.get_by_label("Een brief om uw eigen behandelaar te vragen om een kopie van uw dossier").check()
    page.get_by_label("röntgenfoto's").check()
    page.get_by_label("Uw eigen zin (mag leeg blijven)").fill("Ik haal de kopie graag zelf op.")
    page.get_by_role("button", name="Maak de brief").click()
    walk.expect_done("Uw brief is klaar.")
    check(walk, "letter-made")
    with page.expect_download() as download:
        page.get_by_role("link", name="De brief downloaden (PDF)").click()
    text = pdf_text(open(download.value.path(), "rb").read())  # noqa: SIM115
    assert "röntgenfoto's" in text
    assert "Ik haal de kopie graag zelf op." in text
    assert PatientLetter.objects.filter(case=case).count() == 1

    StatusChange.objects.create(
        case=case,
        from_status="report_draft",
        to_status="report_final",
        actor=cast.giver_user,
        actor_role="giver",
    )
    StatusChange.objects.filter(case=case, to_status="report_final").update(
        at=timezone.now() + dt.timedelta(days=1)
    )
    page.context.clear_cookies()
    walk.log_in("coordinator")
    page.get_by_role("link", name="Doorlooptijden").click()
    assert "Mondzorg Centrum Oost" in page.inner_text("main")
    check(walk, "turnaround")
