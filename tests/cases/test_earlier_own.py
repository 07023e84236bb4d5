"""R9 on the patient's own request: the earlier requests her own read (and her create's answer) shows
are read by a prepared query without her scope (access/scope.py sees_every_case_of), and must be
exactly those the scoped query shows: the same cases, the same order, the same count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secondopinion.access.identity import user_with_identity
from secondopinion.access.scope import sees_every_case_of
from secondopinion.cases import earlier, selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from tests.conftest import submit_input
from tests.factories import PatientFactory, PractitionerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(earlier, "EARLIER_SHOWN", 2)
    monkeypatch.setattr(earlier, "EARLIER_COUNTED", 4)


def _seen(user, case) -> tuple[list[int], int]:
    """The earlier requests `user` sees on `case` (user: one read with its identity)."""
    shown = earlier.earlier_requests(user=user, case=case)
    return [other.pk for other in shown], earlier.earlier_total(shown)


def test_only_the_patient_herself_sees_every_case_of_hers(cast):
    patient_id = cast.patient.pk
    assert sees_every_case_of(user_with_identity(cast.patient_user.pk), patient_id)
    assert not sees_every_case_of(user_with_identity(cast.other_patient_user.pk), patient_id)
    assert not sees_every_case_of(user_with_identity(cast.coordinator.pk), patient_id)
    cast.patient_user.is_active = False
    cast.patient_user.save(update_fields=["is_active"])
    assert not sees_every_case_of(user_with_identity(cast.patient_user.pk), patient_id)


def test_her_scope_adds_nothing_to_her_own_cases(cast, submit):
    """The premise of the shortcut, checked against the policy's own filter."""
    for _ in range(3):
        submit()
    own = SecondOpinionCase.objects.filter(patient=cast.patient)
    visible = selectors.cases_visible_to(user_with_identity(cast.patient_user.pk)).filter(
        patient=cast.patient
    )
    assert set(own.values_list("pk", flat=True)) == set(visible.values_list("pk", flat=True))


@pytest.mark.parametrize("before", [0, 1, 2, 3, 4, 7])
def test_the_prepared_list_is_the_scoped_list(small_limits, cast, submit, before):
    other_dentist = PractitionerFactory(discipline="dentist", organisation=cast.other_practice)
    for number in range(before):
        submit(treating_practitioner_id=other_dentist.pk if number % 2 else cast.treating.pk)
    submit(treating_practitioner_id=other_dentist.pk, subject="diagnosis")  # another question
    latest = submit()
    later = submit()  # made after: never earlier

    patient, coordinator = user_with_identity(cast.patient_user.pk), user_with_identity(cast.coordinator.pk)
    with CaptureQueriesContext(connection) as captured:
        own = _seen(patient, latest)
    scoped = _seen(coordinator, latest)  # the coordinator of the practice sees them all

    assert own == scoped
    assert len(own[0]) == min(before, 2)
    assert own[1] == min(before, 4)
    assert later.pk not in own[0]
    assert len(captured.captured_queries) == (2 if before >= 2 else 1)


def test_another_patients_requests_are_never_among_hers(cast, submit):
    stranger = PatientFactory(user=UserFactory(username="vreemde"), name="Vera Vreemd")
    first = submit()
    theirs = case_submit(actor=stranger.user, data=submit_input(cast, patient_id=stranger.pk), source="web")
    latest = submit()

    assert _seen(user_with_identity(cast.patient_user.pk), latest) == ([first.pk], 1)
    assert _seen(user_with_identity(stranger.user.pk), theirs) == ([], 0)
