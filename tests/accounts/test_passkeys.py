"""Passkeys (django-otp-webauthn) as the other second factor of practitioners and staff: who may add one,
that a login verified with one passes the second-factor step, that the code page offers it, the page
where passkeys are added and removed, and that a passkey that does not verify counts as a failed login.

The WebAuthn ceremony itself runs in Chromium's virtual authenticator (tests/browser/test_passkeys.py);
here a passkey is a device row, and a login verified with it is `django_otp.login` on the session."""

import json
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp import login as otp_login
from django_otp_webauthn.models import WebAuthnCredential
from webauthn.helpers import bytes_to_base64url

from tests.accounts.conftest import PASSWORD, authenticator, code

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
BEGIN_REGISTRATION = "otp_webauthn:credential-registration-begin"
BEGIN_AUTHENTICATION = "otp_webauthn:credential-authentication-begin"
COMPLETE_AUTHENTICATION = "otp_webauthn:credential-authentication-complete"


def passkey(user, credential_id: bytes = b"credential-of-the-test") -> WebAuthnCredential:
    """A passkey as if added earlier: the row django-otp-webauthn keeps (the key is never used here)."""
    return WebAuthnCredential.objects.create(
        user=user,
        name="",
        credential_id=credential_id,
        public_key=b"\xa5\x01\x02\x03&",
        sign_count=0,
        aaguid="00000000-0000-0000-0000-000000000000",
        confirmed=True,
    )


def verified_with(client: Client, user, device) -> None:
    """Log `user` in on `client` and mark the session verified with `device`, as a finished ceremony
    (or a right code) does: django_otp.login on the client's session."""
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    otp_login(request, device)
    request.session.save()


def password_login(client: Client, username: str):
    return client.post(reverse("web:login"), {"username": username, "password": PASSWORD}, **EN)


def post_json(client: Client, name: str, body: dict | None = None):
    return client.post(reverse(name), json.dumps(body or {}), content_type="application/json", **EN)


# Adding a passkey: the registration options ---------------------------------------------------------


def test_the_registration_options_answer_a_staff_member_verified_with_the_code(cast):
    client = Client()
    verified_with(client, cast.coordinator, authenticator(cast.coordinator))

    response = post_json(client, BEGIN_REGISTRATION)

    assert response.status_code == 200
    options = response.json()
    assert options["rp"] == {"name": "Tweede Mening", "id": "localhost"}
    assert options["user"]["name"] == "coordinator"
    assert options["challenge"]
    assert options["excludeCredentials"] == []
    assert "otp_webauthn_register_state" in client.session


def test_the_registration_options_refuse_an_anonymous_visitor(cast):
    client = Client()

    response = post_json(client, BEGIN_REGISTRATION)

    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"
    assert "otp_webauthn_register_state" not in client.session


@pytest.mark.parametrize("who", ["patient_user", "representative", "stranger"])
def test_the_registration_options_refuse_whoever_holds_no_professional_role(cast, who):
    client = Client()
    client.force_login(getattr(cast, who))

    response = post_json(client, BEGIN_REGISTRATION)

    assert response.status_code == 403
    assert response.json()["code"] == "passkey_not_offered"
    assert "practitioners and staff" in response.json()["detail"]


def test_a_staff_member_without_an_authenticator_app_cannot_add_a_passkey_instead(cast):
    client = Client()
    client.force_login(cast.giver_user)

    response = post_json(client, BEGIN_REGISTRATION)

    assert response.status_code == 403
    assert response.json()["code"] == "passkey_not_offered"
    assert not WebAuthnCredential.objects.exists()


def test_a_staff_member_not_verified_in_this_login_cannot_add_a_passkey(cast):
    authenticator(cast.coordinator)
    client = Client()
    client.force_login(cast.coordinator)

    response = post_json(client, BEGIN_REGISTRATION)

    assert response.status_code == 403
    assert response.json()["code"] == "user_not_verified"


@pytest.mark.second_factor
def test_with_the_second_factor_on_an_unverified_login_is_sent_to_the_code_page_first(cast):
    authenticator(cast.coordinator)
    client = Client()
    password_login(client, "coordinator")

    response = post_json(client, BEGIN_REGISTRATION)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:otp-verify"))
    assert "otp_webauthn_register_state" not in client.session


