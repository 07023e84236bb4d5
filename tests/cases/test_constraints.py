"""The database itself refuses a case in a state or under a protocol the domain does not know."""

import pytest
from django.db import IntegrityError, transaction

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.protocols.lifecycle import Status

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_status_the_lifecycle_does_not_have(a_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        SecondOpinionCase.objects.filter(pk=a_case.pk).update(status="approved")

    assert SecondOpinionCase.objects.get(pk=a_case.pk).status == Status.SUBMITTED


def test_the_database_refuses_a_protocol_that_is_not_registered(a_case):
    with pytest.raises(IntegrityError), transaction.atomic():
        SecondOpinionCase.objects.filter(pk=a_case.pk).update(protocol="acupuncture")

    assert SecondOpinionCase.objects.get(pk=a_case.pk).protocol == "dental-knmt"


@pytest.mark.parametrize("status", [s.value for s in Status], ids=str)
def test_the_database_accepts_every_state_of_the_lifecycle(a_case, status):
    SecondOpinionCase.objects.filter(pk=a_case.pk).update(status=status)

    assert SecondOpinionCase.objects.get(pk=a_case.pk).status == status
