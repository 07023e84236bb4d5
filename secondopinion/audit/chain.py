"""The access log's hash chains and sealed checkpoints: how an event is hashed, how a checkpoint
seals every chain, and how the whole log is checked.

Chains. The log is split into TM_AUDIT_CHAINS chains (default 16, numbered 1, 2, …), each with its
own head row (AuditChainHead, id = chain number). access_record writes an event with one INSERT and
no lock, in the pending lane (chain 0, no seq, no hash); the sequencer (audit/sequencer.py) chains
pending events in batches, each batch in one chain whose head it locks (SKIP LOCKED on PostgreSQL),
the next batch in the next chain. A chained AccessEvent carries `chain`, `seq` (1, 2, 3, … without
gaps within its chain), `prev_hash` (the `hash` of the event with seq - 1 in the same chain, or
GENESIS for seq 1), `v` (the canonical form's version) and `hash`:

    hash = SHA-256( canonical(event) ).hexdigest()        # 64 lower-case hex digits

canonical(event) is the ASCII encoding of one JSON object holding exactly these keys, sorted by
name, without whitespace (separators "," and ":"), non-ASCII characters written as \\uXXXX escapes
(byte for byte what json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=True)
gives; it is built with a template and json's C string encoder, which is the same thing faster):

    action        string, e.g. "read"
    actor_id      integer user id, or null
    actor_name    string
    at            string, the UTC time as YYYY-MM-DDTHH:MM:SS.ffffffZ (always six fraction digits)
    basis         string
    case_id       integer, or null
    chain         integer, the chain (version 2 only)
    data          string
    emergency     true or false
    on_behalf_of  string ("" when nobody)
    patient_id    integer, or null
    prev_hash     string, 64 hex digits
    role          string
    seq           integer, the place in its chain
    source        string
    v             integer, the version of this canonical form: 1 or 2

Version 1 is the form of the single chain this log had before it was split: those events all live in
chain 1 (migration audit/0006 gave them chain 1 and v 1 without touching their hashes) and still
verify as written. Every new event is version 2, which adds `chain`, so moving an event to another
chain breaks its hash. For example (one line in reality):

    {"action":"read","actor_id":3,"actor_name":"gever","at":"2026-11-22T09:01:02.123456Z",
     "basis":"giver","case_id":7,"chain":5,"data":"case","emergency":false,"on_behalf_of":"",
     "patient_id":2,"prev_hash":"000…000","role":"giver","seq":1,"source":"web","v":2}

The row's own `id` is not hashed (it is assigned by the database after the hash is known).

Checkpoints. `manage.py seal_audit` (run it from cron, every few minutes) and every successful
`verify_audit` write an AuditCheckpoint: the (chain, seq, hash) of every head, chained to the
checkpoint before it:

    heads = "1:120:<hash>,2:97:<hash>,…"       # every head past seq 0, by chain number
    hash  = SHA-256( "tm-audit-checkpoint:1|<seq>|<at>|<prev_hash>|<heads>" ).hexdigest()

What is detected: any edit of a hashed field, any deletion, any reordering (within a chain or by
moving an event to another chain), and truncation: the tail of a chain (its head is further on; the
head row cannot move back, by trigger), a whole chain with its head (the checkpoints name it), and
anything a checkpoint sealed even when the head is rewound too. Not detectable from inside the
database: someone with DDL rights who deletes the events written after the last checkpoint *and*
rewinds those heads *and* leaves the checkpoints alone. Against that, keep the checkpoint hash that
seal_audit and verify_audit print somewhere else (a write-once log, another system), and seal often.
"""

import hashlib
import multiprocessing
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from json.encoder import encode_basestring_ascii as _quote
from typing import Any

from django.utils.dateparse import parse_datetime

CANONICAL_VERSION = 2
LEGACY_VERSION = 1
# The pending lane: events access_record wrote and the sequencer has not chained yet.
PENDING = 0
GENESIS = "0" * 64
CHECKPOINT_VERSION = 1

# The model fields that enter the hash, in the order verify reads them (after id).
HASHED_FIELDS: tuple[str, ...] = (
    "chain",
    "seq",
    "v",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "on_behalf_of",
    "patient_id",
    "case_id",
    "data",
    "action",
    "source",
    "basis",
    "emergency",
)


def canonical_time(at: datetime) -> str:
    """An aware datetime as UTC with microseconds: 2026-11-22T09:01:02.123456Z."""
    if at.tzinfo is None:
        raise ValueError("The access log hashes aware datetimes only (USE_TZ).")
    if at.utcoffset():
        at = at.astimezone(UTC)
    return at.replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def stored_time(value: datetime | str) -> str:
    """canonical_time for `at` as a database cursor returns it: an aware datetime (PostgreSQL), or
    the text Django stores on SQLite (naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]")."""
    if type(value) is str:
        if len(value) == 26 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}Z"
        if len(value) == 19 and value[10] == " ":
            return f"{value[:10]}T{value[11:]}.000000Z"
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"Unreadable access-log time {value!r}.")
        value = parsed
    assert isinstance(value, datetime)
    return canonical_time(value if value.tzinfo is not None else value.replace(tzinfo=UTC))


def _int(value: Any) -> str:
    return "null" if value is None else str(int(value))


