"""Writers in several threads at once: every chain stays gap-free, and on PostgreSQL writers do not
wait for each other while a chain is free."""

import threading
from collections import defaultdict

import pytest
from django.db import connection, connections, transaction

from secondopinion.audit import services
from secondopinion.audit.chain import verify_log
from secondopinion.audit.models import AccessEvent, AuditChainHead
from secondopinion.audit.services import access_record
from tests.cases.test_concurrency import shared_database  # noqa: F401  (the fixture)

WRITERS = 4
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_writers_in_parallel_threads_leave_every_chain_gap_free():
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []
    threads = [threading.Thread(target=write_events, args=(start, w, failures)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    total = WRITERS * EVENTS_EACH
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


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and SKIP LOCKED: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_writer_does_not_wait_for_another_that_holds_its_preferred_chain(monkeypatch):
    """Writer A logs an event and keeps its transaction open, holding its chain's head. Writer B,
    told to prefer that same chain, logs an event under a lock timeout of 1 s: it must not wait for
    A (it would fail with a lock timeout) and lands on another chain. Both commit; the log verifies."""
    services._ensure_heads(16)  # what migration audit/0006 made (a transactional test's flush removed them)
    monkeypatch.setattr(services, "_preferred_chain", lambda chains: 3)
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def writer_a() -> None:
        try:
            with transaction.atomic():
                outcome["a"] = _log("writer A")
                holding.set()
                release.wait(timeout=30)
        except BaseException as exc:
            outcome["a"] = exc
            holding.set()
        finally:
            connections.close_all()

    def writer_b() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                outcome["b"] = _log("writer B")
        except BaseException as exc:
            outcome["b"] = exc
        finally:
            connections.close_all()

    a = threading.Thread(target=writer_a)
    a.start()
    assert holding.wait(timeout=30)
    b = threading.Thread(target=writer_b)
    b.start()
    b.join(timeout=30)
    b_done_while_a_held = not b.is_alive() and a.is_alive()
    release.set()
    a.join(timeout=30)

    event_a, event_b = outcome["a"], outcome["b"]
    assert isinstance(event_a, AccessEvent), event_a
    assert isinstance(event_b, AccessEvent), event_b
    assert b_done_while_a_held
    assert event_a.chain == 3
    assert event_b.chain != 3
    assert (event_a.seq, event_b.seq) == (1, 1)
    assert AccessEvent.objects.count() == 2
    assert verify_log().ok
