"""Verifying the access log: every chain walked in seq order (in parallel processes), every hash
recomputed, every link, gap and head checked, and the checkpoints' own chain with what they sealed
(the hashing and the checkpoints themselves: audit/chain.py)."""

import hashlib
import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as _quote
from typing import Any

from secondopinion.audit.chain import (
    CANONICAL_VERSION,
    GENESIS,
    LEGACY_VERSION,
    PENDING,
    _canonical_text,
    checkpoint_hash,
    parse_heads,
    stored_time,
)


@dataclass(frozen=True)
class ChainResult:
    """What verification found in one chain: either ok, or its first broken link."""

    chain: int
    ok: bool
    events: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"chain {self.chain}: OK, {self.events} events, head {self.head_hash}"
        where = f"seq {self.broken_seq}" if self.broken_seq is not None else "the head"
        if self.broken_id is not None:
            where += f" (id {self.broken_id})"
        return f"chain {self.chain}: BROKEN at {where}: {self.problem}"


@dataclass(frozen=True)
class LogResult:
    """The whole log: every chain's result, and what is wrong with the checkpoints, if anything."""

    chains: list[ChainResult]
    checkpoints: int = 0
    checkpoint_hash: str = GENESIS
    checkpoint_problems: list[str] = field(default_factory=list)
    # Events written but not yet chained by the sequencer (audit/sequencer.py): not verified.
    pending: int = 0

    @property
    def ok(self) -> bool:
        return not self.checkpoint_problems and all(result.ok for result in self.chains)

    @property
    def events(self) -> int:
        return sum(result.events for result in self.chains)

    @property
    def broken(self) -> list[ChainResult]:
        return [result for result in self.chains if not result.ok]

    def chain(self, number: int) -> ChainResult:
        return next(result for result in self.chains if result.chain == number)

    def __str__(self) -> str:
        if self.ok:
            used = sum(1 for result in self.chains if result.events)
            return (
                f"OK: {self.events} events in {used} of {len(self.chains)} chains, "
                f"{self.checkpoints} checkpoints (last {self.checkpoint_hash})"
                + (f"; {self.pending} events not yet chained" if self.pending else "")
            )
        lines = [f"BROKEN: {len(self.broken) + len(self.checkpoint_problems)} problem(s)"]
        lines += [str(result) for result in self.broken]
        lines += [f"checkpoints: {problem}" for problem in self.checkpoint_problems]
        return "\n".join(lines)


# `at` as text on SQLite (what Django stored, read without its per-row datetime converter).
_COLUMNS = "id, seq, v, {at}, actor_id, actor_name, role, on_behalf_of, patient_id, case_id, data, action, source, basis, emergency, prev_hash, hash"


# `at` read as text: on SQLite what Django stored; on PostgreSQL already the canonical form, which
# spares every row Python's datetime conversion.
_AT_AS_TEXT = {
    "sqlite": "CAST(at AS TEXT)",
    "postgresql": """to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')""",
}


def _as_is(value: Any) -> str:
    return value


def _head(cursor: Any, chain: int) -> tuple[int, str] | None:
    cursor.execute("SELECT seq, hash FROM audit_auditchainhead WHERE id = %s", [chain])
    row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None


