"""Writers in several threads at once still give one gap-free chain: the head row serialises them."""

import threading

import pytest
from django.db import connections, transaction

from secondopinion.audit.chain import verify_chain
from secondopinion.audit.models import AccessEvent, AuditChainHead
from secondopinion.audit.services import access_record
from tests.cases.test_concurrency import shared_database  # noqa: F401  (the fixture)

WRITERS = 4
EVENTS_EACH = 25


def write_events(start: threading.Barrier, writer: int, failures: list[BaseException]) -> None:
    try:
        start.wait()
        for i in range(EVENTS_EACH):
            with transaction.atomic():
                access_record(
                    actor=None,
                    action="read",
                    data="case",
                    source="api",
                    role="coordinator",
                    basis="coordinator",
                    on_behalf_of=f"writer-{writer}:{i}",
                )
    except BaseException as exc:
        failures.append(exc)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_writers_in_parallel_threads_leave_a_gap_free_chain():
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []
    threads = [threading.Thread(target=write_events, args=(start, w, failures)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    total = WRITERS * EVENTS_EACH
    assert sorted(AccessEvent.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    assert AccessEvent.objects.values("on_behalf_of").distinct().count() == total
    assert AuditChainHead.objects.get().seq == total
    result = verify_chain()
    assert result.ok, result
