"""Who hears of a step (notifications/services.py _case_people) is read in a fixed number of queries: the
organisation's staff, the practitioners' accounts, the patient, her representatives in force, and all
of those people with who they are (access/identity.py) at once; before, each of them was read alone
and then read again with their identity (22 queries for a case with a referrer and a representative)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from secondopinion.access.policy import roles_for
from secondopinion.notifications.services import _case_people
from tests.conftest import representation_in_force
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _people(case):
    with CaptureQueriesContext(connection) as queries:
        people = _case_people(case)
    return people, len(queries.captured_queries)


def test_the_people_of_a_case_are_read_in_a_fixed_number_of_queries(cast, submit, advance):
    representation_in_force(cast)
    case = advance(submit(referrer_id=cast.gp.pk), "assigned")
    case.refresh_from_db()

    people, few = _people(case)
    names = {user.username for user in people}
    assert {"petra", "vertegenwoordiger", "huisarts", "gever", "coordinator", "klachten"} >= names
    assert {"petra", "gever", "huisarts", "coordinator"} <= names
    assert few <= 6

    for n in range(3):  # more staff of the organisation: not more queries
        StaffFactory(organisation=cast.giving_practice, user=UserFactory(username=f"assistent{n}"))
    case.refresh_from_db()
    people, more = _people(case)
    assert more == few
    assert {f"assistent{n}" for n in range(3)} <= {user.username for user in people}


def test_only_people_with_a_role_are_told(cast, submit, advance):
    """The treating dentist without the patient's consent to inform him, and a stranger, hear nothing."""
    case = advance(submit(), "assigned")
    case.refresh_from_db()

    people, _ = _people(case)

    assert cast.treating_user.pk not in {user.pk for user in people}
    assert cast.stranger.pk not in {user.pk for user in people}
    assert cast.other_coordinator.pk not in {user.pk for user in people}
    # Everyone but the organisation's own staff holds a role (its staff are told as its staff).
    staff = {cast.coordinator.pk, cast.complaints_officer.pk}
    assert all(roles_for(user, case) for user in people if user.pk not in staff)