def verify_one_chain(chain: int, sealed: dict[int, str], chunk_size: int = 5000) -> ChainResult:
    """Walk one chain in seq order: recompute every hash, check links, gaps, the head and the seqs
    the checkpoints sealed (`sealed`: seq -> hash). Stops at the first broken link.

    The head is read before and after the walk, so writers may go on meanwhile: the events up to the
    head read before must all be there, and the head read after must not be behind the last event.
    """
    from django.db import connection

    sha256, quote = hashlib.sha256, _quote
    text = _canonical_text
    time_text = stored_time
    with connection.cursor() as cursor:
        before = _head(cursor, chain)
    expected_seq, prev_hash, count, last_id = 1, GENESIS, 0, None
    head_seq, head_hash = before if before is not None else (0, GENESIS)
    hash_at_head = GENESIS if head_seq == 0 else None
    sealed_seen: dict[int, str] = {0: GENESIS} if 0 in sealed else {}

    def broken(seq: int | None, event_id: int | None, problem: str) -> ChainResult:
        return ChainResult(chain, False, count, head_seq, head_hash, seq, event_id, problem)

    with connection.chunked_cursor() as cursor:
        columns = _COLUMNS.format(at=_AT_AS_TEXT.get(connection.vendor, "at"))
        if connection.vendor == "postgresql":
            time_text = _as_is  # PostgreSQL writes the canonical text itself
        sql = f"SELECT {columns} FROM audit_accessevent WHERE chain = %s ORDER BY seq"  # noqa: S608  (constants)
        cursor.execute(sql, [chain])
        while rows := cursor.fetchmany(chunk_size):
            for row in rows:
                (event_id, seq, v, at, actor_id, actor_name, role, on_behalf_of, patient_id, case_id) = row[
                    :10
                ]
                data, action, source, basis, emergency, stored_prev, stored_hash = row[10:]
                if seq != expected_seq:
                    if seq > expected_seq:
                        missing = (
                            f"{expected_seq} to {seq - 1}" if seq - 1 > expected_seq else f"{expected_seq}"
                        )
                        return broken(
                            seq,
                            event_id,
                            f"seq gap: expected {expected_seq}, found {seq} (missing: {missing})",
                        )
                    return broken(seq, event_id, f"seq out of order: expected {expected_seq}, found {seq}")
                if stored_prev != prev_hash:
                    return broken(
                        seq,
                        event_id,
                        f"prev_hash {stored_prev} does not match the hash of event {seq - 1}, {prev_hash}",
                    )
                if v != CANONICAL_VERSION and (v != LEGACY_VERSION or chain != 1):
                    return broken(seq, event_id, f"canonical version {v} is not allowed in chain {chain}")
                if v == CANONICAL_VERSION:
                    # _canonical_text inlined: the one place where a million calls add up.
                    recomputed = sha256(
                        (
                            f'{{"action":{quote(action)},'
                            f'"actor_id":{"null" if actor_id is None else actor_id},'
                            f'"actor_name":{quote(actor_name)},"at":"{time_text(at)}","basis":{quote(basis)},'
                            f'"case_id":{"null" if case_id is None else case_id},"chain":{chain},'
                            f'"data":{quote(data)},"emergency":{"true" if emergency else "false"},'
                            f'"on_behalf_of":{quote(on_behalf_of)},'
                            f'"patient_id":{"null" if patient_id is None else patient_id},'
                            f'"prev_hash":"{prev_hash}","role":{quote(role)},"seq":{seq},'
                            f'"source":{quote(source)},"v":2}}'
                        ).encode("ascii")
                    ).hexdigest()
                else:
                    # fmt: off
                    recomputed = sha256(text(
                        v, chain, seq, time_text(at), actor_id, actor_name, role, on_behalf_of, patient_id,
                        case_id, data, action, source, basis, emergency, prev_hash,
                    ).encode("ascii")).hexdigest()
                    # fmt: on
                if recomputed != stored_hash:
                    return broken(
                        seq,
                        event_id,
                        f"stored hash {stored_hash} differs from the recomputed {recomputed}: the event was changed",
                    )
                if seq == head_seq:
                    hash_at_head = stored_hash
                if seq in sealed:
                    sealed_seen[seq] = stored_hash
                prev_hash, expected_seq, count, last_id = stored_hash, expected_seq + 1, count + 1, event_id

    last_seq = expected_seq - 1
    with connection.cursor() as cursor:
        after = _head(cursor, chain)
    for seq in sorted(sealed):
        if seq > last_seq:
            return broken(
                last_seq + 1,
                None,
                f"the chain ends at seq {last_seq}, but a checkpoint sealed it at seq {seq} "
                f"(hash {sealed[seq]}): events {last_seq + 1} to {seq} were cut off"
                + (", and the head with them" if before is None or head_seq < seq else ""),
            )
        if sealed_seen.get(seq) != sealed[seq]:
            return broken(
                seq,
                None,
                f"a checkpoint sealed event {seq} with hash {sealed[seq]}, but it now has {sealed_seen.get(seq)}: "
                "the chain was rewritten",
            )
    if before is None or after is None:
        if count:
            return broken(None, None, f"the chain head is missing, but the chain holds {count} events")
        return ChainResult(chain, True, 0, 0, GENESIS)
    if head_seq > last_seq:
        return broken(
            last_seq + 1,
            None,
            f"the chain ends at seq {last_seq}, but the head is at seq {head_seq} (hash {head_hash}): "
            f"events {last_seq + 1} to {head_seq} were cut off the end",
        )
    if after[0] < last_seq:
        return broken(
            after[0] + 1,
            None,
            f"the head is at seq {after[0]}, but the chain goes on to seq {last_seq}: "
            "the head was moved back, or events were added without it",
        )
    if hash_at_head != head_hash:
        return broken(
            head_seq,
            last_id if head_seq == last_seq else None,
            f"the head's hash {head_hash} differs from the hash of event {head_seq}, {hash_at_head}",
        )
    if after[0] == last_seq and after[1] != prev_hash:
        return broken(
            last_seq, last_id, f"the head's hash {after[1]} differs from the last event's hash {prev_hash}"
        )
    return ChainResult(chain, True, count, max(head_seq, last_seq), prev_hash if count else head_hash)