def test_a_registration_completed_without_its_options_is_refused(cast):
    client = Client()
    verified_with(client, cast.coordinator, authenticator(cast.coordinator))

    response = post_json(client, "otp_webauthn:credential-registration-complete", {"id": "x"})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_state"
    assert not WebAuthnCredential.objects.exists()


# Logging in with a passkey --------------------------------------------------------------------------


@pytest.mark.second_factor
def test_a_login_verified_with_a_passkey_passes_the_second_factor_step(cast):
    authenticator(cast.giver_user)
    device = passkey(cast.giver_user)
    client = Client()
    assert password_login(client, "gever").status_code == 302
    held = client.get(reverse("web:home"), **EN)
    assert held["Location"].startswith(reverse("web:otp-verify"))

    request = RequestFactory().get("/")
    request.session, request.user = client.session, cast.giver_user
    otp_login(request, device)
    request.session.save()

    assert client.get(reverse("web:home"), **EN).status_code == 200
    assert client.get(reverse("web:notices"), **EN).status_code == 200


@pytest.mark.second_factor
def test_a_passkey_of_someone_else_verifies_nothing(cast):
    authenticator(cast.giver_user)
    foreign = passkey(cast.coordinator)
    client = Client()
    password_login(client, "gever")
    request = RequestFactory().get("/")
    request.session, request.user = client.session, cast.giver_user
    request.session["otp_device_id"] = foreign.persistent_id
    request.session.save()

    assert client.get(reverse("web:home"), **EN)["Location"].startswith(reverse("web:otp-verify"))


@pytest.mark.second_factor
def test_the_code_page_offers_the_passkey_to_whoever_has_one_and_the_code_still_works(cast):
    device = authenticator(cast.giver_user)
    client = Client()
    password_login(client, "gever")
    without = client.get(reverse("web:otp-verify"), **EN).content.decode()
    assert "passkey-verification-button" not in without

    passkey(cast.giver_user)
    page = client.get(reverse("web:otp-verify")).content.decode()

    assert "Of gebruik uw passkey" in page
    assert 'id="passkey-verification-button"' in page
    assert 'id="otp_webauthn_config" type="application/json"' in page
    assert reverse(COMPLETE_AUTHENTICATION) in page
    done = client.post(reverse("web:otp-verify"), {"otp": code(device), "next": "/"}, **EN)
    assert done.status_code == 302
    assert client.get(reverse("web:home"), **EN).status_code == 200


@pytest.mark.second_factor
def test_the_authentication_options_offer_only_the_users_own_passkeys(cast):
    authenticator(cast.giver_user)
    own = passkey(cast.giver_user, b"own-credential")
    passkey(cast.coordinator, b"someone-elses")
    client = Client()
    password_login(client, "gever")

    response = post_json(client, BEGIN_AUTHENTICATION)

    assert response.status_code == 200
    allowed = response.json()["allowCredentials"]
    assert [c["id"] for c in allowed] == [bytes_to_base64url(own.credential_id)]
    assert response.json()["rpId"] == "localhost"


def test_a_passkey_is_never_a_login_without_the_password(cast):
    passkey(cast.giver_user)
    client = Client()

    begin = post_json(client, BEGIN_AUTHENTICATION)
    complete = post_json(client, COMPLETE_AUTHENTICATION, {"id": "x"})

    assert begin.status_code == 403
    assert complete.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.second_factor
def test_passkeys_that_do_not_verify_count_as_failed_logins_until_the_lockout(cast):
    authenticator(cast.giver_user)
    passkey(cast.giver_user)
    client, elsewhere = Client(), Client()
    password_login(client, "gever")
    password_login(elsewhere, "gever")  # a second window, still at the code page

    statuses = []
    for _ in range(5):
        post_json(client, BEGIN_AUTHENTICATION)
        statuses.append(
            post_json(client, COMPLETE_AUTHENTICATION, {"id": "bm90LWEta2V5", "type": "public-key"})
        )

    assert all(r.status_code in (400, 403, 404, 422) for r in statuses[:4]), [r.status_code for r in statuses]
    locked = statuses[4]
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "Too many failed login attempts" in locked.json()["detail"]
    assert "_auth_user_id" not in client.session
    refused = post_json(elsewhere, BEGIN_AUTHENTICATION)
    assert refused.status_code == 429
    assert refused.json()["code"] == "locked_out"
    assert "otp_webauthn_authentication_state" not in elsewhere.session


