"""Test-only ways past the access log's append-only triggers, built on the same SQL the migration
installs (secondopinion/audit/triggers.py), so the two cannot drift apart."""

import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.operations import BaseDatabaseOperations

from secondopinion.audit.triggers import EVENTS_TABLE, install_append_only, remove_append_only


@contextmanager
def triggers_lifted(conn: BaseDatabaseWrapper = connection) -> Iterator[None]:
    """Drop the triggers for the block and put them back afterwards, inside one transaction."""
    with transaction.atomic(using=conn.alias):
        if conn.vendor == "postgresql":
            # Rows inserted earlier in this transaction still have deferred foreign-key checks
            # queued; PostgreSQL will not change a table's triggers while such events are pending.
            with conn.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        remove_append_only(conn)
        try:
            yield
        finally:
            install_append_only(conn)


@contextmanager
def flushes_lift_the_triggers() -> Iterator[None]:
    """pytest-django empties every table after a transactional test (DELETE on SQLite, TRUNCATE on
    PostgreSQL), which the triggers refuse. For the test process only: lift them around the flush
    and restore them in the same transaction, so no test ever runs without them."""
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: BaseDatabaseOperations, sql_list: list[str]) -> None:
        conn = self.connection
        if EVENTS_TABLE not in conn.introspection.table_names():
            original(self, sql_list)
            return
        with transaction.atomic(using=conn.alias):
            remove_append_only(conn)
            original(self, _deleting(conn, sql_list))
            install_append_only(conn)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    try:
        yield
    finally:
        BaseDatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


_TRUNCATE = re.compile(r"^TRUNCATE (?P<tables>.+?)(?P<cascade> CASCADE)?;$")


def _deleting(conn: BaseDatabaseWrapper, sql_list: list[str]) -> list[str]:
    """PostgreSQL's flush as DELETEs instead of one TRUNCATE. A TRUNCATE gives each of the 80-odd
    tables new files, made and synced at commit: 3 to 4 s per transactional test, where emptying
    the few rows a test wrote takes a fraction of that. Every foreign key Django makes is deferrable,
    so the order of the DELETEs does not matter within the one transaction. A flush that also
    restarts the sequences (RESTART IDENTITY) is left as it is."""
    if conn.vendor != "postgresql" or not all(
        _TRUNCATE.match(sql) and "RESTART IDENTITY" not in sql for sql in sql_list
    ):
        return sql_list
    statements = ["SET CONSTRAINTS ALL DEFERRED"]
    for sql in sql_list:
        match = _TRUNCATE.match(sql)
        assert match is not None
        # The names are Django's own, quoted, from its flush statement.
        statements += [f"DELETE FROM {table}" for table in match["tables"].split(", ")]  # noqa: S608
    return statements
