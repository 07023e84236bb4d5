"""Factories for the directory and cases. Valid test BSNs come from the 11-check."""

import datetime as dt
import itertools

import factory
from factory.django import DjangoModelFactory

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.directory.models import Organisation, Patient, Practitioner, StaffMember

_agb = itertools.count(10000001)


def valid_bsn(seed: int) -> str:
    """The seed-th 9-digit number that passes the BSN 11-check."""
    n = 100000000 + seed * 100
    while True:
        digits = [int(c) for c in f"{n:09d}"]
        total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
        if total % 11 == 0:
            return f"{n:09d}"
        n += 1


_bsn = itertools.count(1)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password("correct horse battery staple")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Tandartspraktijk {n}")
    agb_code = factory.LazyFunction(lambda: str(next(_agb)))
    city = "Utrecht"


class PractitionerFactory(DjangoModelFactory):
    class Meta:
        model = Practitioner

    name = factory.Faker("name", locale="nl_NL")
    discipline = "dentist"
    agb_code = factory.LazyFunction(lambda: str(next(_agb)))
    organisation = factory.SubFactory(OrganisationFactory)


class PatientFactory(DjangoModelFactory):
    class Meta:
        model = Patient

    name = factory.Faker("name", locale="nl_NL")
    bsn = factory.LazyFunction(lambda: valid_bsn(next(_bsn)))
    date_of_birth = dt.date(1970, 5, 17)
    # The cast's patients have had their identity verified (DigiD); unverified ones say so.
    identity_verified_at = factory.LazyFunction(lambda: dt.datetime.now(dt.UTC))
    identity_verified_method = "oidc"


class StaffFactory(DjangoModelFactory):
    class Meta:
        model = StaffMember

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    function = "coordinator"


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = SecondOpinionCase

    protocol = "dental-knmt"
    patient = factory.SubFactory(PatientFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    requester_kind = "patient"
    treating_practitioner = factory.SubFactory(PractitionerFactory)
    care_question = "Is het voorgestelde implantaat nodig, of kan een brug ook?"
    subject = "treatment_plan"
    treatment_started = False
