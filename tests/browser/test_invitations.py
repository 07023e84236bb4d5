"""In Chromium at 360 px, axe on every page: the patient invites a representative by e-mail, the
representative opens the link, makes an account and accepts, and then sees the patient's case; the
patient's "who looked at my file" shows the representative's read (R8)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from secondopinion.directory.models import Representative
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_walkthrough import Walk

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 780}
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
NEW_PASSWORD = "Blauwe-Tafel-Regen-71"


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db, settings):
    settings.TASKS = IMMEDIATE  # the invitation e-mail leaves after commit, into mail.outbox
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def fits_a_phone(walk: Walk) -> bool:
    return walk.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_patient_invites_a_representative_who_accepts_and_sees_the_case(walk, cast, submit):
    case = submit()
    page = walk.page
    walk.prefix = "invitation-representative-"

    walk.log_in("petra")
    page.goto(f"{walk.base_url}/mijn-gegevens/vertegenwoordigers/")
    page.get_by_role("link", name="Iemand uitnodigen om namens u op te treden").click()
    page.get_by_label("Naam").fill("Jan de Vries")
    page.get_by_label("E-mailadres").fill("jan@example.nl")
    page.get_by_label("Deze persoon is mijn").select_option("partner")
    walk.assert_accessible()
    assert fits_a_phone(walk)
    walk.screenshot("invite-form")
    page.get_by_role("button", name="De uitnodiging versturen").click()
    walk.expect_done("Jan de Vries is per e-mail uitgenodigd.")
    walk.assert_accessible()
    walk.screenshot("invited")
    assert "Petra de Vries vraagt u om als vertegenwoordiger op te treden" in mail.outbox[-1].body
    link = re.search(r"/uitnodiging/[A-Za-z0-9_\-]+/", mail.outbox[-1].body).group(0)
    walk.log_out()

    page.goto(f"{walk.base_url}{link}")
    expect(page.get_by_text("Petra de Vries vraagt u om als vertegenwoordiger op te treden")).to_be_visible()
    page.get_by_label("Gebruikersnaam").fill("jan")
    page.get_by_label("Wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Wachtwoord nogmaals").fill(NEW_PASSWORD)
    walk.assert_accessible()
    assert fits_a_phone(walk)
    walk.screenshot("accept")
    page.get_by_role("button", name="Mijn account aanmaken en aannemen").click()
    page.wait_for_url(f"{walk.base_url}/")
    walk.expect_done("U heeft de uitnodiging aangenomen.")
    assert Representative.objects.get(user__username="jan").consent_method == "invitation"
    walk.open_case(case)
    expect(page.get_by_text(case.reference).first).to_be_visible()
    walk.assert_accessible()
    walk.screenshot("representative-sees-the-case")
    walk.log_out()

    walk.log_in("petra")
    page.goto(f"{walk.base_url}/mijn-gegevens/inzage/")
    expect(page.get_by_text("Jan de Vries").first).to_be_visible()
    walk.assert_accessible()
    assert fits_a_phone(walk)
    walk.screenshot("who-looked")
