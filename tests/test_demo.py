import pytest
from django.core.management import call_command

from secondopinion.accounts.models import User
from secondopinion.cases.models import CaseStatus, SecondOpinionCase
from secondopinion.demo.world import ACCOUNTS

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_case_in_every_state_and_a_login_per_role():
    call_command("load_demo", stdout=None)

    assert set(SecondOpinionCase.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    for account in ACCOUNTS:
        assert User.objects.get(username=account.username).check_password("tweede-mening-demo")


def test_loading_the_demo_twice_duplicates_nothing():
    call_command("load_demo")
    counts = (User.objects.count(), SecondOpinionCase.objects.count())
    call_command("load_demo")

    assert (User.objects.count(), SecondOpinionCase.objects.count()) == counts
