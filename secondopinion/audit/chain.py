"""The access log's hash chains and sealed checkpoints: how an event is hashed, how a checkpoint
seals every chain (checking the whole log: audit/verification.py).

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
from collections.abc import Iterable
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
