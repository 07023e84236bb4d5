"""Archives of the access log: each chain's events up to a date, exported with the checkpoint that
seals them, and checked again later without the database.

WGBO asks to keep the log as long as the record: 20 years. The database keeps every event (the
triggers refuse any removal); an archive is how the log leaves it, for a copy in write-once object
storage now and, when the first events reach their retention date, before they are removed.

An archive is one gzip-compressed file of JSON lines:
- one line per chained event with `at` before the given date, chain by chain in seq order, each from
  seq 1: every field the hash covers (`at` in its canonical text), `prev_hash` and `hash`;
- a last line, the manifest: `{"kind": "tm-audit-archive", "version": 1, …}` with the date, the
  checkpoint that seals the archived events (its seq, time, prev_hash, heads and hash, as stored),
  per chain the seqs archived and the last hash, the number of events, and the SHA-256 of all the
  event lines before it.

`verify_archive` recomputes every hash and link from GENESIS, checks that each chain's archived run
is gap-free from seq 1, that the checkpoint's hash is right and seals each chain at or beyond its
archived end (with the same hash where it ends there), and the digest over the lines. Given a
database, it also checks that the checkpoint is in it and that every archived chain's last event
still has the archived hash there (while the events are still kept).
"""

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from secondopinion.audit.chain import (
    GENESIS,
    HASHED_FIELDS,
    _canonical_text,
    checkpoint_hash,
    parse_heads,
    seal,
    stored_time,
)
from secondopinion.audit.verification import _AT_AS_TEXT

ARCHIVE_KIND = "tm-audit-archive"
ARCHIVE_VERSION = 1

_EVENT_FIELDS = (*HASHED_FIELDS, "prev_hash", "hash")


@dataclass
class ArchiveResult:
    path: Path
    events: int
    chains: dict[int, tuple[int, str]]  # chain -> (last archived seq, its hash)
    checkpoint_seq: int
    checkpoint_hash: str
    digest: str


@dataclass
class ArchiveCheck:
    events: int = 0
    problems: list[str] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _recomputed(row: dict[str, Any]) -> str:
    text = _canonical_text(
        int(row["v"]),
        row["chain"],
        row["seq"],
        row["at"],
        row["actor_id"],
        row["actor_name"],
        row["role"],
        row["on_behalf_of"],
        row["patient_id"],
        row["case_id"],
        row["data"],
        row["action"],
        row["source"],
        row["basis"],
        row["emergency"],
        row["prev_hash"],
    )
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def export_archive(before: datetime, out: Path, chunk_size: int = 5000) -> ArchiveResult:
    """Write every chain's events before `before` (a prefix of each chain, ending at the last event
    sealed by the newest checkpoint) to `out`; the pending events are chained and a checkpoint is
    sealed first. Logs the export in the access log itself."""
    from django.db import connection

    from secondopinion.audit.models import AuditCheckpoint
    from secondopinion.audit.sequencer import chain_pending
    from secondopinion.audit.services import access_record

    chain_pending()
    seal()
    checkpoint = AuditCheckpoint.objects.order_by("-seq").first()
    if checkpoint is None:
        raise ValueError("The access log holds no events yet: there is nothing to archive.")
    sealed = {chain: (seq, hash_) for chain, seq, hash_ in parse_heads(checkpoint.heads)}
    at_sql = _AT_AS_TEXT.get(connection.vendor, "at")
    columns = ", ".join(at_sql if name == "at" else name for name in _EVENT_FIELDS)
    ends: dict[int, int] = {}
    with connection.cursor() as cursor:
        for chain, (seq, _hash) in sealed.items():
            cursor.execute(
                "SELECT min(seq) FROM audit_accessevent WHERE chain = %s AND at >= %s",
                [chain, connection.ops.adapt_datetimefield_value(before)],
            )
            first_late = cursor.fetchone()[0]
            end = seq if first_late is None else min(seq, int(first_late) - 1)
            if end > 0:
                ends[chain] = end
    digest = hashlib.sha256()
    archived: dict[int, tuple[int, str]] = {}
    count = 0
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="ascii") as file:
        for chain, end in sorted(ends.items()):
            with connection.chunked_cursor() as cursor:
                cursor.execute(
                    f"SELECT {columns} FROM audit_accessevent WHERE chain = %s AND seq <= %s ORDER BY seq",  # noqa: S608  (constants)
                    [chain, end],
                )
                while rows := cursor.fetchmany(chunk_size):
                    for values in rows:
                        row = dict(zip(_EVENT_FIELDS, values, strict=True))
                        row["at"] = stored_time(row["at"]) if connection.vendor != "postgresql" else row["at"]
                        row["emergency"] = bool(row["emergency"])
                        line = json.dumps(row, sort_keys=True, ensure_ascii=True) + "\n"
                        digest.update(line.encode("ascii"))
                        file.write(line)
                        archived[chain] = (row["seq"], row["hash"])
                        count += 1
        manifest = {
            "kind": ARCHIVE_KIND,
            "version": ARCHIVE_VERSION,
            "before": before.isoformat(),
            "events": count,
            "chains": {
                str(chain): {"from_seq": 1, "to_seq": seq, "last_hash": h}
                for chain, (seq, h) in archived.items()
            },
            "checkpoint": {
                "seq": checkpoint.seq,
                "at": checkpoint.at.isoformat(),
                "prev_hash": checkpoint.prev_hash,
                "heads": checkpoint.heads,
                "hash": checkpoint.hash,
            },
            "sha256": digest.hexdigest(),
        }
        file.write(json.dumps(manifest, sort_keys=True, ensure_ascii=True) + "\n")
    access_record(
        actor=None,
        action="export",
        data="access_log",
        source="command",
        role="system",
        basis="retention (WGBO)",
    )
    return ArchiveResult(out, count, archived, checkpoint.seq, checkpoint.hash, digest.hexdigest())


