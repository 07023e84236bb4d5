"""`manage.py verify_audit` (also `verify-audit`): OK, a new checkpoint and exit 0 for a sound log, the
first broken link of each broken chain and a non-zero exit for a tampered one; `seal_audit`."""

import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from secondopinion.audit.models import AccessEvent, AuditCheckpoint
from secondopinion.audit.sequencer import chain_pending
from secondopinion.audit.services import access_record
from tests.audit.tampering import triggers_lifted

pytestmark = pytest.mark.django_db


def _write_three() -> list[AccessEvent]:
    return [
        access_record(actor=None, action=action, data="case", source="command", role="giver", basis="giver")
        for action in ("create", "read", "update")
    ]


@pytest.fixture
def three_events() -> list[AccessEvent]:
    """Three events as the sequencer left them."""
    ids = [event.pk for event in _write_three()]
    chain_pending()
    return list(AccessEvent.objects.filter(pk__in=ids).order_by("seq"))


def test_pending_events_are_chained_first_and_only_counted_when_read_only():
    _write_three()
    read_only, sealing = io.StringIO(), io.StringIO()

    call_command("verify_audit", "--no-seal", stdout=read_only)
    call_command("verify_audit", stdout=sealing)

    assert read_only.getvalue().strip() == (
        f"OK: 0 events in 0 of 16 chains, 0 checkpoints (last {'0' * 64}); 3 events not yet chained"
    )
    assert sealing.getvalue().splitlines()[:2] == [
        "chained 3 pending events",
        f"OK: 3 events in 1 of 16 chains, 0 checkpoints (last {'0' * 64})",
    ]
    assert not AccessEvent.objects.filter(chain=0).exists()


def run(*argv: str) -> int:
    """The command as a shell runs it; its exit status."""
    try:
        execute_from_command_line(["manage.py", *argv])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


@pytest.mark.parametrize("name", ["verify_audit", "verify-audit"])
def test_a_sound_log_prints_ok_with_the_count_and_exits_zero(three_events, capsys, name):
    status = run(name, "--chunk-size", "2", "--no-seal")

    out, err = capsys.readouterr()
    assert status == 0
    assert out.strip() == f"OK: 3 events in 1 of 16 chains, 0 checkpoints (last {'0' * 64})"
    assert err == ""


@pytest.mark.parametrize("name", ["verify_audit", "verify-audit"])
def test_a_sound_log_is_sealed_and_checked_against_that_checkpoint_next_time(three_events, name):
    first, second, third = io.StringIO(), io.StringIO(), io.StringIO()

    call_command(name, "--chunk-size", "2", stdout=first)
    checkpoint = AuditCheckpoint.objects.get()
    call_command(name, "--no-seal", stdout=second)
    call_command(name, stdout=third)

    assert first.getvalue().splitlines() == [
        f"OK: 3 events in 1 of 16 chains, 0 checkpoints (last {'0' * 64})",
        f"sealed checkpoint 1: {checkpoint.hash}",
    ]
    assert f"{three_events[0].chain}:3:{three_events[-1].hash}" in checkpoint.heads
    assert (
        second.getvalue().strip() == f"OK: 3 events in 1 of 16 chains, 1 checkpoints (last {checkpoint.hash})"
    )
    assert third.getvalue().strip() == second.getvalue().strip()  # no head moved: nothing new sealed
    assert AuditCheckpoint.objects.count() == 1


def test_an_empty_log_verifies():
    out = io.StringIO()

    call_command("verify_audit", "--no-seal", stdout=out)

    assert out.getvalue().strip() == f"OK: 0 events in 0 of 16 chains, 0 checkpoints (last {'0' * 64})"
    assert not AuditCheckpoint.objects.exists()


@pytest.mark.parametrize("name", ["verify_audit", "verify-audit"])
def test_an_edited_event_is_reported_with_its_seq_and_id_and_a_non_zero_exit(three_events, capsys, name):
    second = three_events[1]
    with triggers_lifted():
        AccessEvent.objects.filter(pk=second.pk).update(basis="consent")

    status = run(name)

    out, err = capsys.readouterr()
    assert status == 1
    assert out == ""
    assert (
        f"chain {second.chain}: BROKEN at seq 2 (id {second.pk}): stored hash {second.hash} differs from the recomputed"
        in err
    )
    assert "the event was changed" in err


def test_a_cut_off_tail_is_reported_against_the_head(three_events):
    chain = three_events[0].chain
    with triggers_lifted():
        AccessEvent.objects.filter(seq=3).delete()

    with pytest.raises(CommandError) as error:
        call_command("verify_audit")

    assert str(error.value).splitlines() == [
        "BROKEN: 1 problem(s)",
        f"chain {chain}: BROKEN at seq 3: the chain ends at seq 2, but the head is at seq 3 "
        f"(hash {three_events[2].hash}): events 3 to 3 were cut off the end",
    ]
    assert error.value.returncode == 1
    assert not AuditCheckpoint.objects.exists()  # a broken log is not sealed


def test_a_deleted_event_in_the_middle_is_reported_as_a_gap(three_events):
    with triggers_lifted():
        AccessEvent.objects.filter(seq=2).delete()

    with pytest.raises(CommandError) as error:
        call_command("verify-audit")

    assert str(error.value).splitlines()[1] == (
        f"chain {three_events[0].chain}: BROKEN at seq 3 (id {three_events[2].pk}): "
        "seq gap: expected 2, found 3 (missing: 2)"
    )


def test_a_chain_removed_with_its_head_after_a_seal_is_reported(three_events):
    call_command("seal_audit", stdout=io.StringIO())
    chain = three_events[0].chain
    with triggers_lifted():
        AccessEvent.objects.all().delete()
        from secondopinion.audit.models import AuditChainHead

        AuditChainHead.objects.filter(pk=chain).delete()

    with pytest.raises(CommandError) as error:
        call_command("verify_audit")

    assert (
        f"chain {chain}: BROKEN at seq 1: the chain ends at seq 0, but a checkpoint sealed it at seq 3"
        in str(error.value)
    )


def test_seal_audit_prints_the_checkpoint_and_nothing_new_when_no_head_moved(three_events):
    first, second = io.StringIO(), io.StringIO()

    call_command("seal_audit", stdout=first)
    call_command("seal_audit", stdout=second)

    checkpoint = AuditCheckpoint.objects.get()
    assert first.getvalue().strip() == f"sealed checkpoint 1: {checkpoint.hash}"
    assert second.getvalue().strip() == "no head moved since the last checkpoint: nothing sealed"


@pytest.mark.parametrize("option", ["--chunk-size", "--workers"])
def test_it_refuses_a_chunk_size_or_workers_below_one(option):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("verify_audit", option, "0")
