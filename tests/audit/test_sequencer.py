"""The sequencer beside the task worker: pending events are chained within a run or two, and a
checkpoint is written as often as asked; a batch is one transaction."""

import time

import pytest
from django.db import transaction

from secondopinion.audit import sequencer
from secondopinion.audit.models import AccessEvent, AuditCheckpoint
from secondopinion.audit.sequencer import SequencerThread, chain_pending, pending_count
from secondopinion.audit.services import access_record
from secondopinion.audit.verification import verify_log
from tests.cases.test_concurrency import shared_database  # noqa: F401  (the fixture)


def _log(**overrides) -> AccessEvent:
    values = {"action": "read", "data": "case", "source": "web", "role": "giver", "basis": "giver"}
    return access_record(actor=None, **{**values, **overrides})


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_the_worker_thread_chains_what_is_pending_and_seals_a_checkpoint():
    for i in range(5):
        _log(on_behalf_of=f"{i}")
    thread = SequencerThread(every=0.05, seal_every=0)
    thread.start()
    deadline = time.monotonic() + 20
    while (pending_count() or not AuditCheckpoint.objects.exists()) and time.monotonic() < deadline:
        time.sleep(0.05)
    thread.stop()

    assert pending_count() == 0
    assert AuditCheckpoint.objects.exists()
    result = verify_log()
    assert result.ok, result
    assert result.events == 5


@pytest.mark.django_db
def test_batches_go_to_the_next_chain_in_turn_and_keep_the_order_of_writing():
    events = [_log(on_behalf_of=f"{i}") for i in range(7)]
    sequencer._next_chain.chain = 4

    assert chain_pending(batch_size=3) == 7

    rows = AccessEvent.objects.in_bulk([e.pk for e in events])
    placed = [(rows[e.pk].chain, rows[e.pk].seq) for e in events]
    assert placed == [(4, 1), (4, 2), (4, 3), (5, 1), (5, 2), (5, 3), (6, 1)]
    assert verify_log().ok


@pytest.mark.django_db
def test_a_batch_that_fails_changes_nothing(monkeypatch):
    _log()
    _log()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(sequencer, "_write_links", broken)
    with pytest.raises(RuntimeError), transaction.atomic():
        chain_pending()

    assert pending_count() == 2
    assert not AccessEvent.objects.exclude(chain=0).exists()
    assert verify_log().ok
