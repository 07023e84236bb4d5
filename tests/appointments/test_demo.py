"""The demo offers three times on Petra's case with a final report, and Petra has chosen one."""

import pytest
from django.core.management import call_command

from secondopinion.appointments.models import Appointment, Slot

pytestmark = pytest.mark.django_db


def test_the_demo_has_times_of_each_kind_and_a_booked_appointment_loaded_once():
    call_command("load_demo", stdout=None)
    call_command("load_demo", stdout=None)

    assert sorted(Slot.objects.values_list("kind", flat=True)) == ["in_person", "telephone", "video"]
    appointment = Appointment.objects.select_related("slot__giver__user").get()
    assert appointment.state == "booked"
    assert appointment.slot.giver.user.username == "dr.bakker"