def _verify_checkpoints() -> tuple[int, str, list[str], dict[int, dict[int, str]]]:
    """The checkpoints' own chain; returns how many, the last hash, problems, and per chain the
    seqs they sealed with their hashes."""
    from secondopinion.audit.models import AuditCheckpoint

    problems: list[str] = []
    sealed: dict[int, dict[int, str]] = {}
    expected, prev_hash, count = 1, GENESIS, 0
    rows = AuditCheckpoint.objects.order_by("seq").values_list(
        "id", "seq", "at", "heads", "prev_hash", "hash"
    )
    for _id, seq, at, heads, stored_prev, stored_hash in rows.iterator(chunk_size=2000):
        if seq != expected:
            problems.append(f"checkpoint seq gap or reorder: expected {expected}, found {seq}")
            break
        if stored_prev != prev_hash:
            problems.append(f"checkpoint {seq}: prev_hash {stored_prev} does not match checkpoint {seq - 1}")
            break
        recomputed = checkpoint_hash(seq, at, stored_prev, heads)
        if recomputed != stored_hash:
            problems.append(
                f"checkpoint {seq}: stored hash {stored_hash} differs from the recomputed {recomputed}"
            )
            break
        for chain, chain_seq, chain_hash in parse_heads(heads):
            sealed.setdefault(chain, {})[chain_seq] = chain_hash
        prev_hash, expected, count = stored_hash, expected + 1, count + 1
    return count, prev_hash, problems, sealed


def _verify_in_child(task: tuple[int, dict[int, str], int]) -> ChainResult:
    chain, sealed, chunk_size = task
    return verify_one_chain(chain, sealed, chunk_size)


def _child_start() -> None:
    from django.db import connections

    # The parent closed its connections before forking: open fresh ones here.
    for conn in connections.all(initialized_only=True):
        conn.connection = None


def can_fork_verifiers(connection: Any) -> bool:
    """Whether chains may be verified in forked processes: only with committed data that other
    processes can open, and only from a process with a single thread. A fork copies every lock as it
    stands, and a lock another thread held at that moment stays held in the child for good (`make
    test` hung on this once: a verifying child waited on a queue lock that nobody would release)."""
    return (
        not connection.in_atomic_block
        and not (connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db", lambda: False)())
        and "fork" in multiprocessing.get_all_start_methods()
        and _threads() == 1
    )


def _threads() -> int:
    """The threads of this process, those started outside `threading` too (execnet's, for one)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def verify_log(chunk_size: int = 5000, workers: int = 1, chains: int | None = None) -> LogResult:
    """Verify every chain (each one a head names, TM_AUDIT_CHAINS' chains, and any a checkpoint
    names), the checkpoints, and that no event lies outside them.

    With workers > 1 the chains are verified in that many processes, each with its own connection;
    that needs committed data in a database other processes can open and a process with one thread
    (`can_fork_verifiers`); otherwise it quietly runs in this process.
    """
    from django.db import connection, connections

    from secondopinion.audit.models import AuditChainHead, chain_count

    count, last_hash, problems, sealed = _verify_checkpoints()
    numbers = set(range(1, (chains or chain_count()) + 1))
    numbers |= set(AuditChainHead.objects.values_list("id", flat=True)) | set(sealed)
    tasks = [(chain, sealed.get(chain, {}), chunk_size) for chain in sorted(numbers)]
    if workers > 1 and can_fork_verifiers(connection):
        connections.close_all()
        pool = multiprocessing.get_context("fork").Pool(min(workers, len(tasks)), initializer=_child_start)
        try:
            results = list(pool.imap_unordered(_verify_in_child, tasks))
            pool.close()  # each child ends on its own once the tasks are done
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
        results.sort(key=lambda result: result.chain)
    else:
        results = [verify_one_chain(*task) for task in tasks]
    with connection.cursor() as cursor:
        known = sorted(numbers | {PENDING})
        parameters = ", ".join(["%s"] * len(known))
        cursor.execute(
            f"SELECT chain, count(*) FROM audit_accessevent WHERE chain NOT IN ({parameters}) GROUP BY chain",  # noqa: S608
            known,
        )
        for chain, stray in cursor.fetchall():
            results.append(
                ChainResult(
                    chain,
                    False,
                    0,
                    0,
                    GENESIS,
                    None,
                    None,
                    f"{stray} events in chain {chain}, which has no head",
                )
            )
        cursor.execute("SELECT count(*) FROM audit_accessevent WHERE chain = %s", [PENDING])
        pending = int(cursor.fetchone()[0])
    return LogResult(results, count, last_hash, problems, pending)


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)
