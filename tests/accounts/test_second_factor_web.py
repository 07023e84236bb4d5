"""A practitioner or staff member logs in with a password and then a TOTP code; a patient with the password only."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import PASSWORD, authenticator, code, wrong

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def log_in(client: Client, username: str, next_url: str = "") -> object:
    body = {"username": username, "password": PASSWORD}
    if next_url:
        body["next"] = next_url
    return client.post(reverse("web:login"), body, **EN)


def test_a_practitioner_is_held_at_the_code_page_until_a_right_code(cast, no_code_throttle):
    device = authenticator(cast.giver_user)
    client = Client()
    log_in(client, "gever")

    held = client.get(reverse("web:home"), **EN)
    assert held.status_code == 302
    assert held["Location"].startswith(reverse("web:otp-verify"))
    assert client.get(reverse("web:notices"), **EN)["Location"].startswith(reverse("web:otp-verify"))

    refused = client.post(reverse("web:otp-verify"), {"otp": wrong(code(device))}, **EN)
    assert refused.status_code == 200
    assert "This code is not right" in refused.content.decode()
    assert client.get(reverse("web:home"), **EN).status_code == 302

    accepted = client.post(reverse("web:otp-verify"), {"otp": code(device), "next": "/"}, **EN)
    assert accepted.status_code == 302
    assert client.get(reverse("web:home"), **EN).status_code == 200


def test_the_whole_web_login_with_a_code_lands_where_the_user_was_going(cast):
    device = authenticator(cast.coordinator)
    client = Client()
    target = reverse("web:protocols")

    form = client.get(f"{reverse('web:login')}?next={target}", **EN)
    assert form.status_code == 200
    after_password = log_in(client, "coordinator", next_url=target)
    assert after_password["Location"] == target
    held = client.get(target, **EN)
    assert held.status_code == 302
    verify_page = client.get(held["Location"], **EN)
    assert verify_page.status_code == 200
    assert 'autocomplete="one-time-code"' in verify_page.content.decode()

    done = client.post(held["Location"], {"otp": code(device), "next": target}, **EN)

    assert done["Location"] == target
    assert client.get(target, **EN).status_code == 200
    assert client.get(reverse("web:home"), **EN).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message_in_dutch_too(cast):
    device = authenticator(cast.treating_user)
    client = Client()
    client.post(reverse("web:login"), {"username": "tandarts", "password": PASSWORD})

    refused = client.post(reverse("web:otp-verify"), {"otp": wrong(code(device))})
    malformed = client.post(reverse("web:otp-verify"), {"otp": "12ab"})

    assert "Deze code klopt niet" in refused.content.decode()
    assert "6 cijfers" in malformed.content.decode()
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("web:otp-verify"))


def test_staff_without_an_authenticator_enrol_with_a_qr_code_and_the_secret(cast, no_code_throttle):
    client = Client()
    log_in(client, "klachten")

    held = client.get(reverse("web:home"), **EN)
    assert held["Location"].startswith(reverse("web:otp-enrol"))
    page = client.get(held["Location"], **EN).content.decode()
    device = TOTPDevice.objects.get(user=cast.complaints_officer)
    assert not device.confirmed
    assert 'src="data:image/svg+xml' in page
    assert "otpauth://totp/Tweede%20Mening%3Aklachten?secret=" in page
    assert "http://" not in page.split("<main", 1)[1]
    assert "https://" not in page
    secret = page.split("<dd><code>", 1)[1].split("</code>", 1)[0].replace(" ", "")
    assert secret in device.config_url

    wrong_code = client.post(reverse("web:otp-enrol"), {"otp": wrong(code(device))}, **EN)
    assert "This code is not right" in wrong_code.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    confirmed = client.post(reverse("web:otp-enrol"), {"otp": code(device)}, **EN)

    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:home"), **EN).status_code == 200
    assert TOTPDevice.objects.filter(user=cast.complaints_officer).count() == 1


def test_the_enrolment_page_shows_the_same_secret_until_it_is_confirmed(cast):
    client = Client()
    log_in(client, "coordinator")

    first = client.get(reverse("web:otp-enrol"), **EN).content.decode()
    second = client.get(reverse("web:otp-enrol"), **EN).content.decode()

    assert first.split("<dd><code>", 1)[1][:40] == second.split("<dd><code>", 1)[1][:40]
    assert TOTPDevice.objects.filter(user=cast.coordinator).count() == 1


def test_a_patient_logs_in_with_the_password_alone(cast):
    client = Client()
    response = log_in(client, "petra")

    assert response.status_code == 302
    assert client.get(reverse("web:home"), **EN).status_code == 200
    assert client.get(reverse("web:otp-verify"), **EN)["Location"] == reverse("web:home")
    assert not TOTPDevice.objects.filter(user=cast.patient_user).exists()


def test_a_held_user_can_still_switch_language_and_log_out(cast):
    authenticator(cast.giver_user)
    client = Client()
    log_in(client, "gever")

    switched = client.post(reverse("set_language"), {"language": "en", "next": reverse("web:otp-verify")})
    assert switched["Location"] == reverse("web:otp-verify")
    client.post(reverse("web:logout"))

    assert client.get(reverse("web:case-new"))["Location"].startswith(reverse("web:login"))


def test_an_htmx_request_of_a_held_user_is_sent_to_the_code_page_as_a_whole(cast):
    authenticator(cast.giver_user)
    client = Client()
    log_in(client, "gever")

    response = client.get(reverse("web:home"), HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"].startswith(reverse("web:otp-verify"))


def test_the_admin_is_held_too(cast):
    cast.stranger.is_staff = True
    cast.stranger.save()
    authenticator(cast.stranger)
    client = Client()
    log_in(client, "vreemde")

    assert client.get("/admin/")["Location"].startswith(reverse("web:otp-verify"))


def test_the_second_factor_is_on_unless_the_environment_turns_it_off():
    root = Path(__file__).resolve().parents[2]
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("TM_", "DJANGO_"))}
    environment["DJANGO_SETTINGS_MODULE"] = "config.settings"
    environment["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(64)  # production starts on no generated key
    probe = "import django; django.setup(); from django.conf import settings; print(settings.TM_REQUIRE_SECOND_FACTOR)"

    default = subprocess.run(  # noqa: S603 (our own interpreter, a fixed script)
        [sys.executable, "-c", probe], cwd=root, env=environment, capture_output=True, text=True, check=True
    )
    off = subprocess.run(  # noqa: S603 (our own interpreter, a fixed script)
        [sys.executable, "-c", probe],
        cwd=root,
        env={**environment, "TM_REQUIRE_SECOND_FACTOR": "false"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert default.stdout.strip() == "True"
    assert off.stdout.strip() == "False"


def test_the_right_code_in_another_scripts_digits_is_malformed_not_accepted(cast):
    device = authenticator(cast.treating_user)
    client = Client()
    client.post(reverse("web:login"), {"username": "tandarts", "password": PASSWORD})
    # The current code written in Arabic-Indic digits, which int() would read as the same number.
    other_script = code(device).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    answer = client.post(reverse("web:otp-verify"), {"otp": other_script})

    assert "6 cijfers" in answer.content.decode()
    assert client.get(reverse("web:home"))["Location"].startswith(reverse("web:otp-verify"))
