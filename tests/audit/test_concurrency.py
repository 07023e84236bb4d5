"""Writers and sequencers in several threads at once: every event is chained exactly once, every
chain stays gap-free, and on PostgreSQL neither a writer nor a sequencer waits for another."""

import threading
from collections import defaultdict

import pytest
from django.db import connection, connections, transaction

from secondopinion.audit import sequencer
from secondopinion.audit.models import AccessEvent, AuditChainHead
from secondopinion.audit.sequencer import chain_pending, ensure_heads, pending_count
from secondopinion.audit.services import access_record
from secondopinion.audit.verification import verify_log
from tests.cases.test_concurrency import shared_database  # noqa: F401  (the fixture)

WRITERS = 4
SEQUENCERS = 2
EVENTS_EACH = 25


def _log(on_behalf_of: str) -> AccessEvent:
    return access_record(
        actor=None,
        action="read",
        data="case",
        source="api",
        role="coordinator",
        basis="coordinator",
        on_behalf_of=on_behalf_of,
    )


def write_events(start: threading.Barrier, writer: int, failures: list[BaseException]) -> None:
    try:
        start.wait()
        for i in range(EVENTS_EACH):
            with transaction.atomic():
                _log(f"writer-{writer}:{i}")
    except BaseException as exc:
        failures.append(exc)
    finally:
        connections.close_all()


def sequence(start: threading.Barrier, writing: threading.Event, failures: list[BaseException]) -> None:
    """A sequencer in small batches while the writers write, as the task workers of two machines."""
    try:
        start.wait()
        while writing.is_set():
            chain_pending(batch_size=7)
        chain_pending(batch_size=7)
    except BaseException as exc:
        failures.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_writers_and_sequencers_in_parallel_threads_chain_every_event_once_without_gaps():
    start = threading.Barrier(WRITERS + SEQUENCERS, timeout=60)
    writing = threading.Event()
    writing.set()
    failures: list[BaseException] = []
    writers = [
        threading.Thread(target=write_events, args=(start, w, failures), daemon=True) for w in range(WRITERS)
    ]
    sequencers = [
        threading.Thread(target=sequence, args=(start, writing, failures), daemon=True)
        for _ in range(SEQUENCERS)
    ]
    for thread in writers + sequencers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"
    writing.clear()
    for thread in sequencers:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a racing thread did not end within 2 minutes"
    chain_pending()  # what a late-committing writer left

    assert failures == []
    total = WRITERS * EVENTS_EACH
    assert pending_count() == 0
    seqs = defaultdict(list)
    for chain, seq in AccessEvent.objects.order_by("chain", "seq").values_list("chain", "seq"):
        seqs[chain].append(seq)
    assert all(found == list(range(1, len(found) + 1)) for found in seqs.values())
    assert sum(len(found) for found in seqs.values()) == total
    assert AccessEvent.objects.values("on_behalf_of").distinct().count() == total
    assert {head.id: head.seq for head in AuditChainHead.objects.filter(seq__gt=0)} == {
        chain: len(found) for chain, found in seqs.items()
    }
    result = verify_log()
    assert result.ok, result
    assert result.events == total


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and SKIP LOCKED: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_writer_never_waits_and_a_sequencer_does_not_wait_for_another_that_holds_its_chain(monkeypatch):
    """Writer A logs an event and keeps its transaction open; writer B logs one under a lock timeout
    of 1 s and commits while A still holds its transaction (there is no lock to wait for). Then
    sequencer S1 chains B's event and keeps its transaction open, holding chain 3's head; sequencer
    S2, told to prefer chain 3 as well, chains A's event (A has committed meanwhile) under a lock
    timeout of 1 s: it skips the head S1 holds and the event S1 locked. The log verifies."""
    ensure_heads(16)  # what migration audit/0006 made (a transactional test's flush removed them)
    monkeypatch.setattr(sequencer, "_preferred_chain", lambda chains: 3)
    outcome: dict[str, object] = {}

    def holding(name: str, work, held: threading.Event, release: threading.Event) -> threading.Thread:
        def run() -> None:
            try:
                with transaction.atomic():
                    outcome[name] = work()
                    held.set()
                    release.wait(timeout=30)
            except BaseException as exc:
                outcome[name] = exc
                held.set()
            finally:
                connections.close_all()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def quick(name: str, work) -> bool:
        """Run `work` under a 1 s lock timeout in a thread; whether it finished within 30 s."""

        def run() -> None:
            try:
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '1s'")
                    outcome[name] = work()
            except BaseException as exc:
                outcome[name] = exc
            finally:
                connections.close_all()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        thread.join(timeout=30)
        return not thread.is_alive()

    a_held, a_release = threading.Event(), threading.Event()
    a = holding("a", lambda: _log("writer A"), a_held, a_release)
    assert a_held.wait(timeout=30)
    b_done = quick("b", lambda: _log("writer B"))
    a_still_open = a.is_alive()

    s1_held, s1_release = threading.Event(), threading.Event()
    s1 = holding("s1", lambda: chain_pending(), s1_held, s1_release)  # only B's event is committed
    assert s1_held.wait(timeout=30)
    a_release.set()
    a.join(timeout=30)
    s2_done = quick("s2", lambda: chain_pending())
    s1_still_open = s1.is_alive()
    s1_release.set()
    s1.join(timeout=30)

    assert isinstance(outcome["a"], AccessEvent), outcome["a"]
    assert isinstance(outcome["b"], AccessEvent), outcome["b"]
    assert b_done
    assert a_still_open
    assert (outcome["s1"], outcome["s2"]) == (1, 1)
    assert s2_done
    assert s1_still_open
    chains = dict(AccessEvent.objects.values_list("on_behalf_of", "chain"))
    assert chains["writer B"] == 3
    assert chains["writer A"] != 3
    assert set(AccessEvent.objects.values_list("seq", flat=True)) == {1}
    assert verify_log().ok
