"""The patient's side before a case exists, in Chromium: from the decision aid through the request
wizard to a submitted case, or to guidance when the rules say it is not a second opinion. Each page
is checked with axe; one at fault is kept as a picture in test-artifacts/ (every one with TM_SCREENSHOTS=1)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Representative
from tests.browser.chromium import picture
from tests.browser.conftest import skip_without_chromium
from tests.conftest import PASSWORD
from tests.reading import says

pytestmark = [pytest.mark.browser, skip_without_chromium]

SERIOUS = {"serious", "critical"}
QUESTION = "Moet kies 36 echt getrokken worden, of kan een wortelkanaalbehandeling?"


class Journey:
    """A phone-sized (or desktop) browser page, with what each page of the journey asks of a patient."""

    def __init__(self, page, base_url: str, artifacts, prefix: str) -> None:
        self.page, self.base_url, self.artifacts, self.prefix = page, base_url, artifacts, prefix
        self.shots = 0

    def log_in(self, username: str) -> None:
        self.page.goto(f"{self.base_url}/login/")
        self.page.get_by_label(re.compile("^(Gebruikersnaam|Username)")).fill(username)
        self.page.get_by_label(re.compile("^(Wachtwoord|Password)")).fill(PASSWORD)
        self.page.get_by_role("button", name=re.compile("^(Inloggen|Log in)$")).click()
        self.page.wait_for_url(f"{self.base_url}/")

    def to_english(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="English").click()
        assert self.page.locator("html").get_attribute("lang") == "en"

    def look(self, name: str) -> None:
        """Every page of the journey: axe finds nothing serious, and nothing scrolls sideways; a picture
        when it is at fault (or with TM_SCREENSHOTS=1)."""
        self.shots += 1
        path = self.artifacts / f"{self.prefix}{self.shots:02d}-{name}"
        self.page.wait_for_load_state()
        try:
            results = Axe().run(self.page)
            serious = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
            assert serious == [], results.generate_report()
            # Usable at the width of the viewport: nothing scrolls sideways.
            assert self.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        except AssertionError:
            picture(self.page, path, at_fault=True)
            raise
        picture(self.page, path)

    def answer(self, question: str, answer: str) -> None:
        self.page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()

    def next(self, label: str = "Volgende") -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=label, exact=True).click()

    def step(self, number: int, of: int = 9, word: str = "Stap", between: str = "van") -> None:
        assert f"{word} {number} {between} {of}" in self.page.locator(".journey-progress").inner_text()


@pytest.fixture
def journey(browser, live_server, artifacts, transactional_db, request):
    def open_journey(prefix: str, *, width: int = 360, height: int = 780, locale: str = "nl-NL") -> Journey:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        request.addfinalizer(context.close)
        return Journey(context.new_page(), live_server.url, artifacts, prefix)

    return open_journey


def _decision_aid_nl(j: Journey) -> None:
    j.page.get_by_role("link", name="Is een second opinion iets voor mij?").click()
    j.look("keuzehulp")
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
    expect(j.page.get_by_role("heading", name="Een second opinion past bij uw vraag")).to_be_visible()
    j.look("keuzehulp-uitkomst")
    j.page.get_by_role("link", name="Start uw aanvraag").click()


def _wizard_nl_until_situation(j: Journey, who: str = "Ik ben de patiënt") -> None:
    j.step(1)
    j.look("wie")
    j.answer("Wie vraagt de second opinion aan?", who)
    if who != "Ik ben de patiënt":
        j.answer("Voor welke patiënt vraagt u aan?", "Petra de Vries")
    j.next()

    j.step(2)
    j.page.get_by_label("Naam, praktijk of plaats").fill("De Molen")
    j.page.get_by_role("button", name="Zoeken").click()
    j.look("behandelaar")
    j.page.get_by_label(re.compile("^Tandarts — ")).check()
    j.next()

    j.step(3)
    j.next()  # nothing written yet: the step says what is missing
    expect(j.page.get_by_role("alert")).to_be_visible()
    j.look("vraag-fout")
    j.page.get_by_role("link", name=re.compile("Schrijf uw vraag op")).click()
    assert j.page.evaluate("document.activeElement.id") == "journey-care_question"
    j.page.get_by_label("Welke vraag wilt u door de second opinion-gever beantwoord zien?").fill(QUESTION)
    j.look("vraag")
    j.next()
    j.step(4)


def _situation_nl(j: Journey, *, subject: str, started: str, patient: str = "") -> None:
    """The situation step; a representative (`patient`: whom he asks for) reads the patient's name."""
    j.answer("Waar gaat uw vraag over?", subject)
    j.answer("Is de behandeling al begonnen of uitgevoerd?", started)
    if patient:
        j.answer(f"Is {patient} nog onder behandeling bij deze behandelaar?", "Ja")
        j.answer(f"Wil {patient} dat een andere behandelaar de behandeling overneemt?", "Nee")
    else:
        j.answer("Bent u nog onder behandeling bij deze behandelaar?", "Ja")
        j.answer("Wilt u dat een andere behandelaar uw behandeling overneemt?", "Nee")
    j.look("situatie")
    j.next()


