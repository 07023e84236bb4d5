"""The database itself refuses to change or remove access-log events, on SQLite and on PostgreSQL."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from secondopinion.audit.chain import seal
from secondopinion.audit.models import AccessEvent, AuditChainHead, AuditCheckpoint
from secondopinion.audit.sequencer import chain_pending
from secondopinion.audit.services import IncompleteAccessEvent, access_record
from secondopinion.audit.triggers import CHECKPOINT_TABLE, EVENTS_TABLE, HEAD_TABLE, append_only_installed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _log(actor=None, **overrides) -> AccessEvent:
    values = {"action": "read", "data": "case", "source": "web", "role": "giver", "basis": "giver"}
    return access_record(actor=actor, **{**values, **overrides})


def _chained(actor=None, **overrides) -> AccessEvent:
    """An event as the sequencer leaves it: in a chain, with its seq and hash."""
    event = _log(actor=actor, **overrides)
    chain_pending()
    return AccessEvent.objects.get(pk=event.pk)


def _refused(statement) -> IntegrityError:
    with pytest.raises(IntegrityError) as refusal, transaction.atomic():
        statement()
    return refusal.value


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_trigger_sql_names_the_models_tables():
    assert AccessEvent._meta.db_table == EVENTS_TABLE
    assert AuditChainHead._meta.db_table == HEAD_TABLE
    assert AuditCheckpoint._meta.db_table == CHECKPOINT_TABLE
    assert append_only_installed(connection)


@pytest.mark.parametrize("write", [_log, _chained], ids=["pending", "chained"])
def test_it_refuses_an_update_of_an_event_through_the_orm_and_through_sql(write):
    event = write(actor=UserFactory())

    orm = _refused(lambda: AccessEvent.objects.filter(pk=event.pk).update(role="coordinator"))
    sql = _refused(
        lambda: _raw("UPDATE audit_accessevent SET basis = %s WHERE id = %s", ["consent", event.pk])
    )
    event.data = "report"
    save = _refused(event.save)

    assert "append-only" in str(orm)
    assert "append-only" in str(sql)
    assert "append-only" in str(save)
    stored = AccessEvent.objects.values("role", "basis", "data").get(pk=event.pk)
    assert stored == {"role": "giver", "basis": "giver", "data": "case"}


def test_it_refuses_a_delete_of_an_event_through_the_orm_and_through_sql():
    first, second = _log(), _log(action="update")

    orm = _refused(lambda: AccessEvent.objects.filter(pk=first.pk).delete())
    sql = _refused(lambda: _raw("DELETE FROM audit_accessevent WHERE id = %s", [second.pk]))
    everything = _refused(lambda: _raw("DELETE FROM audit_accessevent", []))

    assert "append-only" in str(orm)
    assert "append-only" in str(sql)
    assert "append-only" in str(everything)
    assert AccessEvent.objects.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_it_refuses_to_truncate_the_log_on_postgresql():
    _log()
    _raw("SET CONSTRAINTS ALL IMMEDIATE", [])  # else TRUNCATE stops at the insert's pending FK checks

    refusal = _refused(lambda: _raw("TRUNCATE audit_accessevent CASCADE", []))

    assert "append-only" in str(refusal)
    assert AccessEvent.objects.count() == 1


def test_the_sequencer_may_chain_a_pending_event_once_and_change_nothing_it_records():
    event = _log(actor=UserFactory())
    link = ["a" * 64, "b" * 64, event.pk]

    rewritten = _refused(
        lambda: _raw(
            "UPDATE audit_accessevent SET chain = 3, seq = 1, prev_hash = %s, hash = %s, role = 'patient' "
            "WHERE id = %s",
            link,
        )
    )
    without_seq = _refused(
        lambda: _raw("UPDATE audit_accessevent SET chain = 3, prev_hash = %s, hash = %s WHERE id = %s", link)
    )
    _raw("UPDATE audit_accessevent SET chain = 3, seq = 1, prev_hash = %s, hash = %s WHERE id = %s", link)
    again = _refused(
        lambda: _raw(
            "UPDATE audit_accessevent SET chain = 4, seq = 9, prev_hash = %s, hash = %s WHERE id = %s", link
        )
    )
    back = _refused(
        lambda: _raw("UPDATE audit_accessevent SET chain = 0, seq = NULL WHERE id = %s", [event.pk])
    )

    assert all("append-only" in str(refusal) for refusal in (rewritten, again, back))
    assert without_seq is not None  # the trigger or the pending-or-chained check
    stored = AccessEvent.objects.values_list("chain", "seq", "role").get(pk=event.pk)
    assert stored == (3, 1, "giver")


def test_the_head_moves_forward_with_every_event_but_never_back_and_is_never_deleted():
    _log()
    chain = _chained().chain
    head = AuditChainHead.objects.get(pk=chain)
    assert head.seq == 2

    back = _refused(lambda: AuditChainHead.objects.filter(pk=chain).update(seq=1))
    same = _refused(lambda: AuditChainHead.objects.filter(pk=chain).update(hash="f" * 64))
    renumbered = _refused(lambda: AuditChainHead.objects.filter(pk=chain).update(id=99, seq=3))
    deleted = _refused(lambda: AuditChainHead.objects.filter(pk=chain).delete())
    others = _refused(lambda: AuditChainHead.objects.exclude(pk=chain).delete())

    assert "only moves forward" in str(back)
    assert "only moves forward" in str(same)
    assert "only moves forward" in str(renumbered)
    assert "deleted" in str(deleted) or "append-only" in str(deleted)
    assert "deleted" in str(others) or "append-only" in str(others)
    assert AuditChainHead.objects.values_list("seq", "hash").get(pk=chain) == (2, head.hash)
    assert AuditChainHead.objects.count() == 16


def test_it_refuses_to_change_or_delete_a_checkpoint():
    _log()
    checkpoint = seal()

    edited = _refused(lambda: AuditCheckpoint.objects.filter(pk=checkpoint.pk).update(heads=""))
    sql = _refused(lambda: _raw("UPDATE audit_auditcheckpoint SET hash = %s", ["0" * 64]))
    deleted = _refused(lambda: AuditCheckpoint.objects.filter(pk=checkpoint.pk).delete())

    assert all("append-only" in str(refusal) for refusal in (edited, sql, deleted))
    assert AuditCheckpoint.objects.values_list("heads", "hash").get() == (checkpoint.heads, checkpoint.hash)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_it_refuses_to_truncate_the_heads_or_the_checkpoints_on_postgresql():
    _log()
    seal()
    _raw("SET CONSTRAINTS ALL IMMEDIATE", [])

    heads = _refused(lambda: _raw("TRUNCATE audit_auditchainhead", []))
    checkpoints = _refused(lambda: _raw("TRUNCATE audit_auditcheckpoint", []))

    assert "append-only" in str(heads)
    assert "append-only" in str(checkpoints)
    assert AuditCheckpoint.objects.count() == 1


@pytest.mark.parametrize("field", ["role", "data", "action", "source", "basis"])
def test_it_refuses_to_log_an_event_without_a_required_nen_7513_field(field):
    with pytest.raises(IncompleteAccessEvent) as error:
        _log(**{field: "  "})

    assert error.value.field == field
    assert field in error.value.text.nl
    assert field in error.value.text.en
    assert AccessEvent.objects.count() == 0


def test_it_refuses_an_action_nen_7513_does_not_know():
    with pytest.raises(IncompleteAccessEvent) as error:
        _log(action="peek")

    assert error.value.field == "action"
    assert "peek" in error.value.text.en
    assert AccessEvent.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_flush_empties_the_log_and_leaves_the_triggers_in_place():
    event = _log()

    call_command("flush", interactive=False, verbosity=0)

    assert AccessEvent.objects.count() == 0
    assert not AuditChainHead.objects.exists()
    assert append_only_installed(connection)
    event = _chained()
    assert (event.seq, AuditChainHead.objects.get(pk=event.chain).seq) == (1, 1)
    _refused(lambda: AccessEvent.objects.filter(pk=event.pk).delete())
