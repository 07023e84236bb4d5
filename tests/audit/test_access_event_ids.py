"""The access log names the actor, the patient and the case by id, without foreign-key constraints on
PostgreSQL (a read's commit takes no lock on the three rows it names), and what it names still cannot
be deleted through the product: Django refuses (PROTECT), and the event keeps the ids and the name."""

import pytest
from django.db import connection
from django.db.models import ProtectedError

from secondopinion.audit.models import AccessEvent
from secondopinion.audit.services import access_record
from secondopinion.directory.models import Patient

pytestmark = pytest.mark.django_db

NAMED = {"actor_id", "patient_id", "case_id"}


def _foreign_keys() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "audit_accessevent")
    return {spec["columns"][0] for spec in found.values() if spec["foreign_key"]} & NAMED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraints are dropped on PostgreSQL")
def test_on_postgresql_the_log_holds_no_foreign_key_to_who_or_what_it_names():
    assert _foreign_keys() == set()


def _read(cast, case):
    return access_record(
        actor=cast.coordinator,
        action="read",
        data="case",
        source="web",
        role="coordinator",
        basis="coordinator",
        case=case,
    )


def test_a_case_the_log_names_cannot_be_deleted(cast, a_case):
    event = _read(cast, a_case)

    with pytest.raises(ProtectedError):
        a_case.delete()

    stored = AccessEvent.objects.get(pk=event.pk)
    assert (stored.case_id, stored.patient_id, stored.actor_id) == (
        a_case.pk,
        a_case.patient_id,
        cast.coordinator.pk,
    )


def test_a_patient_or_user_the_log_names_cannot_be_deleted(cast, a_case):
    _read(cast, a_case)

    with pytest.raises(ProtectedError):
        Patient.objects.filter(pk=a_case.patient_id).delete()
    with pytest.raises(ProtectedError):
        cast.coordinator.delete()

    assert Patient.objects.filter(pk=a_case.patient_id).exists()
    assert AccessEvent.objects.filter(actor=cast.coordinator, case=a_case).count() == 1
