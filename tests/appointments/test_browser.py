"""In Chromium at 360 px: the patient chooses a time and downloads the calendar file, the coordinator
offers a time, the giver reads the agenda. Axe on every page; nothing wider than the phone."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from secondopinion.appointments.models import Appointment, Slot
from tests.appointments.conftest import at
from tests.browser import conftest as browser_tests
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_walkthrough import Walk

# The browser's fixtures live beside the other browser tests (tests/browser/conftest.py); taken here by name.
browser = browser_tests.browser
artifacts = browser_tests.artifacts

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(locale="nl-NL", viewport=PHONE, accept_downloads=True)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def fits_a_phone(walk: Walk) -> bool:
    return walk.page.evaluate(
        """() => document.documentElement.scrollWidth <= window.innerWidth
            && [...document.querySelectorAll('main *')].every(e => e.getBoundingClientRect().right <= window.innerWidth)"""
    )


def test_the_patient_chooses_a_time_on_a_phone_and_the_practice_sees_it(walk, people, case, offer):
    offer(at(5, 14), kind="video")
    offer(at(6, 9, 30), kind="telephone")
    page = walk.page
    walk.prefix = "appointments-"

    walk.log_in("petra")
    walk.open_case(case)
    page.get_by_role("link", name="Uw afspraak: kiezen, verzetten of annuleren").click()
    assert page.get_by_role("heading", name="Kies een tijd").is_visible()
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("patient-choose")

    page.get_by_role("button", name="Kies deze tijd").first.click()
    page.wait_for_url(re.compile(r".*/cases/\d+/appointments/$"))
    walk.expect_done("Uw afspraak is gemaakt.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Zet in uw agenda (.ics)").click()
    with open(download.value.path(), "rb") as ics:
        assert b"METHOD:REQUEST" in ics.read()
    page.get_by_role("button", name="Annuleer de afspraak").click()  # without a reason
    assert "Waarom annuleert u? Dit veld is verplicht." in page.locator(".error-summary").first.inner_text()
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("patient-booked")
    assert Appointment.objects.get().state == "booked"
    walk.log_out()

    walk.log_in("coordinator")
    page.goto(f"{walk.base_url}/cases/{case.pk}/appointments/")
    day = timezone.localdate() + dt.timedelta(days=9)
    page.get_by_label("op de praktijk").check()
    page.get_by_label("Dag").fill(day.isoformat())
    page.get_by_label("Begintijd").fill("11:15")
    page.get_by_label("Plaats, telefoonnummer of link").fill("Oostweg 12, Amersfoort")
    page.get_by_role("button", name="Deze tijd aanbieden").click()
    walk.expect_done("De tijd is aangeboden.")
    assert Slot.objects.count() == 3
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("coordinator-offers")
    walk.log_out()

    walk.log_in("gever")
    booked = Appointment.objects.select_related("slot").get()
    monday = timezone.localtime(booked.slot.starts_at).date()
    monday -= dt.timedelta(days=monday.weekday())
    year, week, _ = monday.isocalendar()
    page.goto(f"{walk.base_url}/agenda/?week={year}-W{week:02d}")
    assert case.reference in page.locator("main").inner_text()
    assert fits_a_phone(walk)
    walk.assert_accessible()
    walk.screenshot("giver-agenda")
