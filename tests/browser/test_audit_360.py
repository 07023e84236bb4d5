"""What an outside tester's walk of every role at 360 px found that the other browser tests did not
look at: the targets a professional taps on a case page (the fold-out fingerprint of a document), the
patient's own forms sent empty, and the administrator's journey (the one role test_every_role.py
does not walk)."""

import pytest

from secondopinion.accounts.models import User
from secondopinion.documents.services import document_upload
from tests.accounts.conftest import authenticator
from tests.browser.conftest import skip_without_chromium
from tests.browser.roles_walk import BROWSER_LOCALE, VIEWPORTS, Walker
from tests.browser.test_walkthrough import Walk
from tests.conftest import PASSWORD
from tests.documents import files
from tests.documents.conftest import upload

pytestmark = [pytest.mark.browser, skip_without_chromium]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db):
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    yield Walk(context.new_page(), live_server.url, artifacts)
    context.close()


def test_a_documents_fingerprint_opens_from_a_target_of_24_px(walk, cast, submit, advance):
    case = advance(submit(), "in_examination")
    document_upload(
        actor=cast.giver_user,
        case_id=case.pk,
        upload=upload("rontgen-36.png", files.png()),
        purpose="examination",
        source="web",
    )

    walk.log_in("coordinator")
    walk.open_case(case)
    walk.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    box = walk.page.locator(".fingerprint summary").first.bounding_box()

    assert box is not None
    assert box["height"] >= 24


@pytest.mark.parametrize(
    ("form", "button", "said"),
    [
        ("#messages form", "Bericht versturen", "Uw bericht: Dit veld is verplicht."),
        (".complaint-new form", "Klacht indienen", "Uw klacht: Dit veld is verplicht."),
        (
            "#evaluation form",
            "Evaluatie opslaan",
            "Wat besluit u na de second opinion? Dit veld is verplicht.",
        ),
    ],
)
def test_the_patients_own_forms_sent_empty_come_back_with_the_products_summary_not_the_browsers_bubble(
    walk, cast, submit, advance, form, button, said
):
    """The browser's own "Please fill out this field." speaks the browser's language, names no field
    and leaves no summary; the product's answer does all three."""
    cast.giving_practice.complaint_scheme = "Klachtenregeling Mondzorg"
    cast.giving_practice.save(update_fields=["complaint_scheme"])
    case = advance(submit(), "closed")
    page = walk.page

    walk.log_in("petra")
    walk.open_case(case)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    with page.expect_navigation():
        page.locator(form).get_by_role("button", name=button).click()

    assert said in page.locator(".error-summary").first.inner_text()


@pytest.mark.second_factor
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_administrator_reaches_the_security_log_and_the_admin_site_from_the_home_page(
    browser, live_server, artifacts, transactional_db, language
):
    administrator = User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD)
    context = browser.new_context(locale=BROWSER_LOCALE[language], viewport=VIEWPORTS[360])
    context.set_default_timeout(10_000)
    w = Walker(context.new_page(), live_server.url, artifacts, "administrator", 360, language)
    page = w.page

    w.log_in(administrator, authenticator(administrator))
    w.look("home")
    page.get_by_role("link", name=w.say("Beveiligingslog", "Security log")).click()
    page.wait_for_url(w.url("/beveiligingslog/"))
    w.look("security-log")
    page.goto(w.url("/"))
    page.get_by_role("link", name=w.say("Beheer", "Administration"), exact=True).click()
    page.wait_for_url(w.url("/admin/"))
    admin_index = page.locator("#content").inner_text()
    fits = page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    context.close()

    assert w.problems == [], "\n".join(w.problems)
    assert fits
    assert w.say("Tariefcodes", "Tariff codes") in admin_index
    assert w.say("Medewerkers", "Staff members") in admin_index
