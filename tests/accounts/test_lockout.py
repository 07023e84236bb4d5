"""django-axes: repeated failed logins lock that username out from that address, on the web and the API."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import PASSWORD, authenticator, code, token_request, wrong

pytestmark = pytest.mark.django_db


def web_login(client: Client, username: str, password: str, language: str = "nl"):
    return client.post(
        reverse("web:login"), {"username": username, "password": password}, HTTP_ACCEPT_LANGUAGE=language
    )


def fail(client: Client, username: str, times: int) -> list[int]:
    return [web_login(client, username, "wrong password").status_code for _ in range(times)]


def test_five_failed_web_logins_lock_the_account_out_with_a_clear_page(cast, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()

    statuses = fail(client, "petra", 5)
    locked = web_login(client, "petra", PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Te veel mislukte aanmeldpogingen. Probeer het over 30 minuten opnieuw." in page
    assert client.get(reverse("web:case-new"))["Location"].startswith(reverse("web:login"))


def test_the_lockout_page_speaks_english_when_asked(cast):
    client = Client()
    fail(client, "petra", 5)

    locked = web_login(client, "petra", PASSWORD, language="en")

    assert "Too many failed login attempts. Try again in 30 minutes." in locked.content.decode()
    assert locked["Retry-After"] == "1800"


def test_a_successful_login_resets_the_count(cast):
    client = Client()
    fail(client, "petra", 4)
    assert web_login(client, "petra", PASSWORD).status_code == 302
    client.post(reverse("web:logout"))

    assert fail(client, "petra", 4) == [200, 200, 200, 200]
    assert web_login(client, "petra", PASSWORD).status_code == 302


def test_a_lockout_ends_after_the_cool_off(cast):
    client = Client()
    fail(client, "petra", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))

    assert web_login(client, "petra", PASSWORD).status_code == 302


def test_another_account_from_the_same_address_is_not_locked(cast):
    client = Client()
    fail(client, "petra", 5)

    assert web_login(client, "coordinator", PASSWORD).status_code == 302


def test_failed_api_logins_lock_out_with_problem_json(cast):
    client = Client()
    statuses = [
        token_request(client, username="petra", password="wrong password").status_code for _ in range(5)
    ]
    locked = token_request(client, username="petra", password=PASSWORD)

    assert statuses == [401, 401, 401, 401, 429]
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/problem+json"
    assert locked["Retry-After"] == "1800"
    assert "30 minuten" in locked.json()["detail"]


def test_failures_on_the_web_and_the_api_count_together(cast):
    client = Client()
    fail(client, "petra", 3)
    token_request(client, username="petra", password="wrong password")

    assert web_login(client, "petra", "wrong password").status_code == 429
    assert token_request(client, username="petra", password=PASSWORD).status_code == 429


@pytest.mark.second_factor
def test_wrong_codes_count_as_failed_logins_on_the_api(cast, no_code_throttle):
    device = authenticator(cast.giver_user)
    client = Client()
    statuses = [
        token_request(client, username="gever", password=PASSWORD, otp=wrong(code(device))).status_code
        for _ in range(5)
    ]

    assert statuses == [401, 401, 401, 401, 429]
    assert token_request(client, username="gever", password=PASSWORD, otp=code(device)).status_code == 429


@pytest.mark.second_factor
def test_wrong_codes_on_the_web_end_in_the_lockout_and_log_the_user_out(cast, no_code_throttle):
    device = authenticator(cast.giver_user)
    client = Client()
    web_login(client, "gever", PASSWORD)

    statuses = [
        client.post(reverse("web:otp-verify"), {"otp": wrong(code(device))}).status_code for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    assert client.get(reverse("web:case-new"))["Location"].startswith(reverse("web:login"))
    assert web_login(client, "gever", PASSWORD).status_code == 429


@pytest.mark.second_factor
def test_a_right_code_clears_the_failures(cast, no_code_throttle):
    device = authenticator(cast.giver_user)
    client = Client()
    web_login(client, "gever", PASSWORD)
    for _ in range(4):
        client.post(reverse("web:otp-verify"), {"otp": wrong(code(device))})

    assert client.post(reverse("web:otp-verify"), {"otp": code(device)}).status_code == 302
    assert not AccessAttempt.objects.filter(username="gever").exists()


def test_another_spelling_of_the_username_counts_against_the_same_account(cast):
    """The backends find "PETRA" and "Petra" as petra: so do the counts, or each spelling got five tries."""
    client = Client()
    statuses = [
        web_login(client, "petra", "wrong password").status_code,
        web_login(client, "Petra", "wrong password").status_code,
        web_login(client, "PETRA", "wrong password").status_code,
        token_request(client, username="pEtra", password="wrong password").status_code,
        web_login(client, " petra ", "wrong password").status_code,
    ]

    assert statuses == [200, 200, 200, 401, 429]
    assert web_login(client, "pETRA", PASSWORD).status_code == 429
    assert token_request(client, username="PETRA", password=PASSWORD).status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"petra"}


def test_the_e_mail_address_counts_against_the_account_it_belongs_to(cast):
    cast.patient_user.email = "Petra@Example.nl"
    cast.patient_user.save(update_fields=["email"])
    client = Client()
    fail(client, "petra@example.nl", 4)

    assert web_login(client, "petra", "wrong password").status_code == 429
    assert web_login(client, "PETRA@example.NL", PASSWORD).status_code == 429


def test_an_unknown_name_is_counted_in_lower_case_and_locks_like_a_known_one(cast):
    client = Client()
    fail(client, "Niemand", 2)
    fail(client, "NIEMAND", 2)

    assert web_login(client, "niemand", "wrong password").status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"niemand"}


def test_an_absurdly_long_username_is_a_failed_login_not_an_error(cast):
    client = Client()

    answer = web_login(client, "u" * 300, "wrong password")

    assert answer.status_code == 200
    assert "gebruikersnaam" in answer.content.decode().lower()
    assert AccessAttempt.objects.get().username == "u" * 255
