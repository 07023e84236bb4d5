"""R8 and the WGBO in FHIR: a parent's RelatedPerson says what the representation rests on and, once
the practice checked it, the parental authority (when, by whom, on what evidence); the search keeps
its number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from secondopinion.access.representation import turned
from secondopinion.directory.models import Representative
from secondopinion.fhir.resources.people import AUTHORITY_EXTENSION, BASIS_EXTENSION
from tests.performance.counting import measured

pytestmark = pytest.mark.django_db


@pytest.fixture
def child_parent(cast, a_case) -> Representative:
    cast.patient.date_of_birth = turned(9, timezone.localdate()) - dt.timedelta(days=3)
    cast.patient.save(update_fields=["date_of_birth"])
    return Representative.objects.create(
        user=cast.representative,
        patient=cast.patient,
        relation="parent",
        authority_verified_at=timezone.now(),
        authority_verified_by_name="Coördinator De Molen",
        authority_evidence="gezagsregister",
    )


def extension(resource: dict, url: str) -> dict | None:
    return next((e for e in resource.get("extension", []) if e["url"] == url), None)


def test_the_parent_of_a_child_is_active_on_the_checked_authority(cast, fhir_as, child_parent):
    read = fhir_as("coordinator").get(f"/RelatedPerson/{child_parent.pk}").json()

    assert read["active"] is True
    assert extension(read, BASIS_EXTENSION)["valueCode"] == "parental_authority"
    checked = {e["url"]: e for e in extension(read, AUTHORITY_EXTENSION)["extension"]}
    assert checked["evidence"]["valueCode"] == "gezagsregister"
    assert checked["verifiedBy"]["valueString"] == "Coördinator De Molen"


def test_without_the_check_the_parent_is_not_active_and_carries_no_basis(cast, fhir_as, child_parent):
    Representative.objects.filter(pk=child_parent.pk).update(authority_revoked_at=timezone.now())

    read = fhir_as("coordinator").get(f"/RelatedPerson/{child_parent.pk}").json()

    assert read["active"] is False
    assert "extension" not in read


def test_the_search_costs_the_same_for_one_and_two_related_persons(cast, fhir_as, child_parent):
    client = fhir_as("coordinator")
    path = f"/RelatedPerson?patient=Patient/{cast.patient.pk}"
    client.get(path)
    one, _answer, _sql = measured(lambda: client.get(path))
    Representative.objects.create(user=cast.stranger, patient=cast.patient, relation="guardian")
    two, answer, sql = measured(lambda: client.get(path))

    assert answer.json()["total"] == 2
    assert two == one, sql
