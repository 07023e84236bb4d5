"""Two transitions of one case at once: exactly one wins (compare-and-set on status and version)."""

import sqlite3
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_transition
from secondopinion.core.errors import ConcurrentChange, TransitionNotAllowed
from tests.cases.footprint import footprint
from tests.conftest import HAPPY_PATH, step_input
from tests.factories import StaffFactory, UserFactory

ASSIGN = next(values for to, _actor, values in HAPPY_PATH if to == "assigned")


@pytest.mark.django_db
def test_a_step_taken_on_a_stale_version_raises_concurrent_change_and_changes_nothing(cast, a_case):
    case_transition(
        actor=cast.coordinator,
        case_id=a_case.pk,
        to="accepted",
        data=StepInput(classification="second_opinion"),
        source="web",
        expected_version=a_case.version,
    )
    before = footprint(a_case.pk)

    with pytest.raises(ConcurrentChange) as error:
        case_transition(
            actor=cast.coordinator,
            case_id=a_case.pk,
            to="assigned",
            data=step_input(cast, ASSIGN),
            source="web",
            expected_version=a_case.version,
        )

    assert error.value.detail.nl
    assert error.value.detail.en
    assert footprint(a_case.pk) == before


@pytest.mark.django_db
def test_a_step_taken_on_the_current_version_goes_through(cast, a_case):
    case = case_transition(
        actor=cast.coordinator,
        case_id=a_case.pk,
        to="accepted",
        data=StepInput(classification="second_opinion"),
        source="web",
        expected_version=a_case.version,
    )

    assert (case.status, case.version) == ("accepted", a_case.version + 1)


@pytest.fixture
def shared_database(transactional_db, tmp_path):
    """Threads need one database they can all open and wait on.

    pytest-django's SQLite test database lives in memory with a shared cache, where a second writer
    fails at once with "database table is locked" instead of waiting for the first. For this test
    only, copy it into a file (schema and seeded data alike) and point every connection there; the
    settings' IMMEDIATE transactions and WAL then behave as in production. PostgreSQL needs nothing.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    memory = connections[DEFAULT_DB_ALIAS]
    memory.ensure_connection()
    memory_settings = connections.settings[DEFAULT_DB_ALIAS]
    file_settings = {**memory_settings, "NAME": str(tmp_path / "race.sqlite3")}
    target = sqlite3.connect(file_settings["NAME"])
    memory.connection.backup(target)
    target.close()
    connections.settings[DEFAULT_DB_ALIAS] = file_settings  # what new threads connect to
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)  # this thread
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections.settings[DEFAULT_DB_ALIAS] = memory_settings
        connections[DEFAULT_DB_ALIAS] = memory


def race(*attempts) -> list[object]:
    """Run each (actor, to, data, expected_version) in its own thread, all released at once."""
    start = threading.Barrier(len(attempts), timeout=60)
    outcomes: list[object] = [None] * len(attempts)

    def attempt(i: int, actor, case_id: int, to: str, data: StepInput, expected_version) -> None:
        try:
            start.wait()
            outcomes[i] = case_transition(
                actor=actor,
                case_id=case_id,
                to=to,
                data=data,
                source="api",
                expected_version=expected_version,
            )
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i, *a), daemon=True) for i, a in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_triaging_at_once_cannot_both_win(shared_database, cast, submit):
    second_coordinator = StaffFactory(
        organisation=cast.giving_practice, user=UserFactory(username="coordinator2")
    ).user
    case = submit()

    outcomes = race(
        (cast.coordinator, case.pk, "accepted", StepInput(classification="second_opinion"), None),
        (second_coordinator, case.pk, "redirected", StepInput(classification="transfer_of_care"), None),
    )

    winners = [o for o in outcomes if isinstance(o, SecondOpinionCase)]
    losers = [o for o in outcomes if not isinstance(o, SecondOpinionCase)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1
    assert isinstance(losers[0], ConcurrentChange | TransitionNotAllowed), losers
    stored = SecondOpinionCase.objects.get(pk=case.pk)
    assert (stored.status, stored.version) == (winners[0].status, case.version + 1)
    assert list(StatusChange.objects.filter(case=case).values_list("to_status", flat=True)) == [
        "submitted",
        winners[0].status,
    ]


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_and_an_acceptance_on_the_same_version_cannot_both_win(shared_database, cast, submit):
    case = submit()

    outcomes = race(
        (cast.patient_user, case.pk, "withdrawn", StepInput(), case.version),
        (cast.coordinator, case.pk, "accepted", StepInput(classification="second_opinion"), case.version),
    )

    winners = [o for o in outcomes if isinstance(o, SecondOpinionCase)]
    losers = [o for o in outcomes if not isinstance(o, SecondOpinionCase)]
    assert len(winners) == 1, outcomes
    assert isinstance(losers[0], ConcurrentChange | TransitionNotAllowed), losers
    stored = SecondOpinionCase.objects.get(pk=case.pk)
    assert (stored.status, stored.version) == (winners[0].status, case.version + 1)
    assert StatusChange.objects.filter(case=case).count() == 2
