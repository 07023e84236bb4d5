"""What tests/browser/test_every_role.py needs besides the journeys themselves: a browser page that
chooses its language through the product's language form, logs in (staff with their authenticator
code), and looks at every page it visits (axe, width, lang attribute; a picture of a page at fault); and the cases each
role finds waiting for it, made through the services, once per test."""

import re
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from secondopinion.accounts.models import User
from secondopinion.accounts.second_factor import current_code
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.directory.models import Representative
from secondopinion.records.data_requests import data_request_create
from tests.browser.chromium import picture
from tests.conftest import PASSWORD, Cast, give_records_consent, submit_input

SERIOUS = {"serious", "critical"}
VIEWPORTS = {360: {"width": 360, "height": 740}, 1280: {"width": 1280, "height": 800}}
# The browser asks for the other language first, so the product's own language form makes the choice.
BROWSER_LOCALE = {"nl": "en-GB", "en": "nl-NL"}
LANGUAGE_BUTTON = {"nl": "Nederlands", "en": "English"}

_axe = Axe()
# The rules that read a page's words (names of links, buttons and fields, the title, the language).
# The English walks run these; the Dutch walks, at each width, run every rule. The other rules
# (contrast above all, most of axe's time) judge markup and styles, which are the same in both
# languages.
WORDING_RULES = [
    "button-name",
    "link-name",
    "label",
    "select-name",
    "input-button-name",
    "image-alt",
    "document-title",
    "empty-heading",
    "html-has-lang",
    "html-lang-valid",
    "valid-lang",
    "aria-command-name",
    "aria-input-field-name",
    "aria-toggle-field-name",
]

# Asked for violations only (axe's own default), axe does not build a result for every node that
# passed: about a tenth of a walk's time on its long pages.
AXE_OPTIONS = {
    "nl": {"resultTypes": ["violations"]},
    "en": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": WORDING_RULES}},
}


@dataclass
class Walker:
    """One role at one width in one language: a page, and what was wrong on the pages it saw."""

    page: object
    base_url: str
    artifacts: Path
    role: str
    width: int
    language: str
    problems: list[str] = field(default_factory=list)
    shots: int = 0

    def say(self, nl: str, en: str) -> str:
        return nl if self.language == "nl" else en

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"

    def go(self, path: str, name: str) -> None:
        response = self.page.goto(self.url(path))
        assert response is not None, path
        assert response.ok, (path, response.status)
        self.look(name)

    def choose_language(self) -> None:
        """On the login page, press the language's button in the header's form (POST /i18n/setlang/)."""
        self.page.goto(self.url("/login/"))
        other = "en" if self.language == "nl" else "nl"
        assert self.page.locator("html").get_attribute("lang") == other
        with self.page.expect_response(re.compile(r".*/i18n/setlang/$")), self.page.expect_navigation():
            self.page.get_by_role("button", name=LANGUAGE_BUTTON[self.language]).click()
        assert self.page.locator("html").get_attribute("lang") == self.language

    def log_in(self, user: User, device: TOTPDevice | None = None, *, look: bool = False) -> None:
        """Password, then (for practitioners and staff) the code the authenticator app shows now. The
        login and code pages are the same for every role: one journey per width and language looks
        at them (`look`), the others pass through."""
        self.choose_language()
        if look:
            self.look("login")
        form = self.page.locator("main form")
        form.locator("input[name=username]").fill(user.username)
        form.locator("input[name=password]").fill(PASSWORD)
        form.get_by_role("button", name=self.say("Inloggen", "Log in")).click()
        if device is not None:
            self.page.wait_for_url(self.url("/login/code/**"))
            if look:
                self.look("code")
            device.refresh_from_db()
            self.page.get_by_label(
                self.say("Code uit uw authenticator-app", "Code from your authenticator app")
            ).fill(current_code(device))
            self.page.get_by_role("button", name=self.say("Bevestigen", "Confirm")).click()
        self.page.wait_for_url(self.url("/"))

    def look(self, name: str) -> None:
        """Every page: axe finds nothing serious or critical (in English, among the rules that read
        words), nothing is wider than the viewport, the
        page speaks the chosen language; a screenshot is kept of a page at fault (of every page with
        TM_SCREENSHOTS=1). What is wrong is collected, so one run names every page at fault."""
        self.page.wait_for_load_state()
        where = f"{self.role} {self.width}px {self.language} {name} ({self.page.url})"
        problems_before = len(self.problems)
        lang = self.page.locator("html").get_attribute("lang")
        if lang != self.language:
            self.problems.append(f"{where}: lang={lang!r}")
        widths = self.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            wide = self.page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
                    .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                        + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))"""
            )
            self.problems.append(f"{where}: scrollWidth {widths[0]} > {widths[1]}: {wide}")
        results = _axe.run(self.page, options=AXE_OPTIONS[self.language])
        for violation in results.response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:5]
                self.problems.append(f"{where}: axe {violation['id']} ({violation['impact']}): {targets}")
        self.shots += 1
        # JPEG: a staff case page is some 10,000 px tall at 360 px, and PNG takes seconds to encode it.
        shot = f"every-role-{self.role}-{self.width}-{self.language}-{self.shots:02d}-{name}.jpeg"
        picture(self.page, self.artifacts / shot, at_fault=len(self.problems) > problems_before)

    def expect_done(self, nl: str, en: str) -> None:
        assert self.say(nl, en) in self.page.locator(".messages").inner_text()

    def expect_error(self) -> None:
        """The form came back with what is wrong: the summary or the field's own message."""
        expect(self.page.locator(".error-summary, .errorlist").first, self.page.url).to_be_visible()


