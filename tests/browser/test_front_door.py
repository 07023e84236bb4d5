"""The front door in Chromium on a phone: a person with no account goes from the landing page through
the decision aid and the wizard, signs up, confirms the e-mail address (the link read from the
outbox: the live server runs in this process with Django's locmem e-mail backend), gives their
details and submits; then forgets the password and resets it. axe checks every page."""

import re
from collections.abc import Iterator

import pytest
from django.core import mail
from playwright.sync_api import expect

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Patient
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_patient_journey import QUESTION, Journey, _situation_nl, _wizard_nl_until_situation
from tests.factories import valid_bsn

pytestmark = [pytest.mark.browser, skip_without_chromium]

EMAIL = "anouk@example.nl"
PASSWORD = "een-lange-zin-als-wachtwoord"
NEW_PASSWORD = "een-andere-lange-zin-2026"


@pytest.fixture
def phone(browser, live_server, artifacts, transactional_db) -> Iterator[Journey]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 360, "height": 780})
    yield Journey(context.new_page(), live_server.url, artifacts, "voordeur-")
    context.close()


def last_link(j: Journey, part: str) -> str:
    links = re.findall(r"https?://\S+", mail.outbox[-1].body)
    path = next(re.sub(r"^https?://[^/]+", "", link) for link in links if part in link)
    return f"{j.base_url}{path}"


def test_a_new_patient_signs_up_from_the_landing_page_and_submits_then_resets_the_password(phone, cast):
    j = phone
    j.page.goto(f"{j.base_url}/")
    expect(j.page.get_by_role("heading", name="Wat kost het?")).to_be_visible()
    assert "C011" in j.page.locator("main").inner_text()
    j.look("landing")

    # The decision aid, then the wizard, all before an account exists.
    j.page.get_by_role("link", name="Kijk of een second opinion bij u past").first.click()
    j.answer("Over wie gaat uw vraag?", "Mijn tandarts")
    j.answer("Wilt u dat een andere behandelaar uw behandeling overneemt?", "Nee")
    j.answer("Is uw behandeling bij deze behandelaar afgerond?", "Nee")
    j.answer(
        "Bent u ontevreden over hoe u als persoon bent behandeld, bijvoorbeeld over vriendelijkheid of bereikbaarheid?",
        "Nee",
    )
    j.answer("Twijfelt u aan een diagnose of behandelplan, of wilt u er meer zekerheid over?", "Ja")
    j.answer(
        "Alleen bij tandheelkundige zorg: is de behandeling waar uw vraag over gaat al uitgevoerd?", "Nee"
    )
    j.next("Laat zien wat bij mij past")
    j.page.get_by_role("link", name="Start uw aanvraag").click()
    _wizard_nl_until_situation(j)
    _situation_nl(j, subject="behandelplan", started="Nee")
    j.step(5)
    j.answer("Heeft u een verwijzing voor de second opinion?", "Ja")
    j.next()
    j.step(6)
    j.answer("Waar wilt u de second opinion?", "Mondzorg Centrum Oost (Amersfoort)")
    j.next()

    # The consents need an account: sign up, confirm the address from the e-mail, give the details.
    expect(j.page.get_by_role("heading", name="Maak een account aan of log in")).to_be_visible()
    j.look("account-nodig")
    j.page.get_by_role("link", name="Account aanmaken").click()
    j.page.get_by_label(re.compile("^E-mail")).fill(EMAIL)
    j.page.get_by_label(re.compile("^Wachtwoord:?$")).fill(PASSWORD)
    j.page.get_by_label(re.compile("^Wachtwoord \\(")).fill(PASSWORD)
    j.look("registreren")
    with j.page.expect_navigation():
        j.page.get_by_role("button", name="Registreren").click()
    j.look("bevestig-e-mail")
    assert EMAIL in mail.outbox[-1].to
    j.page.goto(last_link(j, "/account/confirm-email/"))
    j.look("bevestigen")
    with j.page.expect_navigation():
        j.page.get_by_role("button", name="Bevestigen").click()
    expect(j.page.get_by_role("heading", name="Uw gegevens")).to_be_visible()
    j.page.get_by_label("Volledige naam").fill("Anouk Visser")
    j.page.get_by_label("Geboortedatum").fill("09-11-1985")
    j.page.get_by_label("Burgerservicenummer (BSN)").fill(valid_bsn(90_002))
    j.look("gegevens")
    j.next("Opslaan en verder")

    # Back in the wizard with every answer kept.
    j.step(7)
    j.page.get_by_label("De gever mag mijn gegevens opvragen bij mijn eigen behandelaar").check()
    j.answer("Heeft u deze aanvraag met uw eigen behandelaar besproken?", "Ja")
    j.next()
    j.step(8)  # documents: none brought
    j.next()
    j.step(9)
    assert QUESTION in j.page.locator("main").inner_text()
    j.look("overzicht")
    j.next("Verzoek indienen")

    case = SecondOpinionCase.objects.get()
    j.page.wait_for_url(f"{j.base_url}/cases/{case.pk}/")
    assert case.patient == Patient.objects.get(user__email=EMAIL)
    assert case.care_question == QUESTION

    # Forgot the password: reset it from the login page, through the e-mail.
    j.page.get_by_role("button", name="Uitloggen").click()
    j.page.goto(f"{j.base_url}/login/")
    j.page.get_by_role("link", name="Wachtwoord vergeten?").click()
    j.page.get_by_label(re.compile("^E-mail")).fill(EMAIL)
    j.look("wachtwoord-vergeten")
    with j.page.expect_navigation():
        j.page.get_by_role("button", name="Herstel mijn wachtwoord").click()
    j.page.goto(last_link(j, "/account/password/reset/key/"))
    j.page.get_by_label(re.compile("^Nieuw wachtwoord:?$")).fill(NEW_PASSWORD)
    j.page.get_by_label(re.compile("^Nieuw wachtwoord \\(")).fill(NEW_PASSWORD)
    j.look("nieuw-wachtwoord")
    with j.page.expect_navigation():
        j.page.get_by_role("button", name="Wachtwoord wijzigen").click()

    j.page.goto(f"{j.base_url}/login/")
    j.page.get_by_label(re.compile("^Gebruikersnaam")).fill(EMAIL)
    j.page.get_by_label(re.compile("^Wachtwoord")).fill(NEW_PASSWORD)
    j.page.get_by_role("button", name=re.compile("^Inloggen$")).click()
    j.page.wait_for_url(f"{j.base_url}/")
    assert case.reference in j.page.locator("main").inner_text()
