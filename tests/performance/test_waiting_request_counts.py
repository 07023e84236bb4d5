"""The home of the patient's side lists, beside her cases, the requests still waiting for the practice
to look up her practitioner (journey.UnlistedRequest): one query for them, and one logged read when
there are any, the same for 3 and for 30 of them, and for a representative as for the patient."""

import pytest
from django.urls import reverse

from secondopinion.cases.services import case_submit
from tests.conftest import representation_in_force, submit_input
from tests.journey.unlisted_world import waiting_request
from tests.performance.counting import client_for, measured
from tests.performance.test_list_query_counts import WORKLIST, constant

pytestmark = pytest.mark.django_db

# The worklist's count for the patient (tests/performance/test_list_query_counts.py, the waiting
# requests' SELECT included), and here the read of them logged (one INSERT); a representative's home
# reads the patient's row besides, to name her in the log of the list of cases.
WAITING = WORKLIST["patient_user"] + 1


def _waiting(cast, n: int, *, by_representative: bool = False) -> None:
    for _ in range(n):
        waiting_request(cast, by_representative=by_representative)


@pytest.mark.parametrize("with_cases", [False, True], ids=["only-waiting", "beside-cases"])
def test_the_patients_home_costs_the_same_for_3_and_30_waiting_requests(cast, with_cases):
    if with_cases:
        for _ in range(3):
            case_submit(actor=cast.patient_user, data=submit_input(cast), source="web")
    client = client_for(cast.patient_user)
    _waiting(cast, 3)

    few, many, queries = constant(lambda: client.get(reverse("web:home")), lambda: _waiting(cast, 27))

    assert many == few, queries
    assert few <= WAITING, queries
    assert client.get(reverse("web:home")).content.decode().count("Tandartspraktijk Het Anker") == 30


def test_the_representatives_home_costs_what_the_patients_does_for_3_and_30_waiting_requests(cast):
    representation_in_force(cast)
    client = client_for(cast.representative)
    _waiting(cast, 3, by_representative=True)

    few, many, queries = constant(
        lambda: client.get(reverse("web:home")), lambda: _waiting(cast, 27, by_representative=True)
    )

    assert many == few, queries
    assert few <= WAITING + 1, queries


def test_without_waiting_requests_the_home_reads_one_query_more_and_logs_nothing_more(cast):
    """With nothing waiting the list is one SELECT that finds nothing: no read to log."""
    for _ in range(3):
        case_submit(actor=cast.patient_user, data=submit_input(cast), source="web")
    client = client_for(cast.patient_user)

    few, many, queries = constant(
        lambda: client.get(reverse("web:home")),
        lambda: case_submit(actor=cast.patient_user, data=submit_input(cast), source="web"),
    )

    assert many == few, queries
    assert few <= WORKLIST["patient_user"], queries
    assert queries.count('SELECT "journey_unlistedrequest".') == 1  # each statement is shown cut short


def test_the_coordinators_view_of_a_waiting_request_costs_the_same_for_3_and_30_entries_found(cast):
    """The register searched for the patient's words lists at most 25 entries, in one query, and the
    form to add the practitioner reads nothing; a refused form re-renders the page at the same cost."""
    from secondopinion.directory.models import Practitioner
    from tests.factories import PractitionerFactory

    waiting = waiting_request(cast)
    client = client_for(cast.coordinator)
    url = reverse("journey:unlisted-link", args=[waiting.pk])

    def listed(n: int) -> None:
        for _ in range(n):
            PractitionerFactory(name="J. de Boer", discipline="dentist")

    listed(3)
    few, many, queries = constant(lambda: client.get(url, {"q": "de Boer"}), lambda: listed(27))
    assert many == few, queries
    assert few <= 5, queries  # session, user, the request, its read logged, the entries found
    register = reverse("journey:unlisted-register", args=[waiting.pk])
    refused, response, refused_queries = measured(lambda: client.post(register, {"name": "J. de Boer"}))
    assert response.status_code == 422
    assert refused <= few + 1, refused_queries  # the request read once more, to decide who may
    assert Practitioner.objects.count() == 30 + 4  # nothing added (the cast's four practitioners)