# The cases each role finds waiting for it ------------------------------------------------------------


def represented_case(cast: Cast, **overrides) -> SecondOpinionCase:
    """Asked by the representative, with the patient's consent to the representation in force (R8),
    on the GP's referral."""
    Representative.objects.get_or_create(
        user=cast.representative,
        patient=cast.patient,
        defaults={
            "relation": "partner",
            "consent_given_at": timezone.now(),
            "consent_method": "signed_upload",
        },
    )
    data = submit_input(
        cast, requester_kind="representative", referrer_id=cast.gp.pk, has_referral=True, **overrides
    )
    return case_submit(actor=cast.representative, data=data, source="web")


def assigned_undeclared(cast: Cast, case: SecondOpinionCase) -> SecondOpinionCase:
    """The coordinator assigns the giver, who has not yet declared his independence (R10)."""
    return case_transition(
        actor=cast.coordinator,
        case_id=case.pk,
        to="assigned",
        data=StepInput(giver_id=cast.giver.pk),
        source="web",
    )


def records_requested(cast: Cast, case: SecondOpinionCase) -> None:
    """R16: the patient consented, and the giver asked the treating dentist for X-rays and the plan."""
    give_records_consent(cast, case)
    data_request_create(
        actor=cast.giver_user,
        case_id=case.pk,
        kinds=["xrays", "care_plan"],
        note="Graag de röntgenfoto's van 36.",
        source="web",
    )


def complaint_filed(cast: Cast, case: SecondOpinionCase) -> None:
    """Petra files a complaint about how the second opinion went, through the case page's form
    (R28; the complaints code is its own, so this goes through its web door rather than its module)."""
    cast.giving_practice.complaint_scheme = "Klachtenregeling Mondzorg"
    cast.giving_practice.save(update_fields=["complaint_scheme"])
    client = Client()
    client.force_login(cast.patient_user)
    response = client.post(
        reverse("aftercare:complaint-file", args=[case.pk]),
        {"text": "Niemand legde vooraf uit wat de second opinion zou kosten."},
    )
    assert response.status_code == 302, response.status_code