def verify_archive(path: Path, against_database: bool = True) -> ArchiveCheck:
    """Check an archive on its own (and against the database, if asked); see the module doc."""
    check = ArchiveCheck()
    problems = check.problems
    digest = hashlib.sha256()
    expected: dict[int, tuple[int, str]] = {}  # chain -> (next seq, prev hash)
    last_line = ""
    try:
        with gzip.open(path, "rt", encoding="ascii") as file:
            pending_line: str | None = None
            for line in file:
                if pending_line is not None:
                    digest.update(pending_line.encode("ascii"))
                    problem = _check_event(pending_line, expected)
                    if problem:
                        problems.append(problem)
                        return check
                    check.events += 1
                pending_line = line
            last_line = pending_line or ""
    except (OSError, EOFError, UnicodeDecodeError) as error:
        problems.append(f"the archive cannot be read: {error}")
        return check
    try:
        manifest = json.loads(last_line)
    except json.JSONDecodeError:
        problems.append("the last line is no manifest: the archive was cut off")
        return check
    if manifest.get("kind") != ARCHIVE_KIND or manifest.get("version") != ARCHIVE_VERSION:
        problems.append("the last line is no manifest of this product's archives: the archive was cut off")
        return check
    check.manifest = manifest
    if manifest["sha256"] != digest.hexdigest():
        problems.append(
            f"the event lines' SHA-256 {digest.hexdigest()} differs from the manifest's {manifest['sha256']}"
        )
    if manifest["events"] != check.events:
        problems.append(f"the manifest counts {manifest['events']} events, the archive holds {check.events}")
    found = {chain: (seq - 1, prev) for chain, (seq, prev) in expected.items()}
    listed = {int(chain): (item["to_seq"], item["last_hash"]) for chain, item in manifest["chains"].items()}
    if found != listed:
        problems.append(
            f"the manifest's chains {sorted(listed.items())} differ from the archive's {sorted(found.items())}"
        )
    point = manifest["checkpoint"]
    recomputed = checkpoint_hash(
        point["seq"], datetime.fromisoformat(point["at"]), point["prev_hash"], point["heads"]
    )
    if recomputed != point["hash"]:
        problems.append(f"the checkpoint's hash {point['hash']} differs from the recomputed {recomputed}")
    sealed = {chain: (seq, hash_) for chain, seq, hash_ in parse_heads(point["heads"])}
    for chain, (seq, last) in found.items():
        if chain not in sealed or sealed[chain][0] < seq:
            problems.append(f"chain {chain}: archived up to seq {seq}, beyond what the checkpoint sealed")
        elif sealed[chain][0] == seq and sealed[chain][1] != last:
            problems.append(
                f"chain {chain}: the checkpoint sealed seq {seq} with another hash than the archive's"
            )
    if against_database and not problems:
        problems.extend(_against_database(point, found))
    return check


def _check_event(line: str, expected: dict[int, tuple[int, str]]) -> str:
    try:
        row = json.loads(line)
        chain, seq = int(row["chain"]), int(row["seq"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        return f"an event line cannot be read: {line[:80]!r}"
    next_seq, prev = expected.get(chain, (1, GENESIS))
    if seq != next_seq:
        return f"chain {chain}: expected seq {next_seq}, found {seq}"
    if row["prev_hash"] != prev:
        return f"chain {chain} seq {seq}: prev_hash does not match the event before it"
    try:
        recomputed = _recomputed(row)
    except (KeyError, ValueError) as error:
        return f"chain {chain} seq {seq}: {error}"
    if recomputed != row["hash"]:
        return (
            f"chain {chain} seq {seq}: the stored hash differs from the recomputed one: the event was changed"
        )
    expected[chain] = (seq + 1, row["hash"])
    return ""


def _against_database(point: dict[str, Any], found: dict[int, tuple[int, str]]) -> list[str]:
    from secondopinion.audit.models import AccessEvent, AuditCheckpoint

    problems = []
    stored = AuditCheckpoint.objects.filter(seq=point["seq"]).values_list("hash", flat=True).first()
    if stored != point["hash"]:
        problems.append(
            f"checkpoint {point['seq']} in the database is {stored}, not the archive's {point['hash']}"
        )
    for chain, (seq, last) in sorted(found.items()):
        now = AccessEvent.objects.filter(chain=chain, seq=seq).values_list("hash", flat=True).first()
        if now is not None and now != last:
            problems.append(f"chain {chain} seq {seq}: the database holds hash {now}, the archive {last}")
    return problems