def _rest_of_wizard_nl(j: Journey, *, representative: str = "") -> None:
    j.step(5)
    j.answer("Heeft u een verwijzing voor de second opinion?", "Ja")
    j.look("verwijzing")
    j.next()

    j.step(6)
    j.answer("Waar wilt u de second opinion?", "Mondzorg Centrum Oost (Amersfoort)")
    j.look("waar")
    j.next()

    j.step(7)
    if representative:
        j.page.get_by_label("De patiënt weet van deze aanvraag en stemt ermee in").check()
    else:
        j.page.get_by_label("De gever mag mijn gegevens opvragen bij mijn eigen behandelaar").check()
    if representative:
        j.answer(f"Is deze aanvraag besproken met de eigen behandelaar van {representative}?", "Ja")
    else:
        j.answer("Heeft u deze aanvraag met uw eigen behandelaar besproken?", "Ja")
    j.look("toestemming")
    j.next()

    j.step(8)  # documents: none brought here (tests/browser/test_request_path.py brings some)
    j.next()

    j.step(9)
    j.look("overzicht")


def test_a_patient_alone_goes_from_the_decision_aid_to_a_submitted_case_on_a_phone(journey, cast):
    j = journey("reis-nl-")
    j.log_in("petra")
    _decision_aid_nl(j)
    _wizard_nl_until_situation(j)
    _situation_nl(j, subject="behandelplan", started="Nee")
    _rest_of_wizard_nl(j)

    j.next("Verzoek indienen")

    case = SecondOpinionCase.objects.get()
    j.page.wait_for_url(f"{j.base_url}/cases/{case.pk}/")
    assert case.reference in j.page.locator(".messages").inner_text()
    assert case.patient == cast.patient
    assert case.care_question == QUESTION
    j.look("casus")

    # The guides beside the journey, on the same phone: reimbursement (R26) and finding a giver (R10).
    j.page.goto(f"{j.base_url}/")
    j.page.get_by_role("link", name="Vergoeding").click()
    assert "C011" in j.page.locator("main").inner_text()
    j.look("vergoeding")
    j.page.goto(f"{j.base_url}/")
    j.page.get_by_role("link", name="Een onafhankelijke gever zoeken").click()
    j.page.get_by_label("Zoek uw eigen behandelaar op naam, praktijk of plaats").fill("De Molen")
    j.page.get_by_role("button", name="Zoeken").click()
    j.page.get_by_role("link", name=re.compile("^Tandarts — ")).click()
    main = j.page.locator("main").inner_text()
    assert "Gever" in main  # the independent giver in Amersfoort
    assert "Collega" in main  # listed as not independent, with the reason
    assert "dezelfde organisatie" in main
    j.look("gever-zoeken")


