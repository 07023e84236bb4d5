"""In Chromium at 360 px, axe on every page, with the second factor on: a coordinator logs in with the
password and the authenticator code, adds a passkey on "Inlogmethoden" (Chromium's virtual
authenticator, driven through the DevTools protocol, plays the phone's fingerprint), logs out, and logs
in again with the password and the passkey instead of the code; then removes the passkey, after which
the login it confirmed asks for the code, and the code page offers only the code."""

from urllib.parse import urlsplit

import pytest
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import expect

from secondopinion.accounts.second_factor import current_code
from tests.accounts.conftest import authenticator
from tests.browser.conftest import skip_without_chromium
from tests.browser.test_walkthrough import Walk
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.second_factor, skip_without_chromium]

PHONE = {"width": 360, "height": 780}
VIRTUAL_AUTHENTICATOR = {
    "protocol": "ctap2",
    "transport": "internal",
    "hasResidentKey": True,
    "hasUserVerification": True,
    "isUserVerified": True,
}


@pytest.fixture
def walk(browser, live_server, artifacts, transactional_db, settings):
    # The relying party is the live server's host (localhost) and its origin has the server's port.
    settings.OTP_WEBAUTHN_RP_ID = urlsplit(live_server.url).hostname
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]
    context = browser.new_context(locale="nl-NL", viewport=PHONE)
    page = context.new_page()
    walk = Walk(page, live_server.url, artifacts)
    walk.cdp = context.new_cdp_session(page)
    walk.cdp.send("WebAuthn.enable")
    added = walk.cdp.send("WebAuthn.addVirtualAuthenticator", {"options": VIRTUAL_AUTHENTICATOR})
    walk.authenticator_id = added["authenticatorId"]
    yield walk
    context.close()


def fits_a_phone(walk: Walk) -> bool:
    return walk.page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def log_in_with_password(walk: Walk, username: str) -> None:
    page = walk.page
    page.goto(f"{walk.base_url}/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{walk.base_url}/login/code/**")
    expect(page.get_by_role("heading", name="Vul uw code in")).to_be_visible()


def look(walk: Walk, name: str) -> None:
    walk.assert_accessible()
    assert fits_a_phone(walk)
    walk.screenshot(name)


def test_a_coordinator_adds_a_passkey_and_logs_in_with_it_instead_of_the_code(walk, cast):
    device = authenticator(cast.coordinator)
    page = walk.page
    walk.prefix = "passkey-"

    # The first login: password, then the code; no passkey is offered yet.
    log_in_with_password(walk, "coordinator")
    assert page.get_by_role("button", name="Inloggen met uw passkey").count() == 0
    look(walk, "code-page-without-passkey")
    page.get_by_label("Code uit uw authenticator-app").fill(current_code(device))
    page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(f"{walk.base_url}/")

    # Inlogmethoden: the authenticator app is set up; a passkey is added with the virtual authenticator.
    page.get_by_role("link", name="Inlogmethoden").click()
    page.wait_for_url(f"{walk.base_url}/inlogmethoden/")
    expect(page.get_by_text("U heeft nog geen passkey.")).to_be_visible()
    add = page.get_by_role("button", name="Een passkey toevoegen")
    add.wait_for()
    look(walk, "login-methods")
    add.click()
    page.wait_for_selector("text=Uw passkey is toegevoegd.")
    walk.expect_done("Uw passkey is toegevoegd. Voortaan kunt u er ook mee inloggen.")
    expect(page.get_by_text("Passkey toegevoegd op")).to_be_visible()
    look(walk, "passkey-added")
    passkey = WebAuthnCredential.objects.get()
    assert passkey.user == cast.coordinator
    stored = walk.cdp.send("WebAuthn.getCredentials", {"authenticatorId": walk.authenticator_id})
    assert len(stored["credentials"]) == 1
    assert stored["credentials"][0]["rpId"] == "localhost"
    walk.log_out()

    # The next login: password, then the passkey instead of the code.
    log_in_with_password(walk, "coordinator")
    use_passkey = page.get_by_role("button", name="Inloggen met uw passkey")
    use_passkey.wait_for()
    expect(page.get_by_label("Code uit uw authenticator-app")).to_be_visible()  # the code route stays
    look(walk, "code-page-with-passkey")
    use_passkey.click()
    page.wait_for_url(f"{walk.base_url}/")
    expect(page.get_by_role("heading", name="Werklijst")).to_be_visible()
    look(walk, "logged-in-with-passkey")
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None

    # The passkey is removed; this login was confirmed with it, so the code page asks for the code,
    # and the next login offers only the code.
    page.get_by_role("link", name="Inlogmethoden").click()
    page.wait_for_url(f"{walk.base_url}/inlogmethoden/")
    expect(page.get_by_text("laatst gebruikt op")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="De passkey van").click()
    walk.expect_done("De passkey is verwijderd. U was ermee ingelogd")
    expect(page.get_by_role("heading", name="Vul uw code in")).to_be_visible()
    assert page.get_by_role("button", name="Inloggen met uw passkey").count() == 0
    look(walk, "passkey-removed")
    assert not WebAuthnCredential.objects.exists()
    page.get_by_role("banner").get_by_role("button", name="Uitloggen").click()
    page.wait_for_url("**/login/")
    log_in_with_password(walk, "coordinator")
    assert page.get_by_role("button", name="Inloggen met uw passkey").count() == 0
