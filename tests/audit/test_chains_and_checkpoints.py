"""Several chains and sealed checkpoints: each chain counts from 1, a break names only its chain, and
a checkpoint over all heads shows a deleted chain, a tail cut off, a rewrite or a cut after it."""

import pytest

from secondopinion.audit.chain import GENESIS
from secondopinion.audit.models import AccessEvent, AuditChainHead
from secondopinion.audit.verification import verify_log
from tests.audit.chaining import (
    _one_chain,  # noqa: F401 (autouse: every batch to chain 1)
    log,
    on_chain,
)
from tests.audit.tampering import triggers_lifted

# -- several chains -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_events_on_several_chains_each_count_from_1_and_a_break_in_one_names_only_that_chain(monkeypatch):
    written = {}
    for chain in (2, 5, 9):
        on_chain(monkeypatch, chain)
        written[chain] = [log(on_behalf_of=f"{chain}-{i}") for i in range(3)]

    assert verify_log().ok
    assert {chain: [e.seq for e in events] for chain, events in written.items()} == {
        2: [1, 2, 3],
        5: [1, 2, 3],
        9: [1, 2, 3],
    }
    with triggers_lifted():
        AccessEvent.objects.filter(pk=written[5][1].pk).update(on_behalf_of="someone else")
    result = verify_log()

    assert [broken.chain for broken in result.broken] == [5]
    assert (result.broken[0].broken_seq, result.broken[0].broken_id) == (2, written[5][1].pk)
    assert result.chain(2).ok
    assert result.chain(9).ok


@pytest.mark.django_db
def test_moving_an_event_to_another_chain_breaks_both_chains(monkeypatch):
    on_chain(monkeypatch, 2)
    first, second, third = log(), log(), log()
    on_chain(monkeypatch, 4)
    other = log()
    with triggers_lifted():
        AccessEvent.objects.filter(pk=second.pk).update(chain=4, seq=2)

    result = verify_log()

    assert (result.chain(2).broken_seq, result.chain(2).broken_id) == (3, third.pk)
    assert "seq gap" in result.chain(2).problem
    assert (result.chain(4).broken_seq, result.chain(4).broken_id) == (2, second.pk)
    assert first.chain == 2
    assert other.chain == 4


@pytest.mark.django_db
def test_events_in_a_chain_without_a_head_or_checkpoint_are_reported(monkeypatch, settings):
    settings.TM_AUDIT_CHAINS = 20
    on_chain(monkeypatch, 20)
    log()
    settings.TM_AUDIT_CHAINS = 16
    with triggers_lifted():
        AuditChainHead.objects.filter(pk=20).delete()

    result = verify_log()

    assert [broken.chain for broken in result.broken] == [20]
    assert "which has no head" in result.broken[0].problem


# -- sealed checkpoints -----------------------------------------------------------------------------


def _chains_of_three(monkeypatch) -> dict[int, list[AccessEvent]]:
    written = {}
    for chain in (3, 7):
        on_chain(monkeypatch, chain)
        written[chain] = [log() for _ in range(3)]
    return written


@pytest.mark.django_db
def test_a_seal_records_every_head_chained_to_the_last_seal_and_writes_nothing_when_no_head_moved(
    monkeypatch,
):
    from secondopinion.audit.chain import checkpoint_hash, heads_text, seal
    from secondopinion.audit.models import AuditCheckpoint

    written = _chains_of_three(monkeypatch)
    first = seal()
    again = seal()
    on_chain(monkeypatch, 3)
    log()
    second = seal()

    assert again is None
    assert (first.seq, first.prev_hash, second.seq, second.prev_hash) == (1, GENESIS, 2, first.hash)
    assert f"3:3:{written[3][-1].hash}" in first.heads
    assert f"7:3:{written[7][-1].hash}" in first.heads
    assert first.heads == heads_text([(3, 3, written[3][-1].hash), (7, 3, written[7][-1].hash)])
    assert first.hash == checkpoint_hash(first.seq, first.at, GENESIS, first.heads)
    assert "3:4:" in second.heads
    assert AuditCheckpoint.objects.count() == 2
    result = verify_log()
    assert result.ok, result
    assert (result.checkpoints, result.checkpoint_hash) == (2, second.hash)


