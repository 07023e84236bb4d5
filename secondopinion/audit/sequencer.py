"""The sequencer: gives pending access-log events their place in a hash chain, in batches.

A request writes its event with one INSERT and takes no lock (audit/services.py): the event lands in
the pending lane, chain 0, with no seq and no hash. The sequencer (`chain_pending`) then, in one
transaction per batch:

1. locks one chain head (on PostgreSQL the first free one from a preferred chain on, SKIP LOCKED, so
   two sequencers, say the task workers of two machines, work side by side on different chains);
2. locks up to `batch_size` of the oldest pending events (PostgreSQL: FOR UPDATE SKIP LOCKED, so two
   sequencers never take the same event);
3. gives them that chain's next seqs in id order, and each its hash over what it records, its chain,
   its seq and the hash before it (audit/chain.py: canonical form version 2);
4. writes chain, seq, prev_hash and hash into each event (the one UPDATE the triggers allow: from
   pending to chained, nothing it records changed) and moves the head on.

Each next batch prefers the next chain, so the chains grow evenly and `verify_audit` can walk them in
parallel; a chain's events lie in runs of a batch, close together on disk.

Who runs it: the task worker (`serve_worker`, so `make run` and `make serve`) every
TM_AUDIT_SEQUENCE_SECONDS (default 1 s), `seal_audit` and `verify_audit` before they seal. An event is
thus chained about a second after it was written; until then the triggers already refuse any change
or deletion of it, but someone able to drop triggers could change it without the hash showing. That
is the window the design trades for writers that never wait on a lock: see the README.

An event committed late (its transaction began before others but ended after them) keeps its id and
simply joins a later batch: the chains' order is the sequencer's, not the ids'.
"""

import hashlib
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from secondopinion.audit.chain import CANONICAL_VERSION, GENESIS, _canonical_text, stored_time
from secondopinion.audit.models import PENDING_CHAIN, AuditChainHead, chain_count

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 2000

# The first head not locked by another transaction, starting at the preferred chain.
_FIRST_FREE_HEAD = (
    "SELECT id, seq, hash FROM audit_auditchainhead WHERE id BETWEEN 1 AND %s "
    "ORDER BY mod(id + %s - %s, %s) LIMIT 1 FOR UPDATE SKIP LOCKED"
)
_PENDING = (
    "SELECT id, {at}, actor_id, actor_name, role, on_behalf_of, patient_id, case_id, data, action, "
    "source, basis, emergency, v FROM audit_accessevent WHERE chain = 0 ORDER BY id LIMIT %s{lock}"
)

_next_chain = threading.local()


def sequence_interval() -> float:
    """Seconds between the task worker's sequencer runs (TM_AUDIT_SEQUENCE_SECONDS, default 1)."""
    return max(0.05, float(getattr(settings, "TM_AUDIT_SEQUENCE_SECONDS", 1.0)))


def ensure_heads(chains: int | None = None) -> None:
    """Heads for chains 1 to `chains` (a new database, a flush, or a raised TM_AUDIT_CHAINS)."""
    chains = chains or chain_count()
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(id=chain, seq=0, hash=GENESIS) for chain in range(1, chains + 1)],
        ignore_conflicts=True,
    )


def _all_heads_exist(cursor: Any, chains: int) -> bool:
    cursor.execute("SELECT count(*) FROM audit_auditchainhead WHERE id BETWEEN 1 AND %s", [chains])
    return int(cursor.fetchone()[0]) >= chains


def _preferred_chain(chains: int) -> int:
    """The chain the next batch tries first: the one after the chain of the last batch."""
    chain = getattr(_next_chain, "chain", 0)
    return chain if 1 <= chain <= chains else 1


def _locked_head(cursor: Any, vendor: str) -> tuple[int, int, str]:
    """(chain, seq, hash) of a head locked until the transaction ends: on PostgreSQL the first one
    no other sequencer holds (SKIP LOCKED), else the preferred one (SQLite serialises writers)."""
    chains = chain_count()
    preferred = _preferred_chain(chains)
    for _attempt in range(2):
        if vendor == "postgresql":
            cursor.execute(_FIRST_FREE_HEAD, [chains, chains, preferred, chains])
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    "SELECT id, seq, hash FROM audit_auditchainhead WHERE id = %s FOR UPDATE", [preferred]
                )
                row = cursor.fetchone()
        else:
            cursor.execute("SELECT id, seq, hash FROM audit_auditchainhead WHERE id = %s", [preferred])
            row = cursor.fetchone()
        if row is not None and (row[0] == preferred or _all_heads_exist(cursor, chains)):
            _next_chain.chain = int(row[0]) % chains + 1
            return int(row[0]), int(row[1]), str(row[2])
        ensure_heads(chains)
    raise RuntimeError(f"No access-log chain head {preferred} even after creating the heads.")


