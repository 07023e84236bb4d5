"""Django's PostgreSQL backend with a cheaper health check of a reused connection.

With persistent connections (CONN_MAX_AGE) and CONN_HEALTH_CHECKS on, Django checks a reused
connection at the first query of every request by sending `SELECT 1` and waiting for the answer: a
round trip to the database on every request, before the request's own first query.

A connection that PostgreSQL has ended while it lay idle between requests can be told apart without
asking the server. When the server ends a session (a restart, `pg_terminate_backend`, a crash), it
sends a last error message or closes the socket, and either makes the idle socket readable; an idle
connection that is still good has nothing to read, because between requests this product runs no
LISTEN and starts nothing on the server. So a reused connection whose libpq state is good, whose
transaction status is idle and whose socket has nothing waiting is taken as it is; in every other case
(anything to read, a state that is not idle, a socket that cannot be polled) Django's `SELECT 1`
decides, exactly as before.

What neither check sees in time is a network that silently drops packets: `SELECT 1` would wait for
TCP's time-out as the request's own first query does. A connection that fails during a request is
marked as having errors and Django checks it with `SELECT 1` again at the end of that request
(`is_usable` is unchanged)."""

import select
from typing import Any

import psycopg
from django.db.backends.postgresql import base as postgresql
from psycopg import pq


def idle_and_quiet(connection: Any) -> bool:
    """True when the psycopg `connection` is open and idle and its socket has nothing to read."""
    if connection is None or connection.closed or connection.broken:
        return False
    pgconn = connection.pgconn
    if pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return False
    try:
        poller = select.poll()
        poller.register(pgconn.socket, select.POLLIN | select.POLLPRI)
        return not poller.poll(0)
    except (AttributeError, OSError, ValueError, psycopg.Error):
        # AttributeError: no poll() on this platform; psycopg.Error: libpq has no socket.
        return False


class DatabaseWrapper(postgresql.DatabaseWrapper):
    # Django's own attributes (BaseDatabaseWrapper.__init__), which its type stubs leave out.
    health_check_enabled: bool
    health_check_done: bool

    def close_if_health_check_failed(self) -> None:
        if self.connection is None or not self.health_check_enabled or self.health_check_done:
            return
        if idle_and_quiet(self.connection):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
