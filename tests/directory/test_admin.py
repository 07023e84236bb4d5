"""The directory admin for maintainers: inlines, search and filters; never patients or cases."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import (
    Affiliation,
    DeclaredInterest,
    Patient,
    Representative,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintainer(client):
    client.force_login(UserFactory(username="beheer", is_staff=True, is_superuser=True))
    return client


def test_patients_and_cases_stay_out_of_the_admin():
    assert not admin.site.is_registered(Patient)
    assert not admin.site.is_registered(SecondOpinionCase)


def test_a_practitioner_shows_affiliations_and_declared_interests_inline(maintainer, cast):
    Affiliation.objects.create(practitioner=cast.giver, organisation=cast.other_practice, start="2019-01-01")
    DeclaredInterest.objects.create(
        practitioner=cast.giver, related_organisation=cast.treating_practice, description="Oud-maat"
    )

    page = maintainer.get(
        reverse("admin:directory_practitioner_change", args=[cast.giver.pk])
    ).content.decode()

    assert 'id="affiliations-group"' in page
    assert 'id="interests-group"' in page
    assert "Oud-maat" in page


def test_an_organisation_shows_its_affiliations_inline(maintainer, cast):
    Affiliation.objects.create(practitioner=cast.giver, organisation=cast.other_practice, start="2019-01-01")

    response = maintainer.get(reverse("admin:directory_organisation_change", args=[cast.other_practice.pk]))

    assert response.status_code == 200
    assert 'id="affiliations-group"' in response.content.decode()


def test_practitioners_are_searched_and_filtered(maintainer, cast):
    url = reverse("admin:directory_practitioner_changelist")

    found = maintainer.get(url, {"q": cast.giver.agb_code}).content.decode()
    gps = maintainer.get(url, {"discipline__exact": "gp"}).content.decode()

    assert "Gever" in found
    assert "Tandarts" not in found
    assert "Huisarts" in gps
    assert "Gever" not in gps


def test_the_representation_list_names_the_patient_but_never_shows_the_bsn(maintainer, cast):
    Representative.objects.create(
        user=cast.representative, patient=cast.patient, relation="partner", consent_given_at=timezone.now()
    )
    url = reverse("admin:directory_representative_changelist")

    page = maintainer.get(url).content.decode()
    by_bsn = maintainer.get(url, {"q": cast.patient.bsn}).content.decode()

    assert "Petra de Vries" in page
    assert cast.patient.bsn not in page
    assert "Petra de Vries" not in by_bsn
