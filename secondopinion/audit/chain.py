"""The access log's hash chain: how an event is hashed, and how the whole chain is checked.

Every AccessEvent carries `seq` (1, 2, 3, … without gaps), `prev_hash` (the `hash` of the event
with seq - 1, or GENESIS for seq 1) and `hash`, computed before the row is inserted:

    hash = SHA-256( canonical(event) ).hexdigest()        # 64 lower-case hex digits

canonical(event) is the UTF-8 (in fact pure ASCII) encoding of one JSON object holding exactly
these keys, sorted by name, without whitespace (separators "," and ":"), non-ASCII characters
written as \\uXXXX escapes (json.dumps(..., sort_keys=True, separators=(",", ":"),
ensure_ascii=True)):

    action        string, e.g. "read"
    actor_id      integer user id, or null
    actor_name    string
    at            string, the UTC time as YYYY-MM-DDTHH:MM:SS.ffffffZ (always six fraction digits)
    basis         string
    case_id       integer, or null
    data          string
    emergency     true or false
    on_behalf_of  string ("" when nobody)
    patient_id    integer, or null
    prev_hash     string, 64 hex digits
    role          string
    seq           integer
    source        string
    v             integer, the version of this canonical form: 1

For example (one line in reality):

    {"action":"read","actor_id":3,"actor_name":"gever","at":"2026-11-22T09:01:02.123456Z",
     "basis":"giver","case_id":7,"data":"case","emergency":false,"on_behalf_of":"",
     "patient_id":2,"prev_hash":"000…000","role":"giver","seq":1,"source":"web","v":1}

The row's own `id` is not hashed (it is assigned by the database after the hash is known); `seq`
is the event's place in the chain. The latest `seq` and `hash` are also kept in the single row of
AuditChainHead, so that cutting events off the end of the log shows: the chain would then end
before the head.

What the chain proves: any edit of a hashed field, any deletion, any reordering and any
truncation made by someone who does not also rewrite every later hash and the head. Against a
writer who can rewrite the whole table and the head, only a copy of the head hash kept elsewhere
(printed by `manage.py verify_audit`) helps.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

CANONICAL_VERSION = 1
GENESIS = "0" * 64

# The model fields that enter the hash, in the order verify_chain reads them.
HASHED_FIELDS: tuple[str, ...] = (
    "seq",
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


_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical_time(at: datetime) -> str:
    """An aware datetime as UTC with microseconds: 2026-11-22T09:01:02.123456Z."""
    if at.tzinfo is None:
        raise ValueError("The access log hashes aware datetimes only (USE_TZ).")
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def _canonical_values(values: Sequence[Any], prev_hash: str) -> bytes:
    """canonical() for values given in HASHED_FIELDS order (verify_chain's fast path)."""
    (
        seq,
        at,
        actor_id,
        actor_name,
        role,
        on_behalf_of,
        patient_id,
        case_id,
        data,
        action,
        source,
        basis,
        emergency,
    ) = values
    document = {
        "v": CANONICAL_VERSION,
        "seq": int(seq),
        "at": canonical_time(at),
        "actor_id": None if actor_id is None else int(actor_id),
        "actor_name": str(actor_name),
        "role": str(role),
        "on_behalf_of": str(on_behalf_of),
        "patient_id": None if patient_id is None else int(patient_id),
        "case_id": None if case_id is None else int(case_id),
        "data": str(data),
        "action": str(action),
        "source": str(source),
        "basis": str(basis),
        "emergency": bool(emergency),
        "prev_hash": str(prev_hash),
    }
    return _ENCODER.encode(document).encode("ascii")


def canonical(fields: dict[str, Any], prev_hash: str) -> bytes:
    """The exact bytes that are hashed; `fields` holds every name in HASHED_FIELDS."""
    return _canonical_values([fields[name] for name in HASHED_FIELDS], prev_hash)


def event_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


@dataclass(frozen=True)
class ChainResult:
    """What verify_chain found: either ok, or the first broken link and what is wrong with it."""

    ok: bool
    events: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str = ""

    def __str__(self) -> str:
        if self.ok:
            return f"OK: {self.events} events, head {self.head_hash}"
        where = f"seq {self.broken_seq}" if self.broken_seq is not None else "the head"
        if self.broken_id is not None:
            where += f" (id {self.broken_id})"
        return f"BROKEN at {where}: {self.problem}"


def verify_chain(chunk_size: int = 5000) -> ChainResult:
    """Walk the log in seq order, recompute every hash, check the links, the gaps and the head.

    Streams the rows as tuples, `chunk_size` at a time, so a million events need little memory.
    Stops at the first broken link.
    """
    from secondopinion.audit.models import HEAD_ID, AccessEvent, AuditChainHead

    columns = ("id", *HASHED_FIELDS, "prev_hash", "hash")
    rows = AccessEvent.objects.order_by("seq").values_list(*columns).iterator(chunk_size=chunk_size)
    expected_seq, prev_hash, count, last_id = 1, GENESIS, 0, None
    head = AuditChainHead.objects.filter(pk=HEAD_ID).values_list("seq", "hash").first()
    head_seq, head_hash = head if head is not None else (0, GENESIS)

    def broken(seq: int | None, event_id: int | None, problem: str) -> ChainResult:
        return ChainResult(False, count, head_seq, head_hash, seq, event_id, problem)

    for row in rows:
        event_id, seq, stored_prev, stored_hash = row[0], row[1], row[-2], row[-1]
        if seq != expected_seq:
            if seq > expected_seq:
                missing = f"{expected_seq} to {seq - 1}" if seq - 1 > expected_seq else f"{expected_seq}"
                return broken(
                    seq, event_id, f"seq gap: expected {expected_seq}, found {seq} (missing: {missing})"
                )
            return broken(seq, event_id, f"seq out of order: expected {expected_seq}, found {seq}")
        if stored_prev != prev_hash:
            return broken(
                seq,
                event_id,
                f"prev_hash {stored_prev} does not match the hash of event {seq - 1}, {prev_hash}",
            )
        recomputed = hashlib.sha256(_canonical_values(row[1:-2], prev_hash)).hexdigest()
        if recomputed != stored_hash:
            return broken(
                seq,
                event_id,
                f"stored hash {stored_hash} differs from the recomputed {recomputed}: the event was changed",
            )
        prev_hash, expected_seq, count, last_id = stored_hash, expected_seq + 1, count + 1, event_id

    last_seq = expected_seq - 1
    if head is None:
        if count:
            return broken(None, None, f"the chain head is missing, but the log holds {count} events")
        return ChainResult(True, 0, 0, GENESIS)
    if head_seq > last_seq:
        return broken(
            last_seq + 1,
            None,
            f"the log ends at seq {last_seq}, but the head is at seq {head_seq} (hash {head_hash}): "
            f"events {last_seq + 1} to {head_seq} were cut off the end",
        )
    if head_seq < last_seq:
        return broken(
            head_seq + 1,
            None,
            f"the head is at seq {head_seq}, but the log goes on to seq {last_seq}: "
            "the head was moved back, or events were added without it",
        )
    if head_hash != prev_hash:
        return broken(
            last_seq,
            last_id,
            f"the head's hash {head_hash} differs from the last event's hash {prev_hash}",
        )
    return ChainResult(True, count, head_seq, head_hash)
