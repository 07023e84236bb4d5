"""The database itself keeps the access log append-only.

On both SQLite and PostgreSQL:
- audit_accessevent refuses every DELETE (and, on PostgreSQL, TRUNCATE), and every UPDATE but the
  sequencer's (audit/sequencer.py): a pending event (chain 0, no seq) gets a chain above 0 and a
  seq, prev_hash and hash, with every other column as it was;
- audit_auditchainhead refuses a DELETE (and TRUNCATE) and any UPDATE that does not move a head
  forward (NEW.seq must be greater than OLD.seq, and the chain number may not change);
- audit_auditcheckpoint refuses every UPDATE and DELETE (and TRUNCATE), like the events.

The refusal is an integrity error on both vendors (SQLite RAISE(ABORT, …); PostgreSQL SQLSTATE
23000), so Django raises django.db.IntegrityError.

The migrations audit/0004 and audit/0006 install these with install_append_only(); nothing else in the
application removes them. A database owner can still drop a trigger (DDL): that is what the hash
chain and its head are for (audit/chain.py, `manage.py verify_audit`). The test suite lifts the
triggers only around pytest-django's flush and inside tampering tests, with these same functions
(tests/audit/tampering.py), so the SQL cannot drift.

A later migration that alters any of these tables rebuilds it on SQLite, which drops its triggers: such a
migration must end with a RunPython calling install_append_only() again
(tests/audit/test_append_only.py checks that the migrated test database has them).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

from secondopinion.audit.chain import HASHED_FIELDS

EVENTS_TABLE = "audit_accessevent"
HEAD_TABLE = "audit_auditchainhead"
CHECKPOINT_TABLE = "audit_auditcheckpoint"

# The one UPDATE of an event the database lets through: the sequencer chaining a pending event.
# What an event records: every hashed field but its place (chain, seq), and its id.
_RECORDED = ("id", *(name for name in HASHED_FIELDS if name not in ("chain", "seq")))
_SEALING = "OLD.chain = 0 AND OLD.seq IS NULL AND NEW.chain > 0 AND NEW.seq IS NOT NULL"
_SQLITE_UNCHANGED = " AND ".join(f"NEW.{name} IS OLD.{name}" for name in _RECORDED)
_POSTGRES_UNCHANGED = (
    f"({', '.join(f'NEW.{name}' for name in _RECORDED)}) IS NOT DISTINCT FROM "
    f"({', '.join(f'OLD.{name}' for name in _RECORDED)})"
)

_SQLITE_INSTALL = [
    "DROP TRIGGER IF EXISTS audit_accessevent_no_update",
    f"""CREATE TRIGGER audit_accessevent_no_update BEFORE UPDATE ON {EVENTS_TABLE}
WHEN NOT ({_SEALING} AND {_SQLITE_UNCHANGED})
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_accessevent_no_delete BEFORE DELETE ON {EVENTS_TABLE}
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: DELETE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_chainhead_forward_only BEFORE UPDATE ON {HEAD_TABLE}
WHEN NEW.seq <= OLD.seq OR NEW.id <> OLD.id
BEGIN SELECT RAISE(ABORT, 'the access log head only moves forward: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_chainhead_no_delete BEFORE DELETE ON {HEAD_TABLE}
BEGIN SELECT RAISE(ABORT, 'the access log head cannot be deleted'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_update BEFORE UPDATE ON {CHECKPOINT_TABLE}
BEGIN SELECT RAISE(ABORT, 'the access log checkpoints are append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS audit_checkpoint_no_delete BEFORE DELETE ON {CHECKPOINT_TABLE}
BEGIN SELECT RAISE(ABORT, 'the access log checkpoints are append-only: DELETE refused'); END""",
]
_SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_accessevent_no_update",
    "DROP TRIGGER IF EXISTS audit_accessevent_no_delete",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_update",
    "DROP TRIGGER IF EXISTS audit_checkpoint_no_delete",
]

_POSTGRES_INSTALL = [
    """CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$""",
    f"""CREATE OR REPLACE FUNCTION audit_event_chain_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF {_SEALING} AND {_POSTGRES_UNCHANGED} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the access log is append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END
$$""",
    """CREATE OR REPLACE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.seq <= OLD.seq OR NEW.id <> OLD.id THEN
        RAISE EXCEPTION 'the access log head only moves forward: seq % to % refused', OLD.seq, NEW.seq
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$$""",
    f"DROP TRIGGER IF EXISTS audit_accessevent_append_only ON {EVENTS_TABLE}",
    f"""CREATE TRIGGER audit_accessevent_append_only BEFORE DELETE ON {EVENTS_TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"DROP TRIGGER IF EXISTS audit_accessevent_chain_only ON {EVENTS_TABLE}",
    f"""CREATE TRIGGER audit_accessevent_chain_only BEFORE UPDATE ON {EVENTS_TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_event_chain_only()""",
    f"DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON {EVENTS_TABLE}",
    f"""CREATE TRIGGER audit_accessevent_no_truncate BEFORE TRUNCATE ON {EVENTS_TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    f"DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON {HEAD_TABLE}",
    f"""CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON {HEAD_TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()""",
    f"DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON {HEAD_TABLE}",
    f"""CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON {HEAD_TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON {HEAD_TABLE}",
    f"""CREATE TRIGGER audit_chainhead_no_truncate BEFORE TRUNCATE ON {HEAD_TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
    f"DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON {CHECKPOINT_TABLE}",
    f"""CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON {CHECKPOINT_TABLE}
FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    f"DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON {CHECKPOINT_TABLE}",
    f"""CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON {CHECKPOINT_TABLE}
FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()""",
]
_POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_accessevent_append_only ON {EVENTS_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_accessevent_chain_only ON {EVENTS_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_accessevent_no_truncate ON {EVENTS_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON {HEAD_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_checkpoint_append_only ON {CHECKPOINT_TABLE}",
    f"DROP TRIGGER IF EXISTS audit_checkpoint_no_truncate ON {CHECKPOINT_TABLE}",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
    "DROP FUNCTION IF EXISTS audit_event_chain_only()",
]

_SQL = {
    "sqlite": (_SQLITE_INSTALL, _SQLITE_REMOVE),
    "postgresql": (_POSTGRES_INSTALL, _POSTGRES_REMOVE),
}


def _statements(connection: BaseDatabaseWrapper, install: bool) -> list[str]:
    try:
        install_sql, remove_sql = _SQL[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"The access log's append-only triggers exist for SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
    statements = install_sql if install else remove_sql
    if CHECKPOINT_TABLE not in connection.introspection.table_names():
        # Before migration audit/0006 (its checkpoints table) runs, e.g. in audit/0004.
        statements = [
            sql for sql in statements if CHECKPOINT_TABLE not in sql and "audit_checkpoint_" not in sql
        ]
    return statements


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    # No parameters: psycopg must not read plpgsql's % placeholders as its own.
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install_append_only(connection: BaseDatabaseWrapper) -> None:
    """Create (or re-create) the triggers; safe to run twice."""
    _run(connection, _statements(connection, install=True))


def remove_append_only(connection: BaseDatabaseWrapper) -> None:
    """Drop the triggers (the migration's reverse, and tests that tamper on purpose)."""
    _run(connection, _statements(connection, install=False))


def append_only_installed(connection: BaseDatabaseWrapper) -> bool:
    """Whether the events table's UPDATE/DELETE triggers are in place."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [EVENTS_TABLE],
            )
            return cursor.fetchone()[0] >= 2
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            [EVENTS_TABLE],
        )
        return cursor.fetchone()[0] >= 2