# The page where passkeys are added and removed ------------------------------------------------------


def test_the_login_methods_page_lets_a_verified_staff_member_add_a_passkey(cast):
    client = Client()
    verified_with(client, cast.coordinator, authenticator(cast.coordinator))

    response = client.get(reverse("accounts:login-methods"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Inlogmethoden" in page
    assert "U heeft nog geen passkey." in page
    assert 'id="passkey-register-button"' in page
    assert 'src="/static/django_otp_webauthn/otp_webauthn_register.js"' in page
    assert reverse("otp_webauthn:js-i18n-catalog") in page
    # No inline script: every <script> has a src or is the JSON configuration (the CSP allows 'self').
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_the_login_methods_page_is_in_english_too(cast):
    client = Client()
    verified_with(client, cast.coordinator, authenticator(cast.coordinator))

    page = client.get(reverse("accounts:login-methods"), **EN).content.decode()

    assert "How you log in" in page
    assert "Add a passkey" in page


def test_without_a_code_in_this_login_the_page_offers_no_passkey_but_says_why(cast):
    authenticator(cast.giver_user)
    client = Client()
    client.force_login(cast.giver_user)

    page = client.get(reverse("accounts:login-methods")).content.decode()

    assert "passkey-register-button" not in page
    assert "log eerst in met de code" in page.lower()


@pytest.mark.parametrize("who", ["patient_user", "representative", "stranger"])
def test_the_login_methods_page_does_not_exist_for_patients_and_others(cast, who):
    client = Client()
    client.force_login(getattr(cast, who))

    assert client.get(reverse("accounts:login-methods")).status_code == 404


def test_the_menu_leads_a_verified_staff_member_to_the_page(cast):
    client = Client()
    verified_with(client, cast.coordinator, authenticator(cast.coordinator))

    home = client.get(reverse("web:home")).content.decode()

    assert reverse("accounts:login-methods") in home


def test_a_staff_member_removes_their_passkey_and_keeps_the_authenticator_app(cast):
    totp = authenticator(cast.coordinator)
    device = passkey(cast.coordinator)
    client = Client()
    verified_with(client, cast.coordinator, totp)
    listed = client.get(reverse("accounts:login-methods")).content.decode()
    assert "Passkey toegevoegd op" in listed

    response = client.post(reverse("accounts:passkey-remove", kwargs={"passkey_id": device.pk}))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login-methods")
    assert not WebAuthnCredential.objects.filter(pk=device.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "De passkey is verwijderd." in page
    assert totp.__class__.objects.filter(pk=totp.pk, confirmed=True).exists()


def test_nobody_removes_someone_elses_passkey(cast):
    device = passkey(cast.giver_user)
    for who in ("coordinator", "other_coordinator", "patient_user", "stranger"):
        client = Client()
        client.force_login(getattr(cast, who))

        response = client.post(reverse("accounts:passkey-remove", kwargs={"passkey_id": device.pk}))

        assert response.status_code == 404, who
    assert WebAuthnCredential.objects.filter(pk=device.pk).exists()


def test_removing_takes_a_post_and_a_login(cast):
    device = passkey(cast.giver_user)
    url = reverse("accounts:passkey-remove", kwargs={"passkey_id": device.pk})
    owner = Client()
    owner.force_login(cast.giver_user)

    assert owner.get(url).status_code == 405
    assert Client().post(url)["Location"].startswith(reverse("web:login"))
    assert WebAuthnCredential.objects.filter(pk=device.pk).exists()


@pytest.mark.second_factor
def test_removing_the_passkey_this_login_was_confirmed_with_asks_for_the_code(cast):
    authenticator(cast.giver_user)
    device = passkey(cast.giver_user)
    client = Client()
    verified_with(client, cast.giver_user, device)
    assert client.get(reverse("accounts:login-methods")).status_code == 200

    response = client.post(reverse("accounts:passkey-remove", kwargs={"passkey_id": device.pk}), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("web:otp-verify"))
    assert "U was ermee ingelogd" in response.content.decode()
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("web:otp-verify"))
