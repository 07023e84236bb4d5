"""A reused PostgreSQL connection is checked without a round trip while it is plainly alive, and with
Django's `SELECT 1` as soon as anything is doubtful (secondopinion/core/pgbackend/base.py)."""

import select
import time

import psycopg
import pytest
from django.db import connection, connections
from django.db.backends.postgresql import base as django_postgresql

from secondopinion.core.pgbackend.base import DatabaseWrapper, idle_and_quiet

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]


@pytest.fixture
def persistent():
    """A second connection to the test database as production keeps one: persistent, checked."""
    wrapper = connection.copy()
    wrapper.settings_dict.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
    yield wrapper
    wrapper.close()


@pytest.fixture
def checks(monkeypatch):
    """How often Django's own check (`SELECT 1`) runs."""
    calls: list[int] = []
    original = django_postgresql.DatabaseWrapper.is_usable

    def counted(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(django_postgresql.DatabaseWrapper, "is_usable", counted)
    return calls


def _request(wrapper) -> int:
    """What a request does with the connection: Django's start-of-request bookkeeping, then a query.
    Returns the server process that answered."""
    wrapper.close_if_unusable_or_obsolete()
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _terminate(pid: int, wrapper) -> None:
    """End that server process from outside, as a restart or an administrator would, and wait until
    the ending reaches the connection's socket."""
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    _wait_readable(wrapper)


def _wait_readable(wrapper) -> None:
    poller = select.poll()
    poller.register(wrapper.connection.pgconn.socket, select.POLLIN)
    deadline = time.monotonic() + 10
    while not poller.poll(100):
        assert time.monotonic() < deadline, "nothing reached the socket"


def test_the_project_runs_on_its_own_backend():
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_live_idle_connection_is_reused_without_asking_the_server(persistent, checks):
    first = _request(persistent)
    again = [_request(persistent) for _ in range(5)]

    assert again == [first] * 5  # the same session throughout
    assert checks == []  # and never a SELECT 1


def test_a_connection_the_server_ended_is_replaced_before_the_request_uses_it(persistent, checks):
    first = _request(persistent)
    _terminate(first, persistent)

    assert idle_and_quiet(persistent.connection) is False
    second = _request(persistent)  # no error: the check saw it, closed it, and a new one answers

    assert second != first
    assert checks == [1]  # Django's own check decided
    assert _request(persistent) == second
    assert checks == [1]


def test_only_an_open_idle_connection_with_nothing_to_read_counts_as_quiet(persistent):
    _request(persistent)
    raw = persistent.connection
    assert idle_and_quiet(raw) is True

    persistent.set_autocommit(False)
    with persistent.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert idle_and_quiet(raw) is False  # inside a transaction: Django's check decides
    persistent.rollback()
    persistent.set_autocommit(True)
    assert idle_and_quiet(raw) is True

    with persistent.cursor() as cursor:
        cursor.execute("LISTEN tm_health_probe")
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("NOTIFY tm_health_probe")
    _wait_readable(persistent)
    assert idle_and_quiet(raw) is False  # something arrived unasked: not quiet
    with persistent.cursor() as cursor:
        cursor.execute("UNLISTEN *")

    assert idle_and_quiet(None) is False
    raw.close()
    assert idle_and_quiet(raw) is False


def test_a_connection_that_erred_during_a_request_is_still_checked_with_select_1(persistent, checks):
    _request(persistent)
    persistent.errors_occurred = True

    persistent.close_if_unusable_or_obsolete()  # the end of that request

    assert checks == [1]
    assert persistent.connection is not None  # it answered, so it is kept
