"""The demo's complaints (one in each part of the Wkkgz path) and outcomes, loaded once."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from secondopinion.accounts.models import User
from secondopinion.aftercare.models import Complaint, Outcome
from secondopinion.aftercare.outcomes import outcome_table

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_complaint_in_each_state_and_three_outcomes_loaded_once(client):
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)

    states = {c.state: c.extended_at is not None for c in Complaint.objects.all()}
    assert states == {"received": False, "in_handling": True, "decided": False}
    assert Complaint.objects.get(state="decided").judgment == "partly_well_founded"
    assert Outcome.objects.count() == 3
    coordinator = User.objects.get(username="coordinator")
    table = outcome_table(user=coordinator, organisation_id=None, protocol="", source="web")
    assert table.overall.diagnosis == {"confirmed": 1, "refined": 2, "changed": 0}
    officer = User.objects.get(username="klachten")
    client.force_login(officer)
    home = client.get(reverse("web:home"), secure=True).content.decode()
    listed = home.split('class="officer-complaints"')[1].split("</ul>")[0]
    assert listed.count("<li") == 2