@pytest.mark.django_db
def test_a_whole_chain_deleted_with_its_head_shows_against_the_last_checkpoint(monkeypatch):
    from secondopinion.audit.chain import seal

    written = _chains_of_three(monkeypatch)
    seal()
    with triggers_lifted():
        AccessEvent.objects.filter(chain=7).delete()
        AuditChainHead.objects.filter(pk=7).delete()

    result = verify_log()

    assert [broken.chain for broken in result.broken] == [7]
    assert result.broken[0].broken_seq == 1
    assert "a checkpoint sealed it at seq 3" in result.broken[0].problem
    assert "and the head with them" in result.broken[0].problem
    assert written[3][0].chain == 3


@pytest.mark.django_db
def test_a_tail_cut_off_with_the_head_moved_back_shows_against_the_last_checkpoint(monkeypatch):
    from secondopinion.audit.chain import seal

    written = _chains_of_three(monkeypatch)
    seal()
    with triggers_lifted():
        AccessEvent.objects.filter(chain=3, seq=3).delete()
        AuditChainHead.objects.filter(pk=3).update(seq=2, hash=written[3][1].hash)

    result = verify_log()

    assert [broken.chain for broken in result.broken] == [3]
    assert result.broken[0].broken_seq == 3
    assert "a checkpoint sealed it at seq 3" in result.broken[0].problem


@pytest.mark.django_db
def test_a_sealed_chain_rewritten_from_a_sealed_seq_on_shows_against_the_checkpoint(monkeypatch):
    """Someone rewrites chain 3 from seq 2 on with valid hashes and a matching head: the chain itself
    verifies, the checkpoint's hash of seq 3 does not."""
    from secondopinion.audit.chain import seal

    written = _chains_of_three(monkeypatch)
    seal()
    with triggers_lifted():
        AccessEvent.objects.filter(chain=3, seq__gte=2).delete()
        AuditChainHead.objects.filter(pk=3).update(seq=1, hash=written[3][0].hash)
    on_chain(monkeypatch, 3)
    forged = [log(on_behalf_of="forged"), log(on_behalf_of="forged")]

    result = verify_log()

    assert [broken.chain for broken in result.broken] == [3]
    assert result.broken[0].broken_seq == 3
    assert "the chain was rewritten" in result.broken[0].problem
    assert forged[-1].seq == 3


@pytest.mark.django_db
def test_everything_written_after_the_last_checkpoint_cut_off_shows_against_the_heads(monkeypatch):
    from secondopinion.audit.chain import seal

    _chains_of_three(monkeypatch)
    seal()
    for chain in (3, 7):
        on_chain(monkeypatch, chain)
        log()
        log()
    with triggers_lifted():
        AccessEvent.objects.filter(seq__gt=3).delete()

    result = verify_log()

    assert [(broken.chain, broken.broken_seq) for broken in result.broken] == [(3, 4), (7, 4)]
    assert all("cut off the end" in broken.problem for broken in result.broken)


@pytest.mark.django_db
@pytest.mark.parametrize("tampering", ["edit", "delete", "reorder"])
def test_a_checkpoint_edited_deleted_or_reordered_is_reported(monkeypatch, tampering):
    from secondopinion.audit.chain import seal
    from secondopinion.audit.models import AuditCheckpoint

    _chains_of_three(monkeypatch)
    seal()
    on_chain(monkeypatch, 3)
    log()
    seal()
    on_chain(monkeypatch, 7)
    log()
    seal()
    with triggers_lifted():
        if tampering == "edit":
            AuditCheckpoint.objects.filter(seq=2).update(heads="3:1:" + "0" * 64)
        elif tampering == "delete":
            AuditCheckpoint.objects.filter(seq=2).delete()
        else:
            AuditCheckpoint.objects.filter(seq=2).update(seq=-1)
            AuditCheckpoint.objects.filter(seq=3).update(seq=2)
            AuditCheckpoint.objects.filter(seq=-1).update(seq=3)

    result = verify_log()

    assert not result.ok
    assert result.checkpoint_problems
    assert f"checkpoints: {result.checkpoint_problems[0]}" in str(result)
