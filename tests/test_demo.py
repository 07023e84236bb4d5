import pytest
from django.core.management import call_command

from secondopinion.accounts.models import User
from secondopinion.cases.models import CaseStatus, SecondOpinionCase
from secondopinion.demo.data import ACCOUNTS

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


def test_the_demo_representative_acts_for_petra_and_has_a_home_page_for_family(client):
    from django.urls import reverse

    from secondopinion.directory.models import Representative

    call_command("load_demo")
    call_command("load_demo")  # the representation is made once, its consent given once
    ruud = User.objects.get(username="vertegenwoordiger")
    representation = Representative.objects.get(user=ruud)
    assert representation.patient.name == "Petra de Vries"
    assert representation.consent_in_force

    client.force_login(ruud)
    page = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()

    assert "Second opinions van wie u vertegenwoordigt" in page
    assert "Voor Petra de Vries" in page
    # The request he made for her; her own requests stay hers.
    assert page.count('class="card case-card"') == 1
    assert "Werklijst" not in page
    assert "Dagen open" not in page


def test_the_demo_appointment_is_at_the_practice_address_on_its_letterhead():
    from secondopinion.appointments.models import Slot
    from secondopinion.directory.models import Organisation

    call_command("load_demo")
    oost = Organisation.objects.get(name="Mondzorg Centrum Oost")

    in_person = Slot.objects.get(kind="in_person")
    assert oost.street_address in in_person.location
