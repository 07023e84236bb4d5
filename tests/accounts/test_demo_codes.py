"""The demo stays usable with the second factor: `manage.py demo_code <username>` prints the code."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.second_factor import demo_key
from secondopinion.demo.world import second_factor_accounts

pytestmark = [pytest.mark.django_db, pytest.mark.second_factor]

PROFESSIONALS = ["beheer", "coordinator", "dr.bakker", "dr.jansen", "dr.yilmaz", "huisarts", "klachten"]


def load(settings, seed: str = "a seed for the tests") -> str:
    settings.TM_DEMO_TOTP_SEED = seed
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def demo_code(username: str) -> str:
    out = io.StringIO()
    call_command("demo_code", username, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_the_demo_gives_practitioners_and_staff_an_authenticator_from_the_seed(settings):
    printed = load(settings)

    assert second_factor_accounts() == PROFESSIONALS
    assert not TOTPDevice.objects.filter(user__username__in=["petra", "vertegenwoordiger"]).exists()
    device = TOTPDevice.objects.get(user__username="dr.bakker")
    assert device.key == demo_key("a seed for the tests", "dr.bakker")
    assert "dr.bakker" in printed
    assert "+ code" in printed
    assert "demo_code dr.bakker" in printed


def test_loading_the_demo_again_keeps_one_authenticator_per_account(settings):
    load(settings)
    load(settings)

    assert TOTPDevice.objects.count() == len(PROFESSIONALS)


def test_a_demo_account_logs_in_with_the_printed_code(settings):
    load(settings)
    client = Client()
    client.post(reverse("web:login"), {"username": "dr.bakker", "password": "tweede-mening-demo"})
    assert client.get(reverse("web:home")).status_code == 302

    code = demo_code("dr.bakker")
    verified = client.post(reverse("web:otp-verify"), {"otp": code})

    assert len(code) == 6
    assert code.isdigit()
    assert verified.status_code == 302
    assert client.get(reverse("web:home")).status_code == 200


def test_without_a_seed_the_demo_sets_up_no_authenticator_and_says_so(settings):
    printed = load(settings, seed="")

    assert not TOTPDevice.objects.exists()
    assert "set up an authenticator app at their first login" in printed
    with pytest.raises(CommandError, match="no demo authenticator"):
        demo_code("dr.bakker")


def test_demo_code_serves_demo_accounts_only(settings):
    load(settings)

    with pytest.raises(CommandError, match="not a demo account"):
        demo_code("someone.else")
    with pytest.raises(CommandError, match="no demo authenticator"):
        demo_code("petra")
