"""At 360 px, text people typed without a space (a care question of 600 characters, a pasted link, a
consent's scope of 3,000) wraps instead of widening the page: on the patient's home page, her case page
and the coordinator's case page. The file input and the case references in the worklist are targets of
at least 24 px high (WCAG 2.2, 2.5.8). axe's moderate rules on the pages an outside review found at
fault: the wizard's practitioner step after an error keeps its heading levels in order, and the
outcomes and rules pages name each of their regions differently."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from secondopinion.consent.services import consent_record
from tests.browser.chromium import picture
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_walkthrough import Walk

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 780}
QUESTION = "https://voorbeeld.nl/" + "a" * 600
SCOPE = "b" * 3000
MODERATE_RULES = ["heading-order", "landmark-unique", "region", "target-size"]


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def fits(walk: Walk, name: str) -> None:
    widths = walk.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if widths[0] > widths[1]:
        picture(walk.page, walk.artifacts / f"narrow-{name}", at_fault=True)
    assert widths[0] <= widths[1], (name, widths)


def height(walk: Walk, selector: str) -> float:
    """The height of the first `selector` on the page, with the folded part that holds it opened."""
    walk.page.evaluate(
        "s => { const e = document.querySelector(s); const d = e && e.closest('details'); if (d) d.open = true; }",
        selector,
    )
    box = walk.page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["height"]


def moderate(walk: Walk) -> list[str]:
    results = Axe().run(walk.page, options={"runOnly": {"type": "rule", "values": MODERATE_RULES}})
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]]


def test_long_unbroken_text_wraps_on_the_patients_and_the_coordinators_pages(walk, cast, submit):
    case = submit(care_question=QUESTION)
    consent_record(
        actor=cast.patient_user,
        case_id=case.pk,
        purpose="request_records",
        method="in_app",
        scope=SCOPE,
        source="web",
    )
    page = walk.page

    walk.log_in("petra")
    expect(page.locator("p.case-question").first).to_be_visible()
    fits(walk, "patient-home")
    walk.open_case(case)
    expect(page.get_by_text(SCOPE[:100], exact=False).first).to_be_visible()
    fits(walk, "patient-case")
    assert height(walk, "main input[type=file]") >= 24

    page.context.clear_cookies()
    walk.log_in("coordinator")
    assert height(walk, ".worklist th[scope=row] a") >= 24
    walk.open_case(case)
    fits(walk, "coordinator-case")
    assert height(walk, "main input[type=file]") >= 24


def test_the_wizards_practitioner_step_keeps_its_heading_order_after_an_error(walk, cast):
    page = walk.page
    walk.log_in("petra")
    page.goto(f"{walk.base_url}/aanvraag/")
    page.get_by_role("group", name="Wie vraagt de second opinion aan?").get_by_label(
        "Ik ben de patiënt", exact=True
    ).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Volgende", exact=True).click()
    with page.expect_navigation():  # nobody chosen: an error
        page.get_by_role("button", name="Volgende", exact=True).click()

    expect(page.locator(".error-summary")).to_be_visible()
    assert moderate(walk) == []


def test_the_outcomes_and_rules_pages_name_their_regions_apart(walk, cast):
    walk.log_in("coordinator")

    found = {}
    for path in ("/outcomes/", "/protocols/"):
        walk.page.goto(f"{walk.base_url}{path}")
        assert walk.page.locator(".table-wrap[role=region]").count() > 0, path
        found[path] = moderate(walk)

    assert found == {"/outcomes/": [], "/protocols/": []}