def test_the_same_journey_in_english(journey, cast):
    j = journey("journey-en-", width=1280, height=900)
    j.log_in("petra")
    j.to_english()
    j.page.get_by_role("link", name="Is a second opinion right for me?").click()
    j.look("decision-aid")
    j.answer("Who is your question about?", "My dentist")
    j.answer("Do you want another practitioner to take over your treatment?", "No")
    j.answer("Has your treatment with this practitioner ended?", "No")
    j.answer(
        "Are you unhappy with how you were treated as a person, for example friendliness or reachability?",
        "No",
    )
    j.answer("Do you doubt a diagnosis or a treatment plan, or do you want more certainty about it?", "Yes")
    j.answer("Dental care only: has the treatment you are asking about already been carried out?", "No")
    j.next("Show what fits me")
    expect(j.page.get_by_role("heading", name="A second opinion fits your question")).to_be_visible()
    j.look("decision-aid-outcome")
    j.page.get_by_role("link", name="Start your request").click()

    j.step(1, word="Step", between="of")
    j.look("who")
    j.answer("Who is asking for the second opinion?", "I am the patient")
    j.next("Next")
    j.page.get_by_label("Name, practice or place").fill("Utrecht")
    j.page.get_by_role("button", name="Search").click()
    j.look("practitioner")
    j.page.get_by_label(re.compile("^Tandarts — ")).check()
    j.next("Next")
    j.page.get_by_label("What would you like the second-opinion giver to answer?").fill(
        "Does molar 36 really have to be pulled, or can it be saved with a root canal treatment?"
    )
    j.look("question")
    j.next("Next")
    j.answer("What is your question about?", "treatment plan")
    j.answer("Has the treatment already started or been carried out?", "No")
    j.answer("Are you still under treatment of this practitioner?", "Yes")
    j.answer("Do you want another practitioner to take over your treatment?", "No")
    j.look("situation")
    j.next("Next")
    j.answer("Do you have a referral for the second opinion?", "No")
    j.look("referral")
    j.next("Next")
    j.answer("Where would you like the second opinion?", "Mondzorg Centrum Oost (Amersfoort)")
    j.look("where")
    j.next("Next")
    j.page.get_by_label("The giver may inform my own practitioner of the outcome").check()
    j.answer("Have you discussed this request with your own practitioner?", "No")
    j.look("consents")
    j.next("Next")
    j.step(8, word="Step", between="of")
    j.next("Next")
    j.step(9, word="Step", between="of")
    j.look("summary")
    j.next("Submit request")

    case = SecondOpinionCase.objects.get()
    j.page.wait_for_url(f"{j.base_url}/cases/{case.pk}/")
    assert case.reference in j.page.locator(".messages").inner_text()
    assert not case.has_referral
    j.look("case")


def test_a_dental_request_about_finished_work_ends_in_guidance_not_a_case(journey, cast):
    j = journey("afgerond-werk-")
    j.log_in("petra")
    j.page.goto(f"{j.base_url}/aanvraag/")
    _wizard_nl_until_situation(j)
    _situation_nl(j, subject="uitgevoerde behandeling", started="Ja")

    expect(j.page.get_by_role("heading", name="Dit is geen second opinion")).to_be_visible()
    body = j.page.locator("main").inner_text()
    assert not says(body, "R2")  # plain words for the patient, no rule ids
    assert "klachtenregeling" in body
    assert "Er is geen aanvraag ingediend." in body
    j.look("advies")
    assert not SecondOpinionCase.objects.exists()
    # Never a dead end: back to the situation, where the patient can correct an answer.
    j.page.get_by_role("link", name="Terug naar uw situatie").click()
    j.step(4)


def test_a_representative_cannot_submit_before_the_patients_consent(journey, cast):
    representation = Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner"
    )
    j = journey("vertegenwoordiger-")
    j.log_in("vertegenwoordiger")
    j.page.goto(f"{j.base_url}/aanvraag/")
    _wizard_nl_until_situation(j, who="Ik vraag aan namens de patiënt")
    _situation_nl(j, subject="behandelplan", started="Nee", patient=cast.patient.name)
    _rest_of_wizard_nl(j, representative=cast.patient.name)

    j.next("Verzoek indienen")

    alert = j.page.get_by_role("alert")
    assert not says(alert.inner_text(), "R8")  # plain words for the representative
    assert "toestemming" in alert.inner_text()
    j.look("geweigerd")
    assert not SecondOpinionCase.objects.exists()

    # The patient gives consent on "Mijn vertegenwoordigers" (R8); then the same request goes through.
    p = journey("vertegenwoordiger-patient-")
    p.log_in("petra")
    with p.page.expect_navigation():
        p.page.get_by_role("link", name="Mijn vertegenwoordigers").click()
    p.look("vertegenwoordigers")
    with p.page.expect_navigation():
        p.page.get_by_role("button", name="Toestemming geven").click()
    expect(p.page.get_by_role("alert")).to_be_visible()  # the declaration must be ticked
    p.look("verklaring-ontbreekt")
    p.page.get_by_label(re.compile("^Ik weet dat .* namens mij mag optreden")).check()
    with p.page.expect_navigation():
        p.page.get_by_role("button", name="Toestemming geven").click()
    assert "Gegeven op" in p.page.locator("main").inner_text()
    p.look("toestemming-gegeven")
    representation.refresh_from_db()
    assert representation.consent_method == "in_app"
    j.next("Verzoek indienen")
    case = SecondOpinionCase.objects.get()
    j.page.wait_for_url(f"{j.base_url}/cases/{case.pk}/")
    assert case.requester_kind == "representative"
    j.look("ingediend")
