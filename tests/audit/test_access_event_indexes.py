"""The access log's indexes: what every write pays for. Time is found through a BRIN index on
PostgreSQL (a plain one elsewhere), a patient's events through the patient-and-time index alone,
and the cases of a patient newest first through one index that begins with the patient."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    return {name: spec for name, spec in found.items() if spec["index"] and not spec["primary_key"]}


def test_the_access_log_has_no_btree_over_time_or_patient_alone():
    found = indexes("audit_accessevent")
    single = {name: spec["columns"] for name, spec in found.items() if len(spec["columns"]) == 1}

    if connection.vendor == "postgresql":
        assert found["access_event_at_brin"]["type"] == "brin"
        assert [name for name, cols in single.items() if cols in (["at"], ["patient_id"])] == [
            "access_event_at_brin"
        ]
    else:
        assert [name for name, cols in single.items() if cols in (["at"], ["patient_id"])] == [
            "access_event_at"
        ]
    assert found["access_event_patient_at"]["columns"] == ["patient_id", "at", "id"]


def test_a_patients_cases_are_indexed_newest_first_once():
    found = indexes("cases_secondopinioncase")

    assert found["case_patient_newest"]["columns"] == ["patient_id", "created_at", "id"]
    assert not [name for name, spec in found.items() if spec["columns"] == ["patient_id"]]