def _chain_batch(batch_size: int) -> int:
    """One batch in one transaction; returns how many events it chained."""
    vendor = connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        chain, seq, prev_hash = _locked_head(cursor, vendor)
        cursor.execute(
            _PENDING.format(
                at="CAST(at AS TEXT)" if vendor == "sqlite" else "at",
                lock=" FOR UPDATE SKIP LOCKED" if vendor == "postgresql" else "",
            ),
            [batch_size],
        )
        rows = cursor.fetchall()
        if not rows:
            return 0
        links: list[tuple[int, int, str, str, int]] = []
        text = _canonical_text
        for row in rows:
            event_id, at, actor_id, actor_name, role, on_behalf_of, patient_id, case_id = row[:8]
            data, action, source, basis, emergency, version = row[8:]
            if version != CANONICAL_VERSION:
                raise RuntimeError(f"pending access-log event {event_id} has canonical version {version}")
            seq += 1
            # fmt: off
            digest = _sha256(text(
                CANONICAL_VERSION, chain, seq, stored_time(at), actor_id, actor_name, role, on_behalf_of,
                patient_id, case_id, data, action, source, basis, emergency, prev_hash,
            ))
            # fmt: on
            links.append((chain, seq, prev_hash, digest, event_id))
            prev_hash = digest
        _write_links(cursor, vendor, links)
        cursor.execute(
            "UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE id = %s", [seq, prev_hash, chain]
        )
    return len(rows)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _write_links(cursor: Any, vendor: str, links: list[tuple[int, int, str, str, int]]) -> None:
    if vendor == "postgresql":
        # One statement per batch: the values as a list, joined on id.
        values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(links))
        cursor.execute(
            "UPDATE audit_accessevent AS e SET chain = v.chain, seq = v.seq, prev_hash = v.prev_hash, "  # noqa: S608
            f"hash = v.hash FROM (VALUES {values}) AS v(chain, seq, prev_hash, hash, id) "
            "WHERE e.id = v.id AND e.chain = 0",
            [value for link in links for value in link],
        )
    else:
        cursor.executemany(
            "UPDATE audit_accessevent SET chain = %s, seq = %s, prev_hash = %s, hash = %s "
            "WHERE id = %s AND chain = 0",
            links,
        )
    if cursor.rowcount != len(links) and cursor.rowcount != -1:
        raise RuntimeError(f"the sequencer chained {cursor.rowcount} of {len(links)} locked events")


def chain_pending(batch_size: int = DEFAULT_BATCH, max_events: int | None = None) -> int:
    """Chain every pending event (or up to `max_events`), batch by batch; returns how many."""
    total = 0
    while max_events is None or total < max_events:
        size = batch_size if max_events is None else min(batch_size, max_events - total)
        done = _chain_batch(size)
        total += done
        if done < size:
            break
    return total


def pending_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_accessevent WHERE chain = %s", [PENDING_CHAIN])
        return int(cursor.fetchone()[0])


class SequencerThread:
    """Beside the task worker: chains pending events every sequence_interval() seconds and writes a
    checkpoint every TM_AUDIT_SEAL_SECONDS (default 300). A failed run (the database away for a
    moment) is logged and the next one tries again. A daemon thread: it dies with the worker."""

    def __init__(self, every: float | None = None, seal_every: float | None = None) -> None:
        self.every = every if every is not None else sequence_interval()
        self.seal_every = (
            seal_every if seal_every is not None else float(getattr(settings, "TM_AUDIT_SEAL_SECONDS", 300))
        )
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="audit-sequencer", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=max(self.every, 5.0))

    def _run(self) -> None:
        from django.db import close_old_connections

        from secondopinion.audit.chain import seal

        last_seal = time.monotonic()
        while not self._stop.wait(self.every):
            close_old_connections()
            try:
                chain_pending()
                if time.monotonic() - last_seal >= self.seal_every:
                    seal()
                    last_seal = time.monotonic()
            except Exception:
                logger.warning("The access-log sequencer failed; it tries again", exc_info=True)
        connection.close()