def _canonical_text(
    version: int,
    chain: int,
    seq: int,
    at_text: str,
    actor_id: Any,
    actor_name: str,
    role: str,
    on_behalf_of: str,
    patient_id: Any,
    case_id: Any,
    data: str,
    action: str,
    source: str,
    basis: str,
    emergency: Any,
    prev_hash: str,
) -> str:
    """The canonical JSON (see the module doc) with the time already in canonical text."""
    head = (
        f'{{"action":{_quote(action)},"actor_id":{_int(actor_id)},"actor_name":{_quote(actor_name)},'
        f'"at":"{at_text}","basis":{_quote(basis)},"case_id":{_int(case_id)},'
    )
    if version == CANONICAL_VERSION:
        head += f'"chain":{int(chain)},'
    elif version != LEGACY_VERSION:
        raise ValueError(f"unknown canonical version {version}")
    return (
        f'{head}"data":{_quote(data)},"emergency":{"true" if emergency else "false"},'
        f'"on_behalf_of":{_quote(on_behalf_of)},"patient_id":{_int(patient_id)},'
        f'"prev_hash":{_quote(prev_hash)},"role":{_quote(role)},"seq":{int(seq)},'
        f'"source":{_quote(source)},"v":{int(version)}}}'
    )


def canonical(fields: dict[str, Any], prev_hash: str) -> bytes:
    """The exact bytes that are hashed; `fields` holds every name in HASHED_FIELDS (`at` an aware
    datetime), `v` and `chain` included."""
    return _canonical_text(
        int(fields["v"]),
        fields["chain"],
        fields["seq"],
        canonical_time(fields["at"]),
        fields["actor_id"],
        str(fields["actor_name"]),
        str(fields["role"]),
        str(fields["on_behalf_of"]),
        fields["patient_id"],
        fields["case_id"],
        str(fields["data"]),
        str(fields["action"]),
        str(fields["source"]),
        str(fields["basis"]),
        fields["emergency"],
        str(prev_hash),
    ).encode("ascii")


def event_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


# The fields version 1 hashed (no chain): what migration audit/0003 chained the first events with.
LEGACY_HASHED_FIELDS: tuple[str, ...] = tuple(name for name in HASHED_FIELDS if name not in ("chain", "v"))


def legacy_event_hash(fields: dict[str, Any], prev_hash: str) -> str:
    """The version 1 hash, for fields holding LEGACY_HASHED_FIELDS."""
    return event_hash({**fields, "chain": 1, "v": LEGACY_VERSION}, prev_hash)


# -- checkpoints ---------------------------------------------------------------------------------


def heads_text(heads: Iterable[tuple[Any, ...]]) -> str:
    """(chain, seq, hash) rows as checkpoints store them: "1:120:<hash>,2:97:<hash>", by chain."""
    return ",".join(f"{int(chain)}:{int(seq)}:{hash_}" for chain, seq, hash_ in sorted(heads))


def parse_heads(text: str) -> list[tuple[int, int, str]]:
    if not text:
        return []
    rows = []
    for part in text.split(","):
        chain, seq, hash_ = part.split(":")
        rows.append((int(chain), int(seq), hash_))
    return rows


def checkpoint_hash(seq: int, at: datetime, prev_hash: str, heads: str) -> str:
    text = f"tm-audit-checkpoint:{CHECKPOINT_VERSION}|{int(seq)}|{canonical_time(at)}|{prev_hash}|{heads}"
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def seal() -> "Any | None":
    """Write a checkpoint of every head, chained to the last one; None when no head moved since.

    Reads the heads without locking them: each is a committed state, and the events up to it are
    committed with it. Two seals at once: the second one's seq collides (unique) and it tries again.
    """
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    from secondopinion.audit.models import AuditChainHead, AuditCheckpoint

    for _attempt in range(3):
        try:
            with transaction.atomic():
                last = AuditCheckpoint.objects.order_by("-seq").values_list("seq", "hash", "heads").first()
                heads = heads_text(AuditChainHead.objects.filter(seq__gt=0).values_list("id", "seq", "hash"))
                if last is not None and last[2] == heads:
                    return None
                seq, prev_hash = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
                at = timezone.now()
                return AuditCheckpoint.objects.create(
                    seq=seq,
                    at=at,
                    heads=heads,
                    prev_hash=prev_hash,
                    hash=checkpoint_hash(seq, at, prev_hash, heads),
                )
        except IntegrityError:
            continue
    raise RuntimeError("Another seal_audit kept sealing at the same time; try again.")


# -- verification -------------------------------------------------------------------------------


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


def verify_log(chunk_size: int = 5000, workers: int = 1, chains: int | None = None) -> LogResult:
    """Verify every chain (each one a head names, TM_AUDIT_CHAINS' chains, and any a checkpoint
    names), the checkpoints, and that no event lies outside them.

    With workers > 1 the chains are verified in that many processes, each with its own connection;
    that needs committed data in a database other processes can open, so inside a transaction or on
    an in-memory SQLite database it quietly runs in this process.
    """
    from django.db import connection, connections

    from secondopinion.audit.models import AuditChainHead, chain_count

    count, last_hash, problems, sealed = _verify_checkpoints()
    numbers = set(range(1, (chains or chain_count()) + 1))
    numbers |= set(AuditChainHead.objects.values_list("id", flat=True)) | set(sealed)
    tasks = [(chain, sealed.get(chain, {}), chunk_size) for chain in sorted(numbers)]
    parallel = (
        workers > 1
        and not connection.in_atomic_block
        and not (connection.vendor == "sqlite" and getattr(connection, "is_in_memory_db", lambda: False)())
        and "fork" in multiprocessing.get_all_start_methods()
    )
    if parallel:
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(tasks)), initializer=_child_start) as pool:
            results = list(pool.imap_unordered(_verify_in_child, tasks))
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
