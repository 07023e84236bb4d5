"""Benchmark (not a test): `verify_audit` over a million access-log events.

    .venv/bin/python bench/verify_audit.py [--events 1000000] [--chains 16] [--workers 2] [--chunk-size 5000] [--keep]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Builds a throwaway SQLite database under var/bench/ (or, with --postgres, a throwaway database on
that server), migrates it, inserts the events in bulk, laid out as the sequencer lays them out (runs
of 2,000 events, each run in the next chain), with hashes precomputed by the same function access_record uses
(secondopinion.audit.chain), moves every chain head to its last event and seals a checkpoint, then
runs verify_log (what `verify_audit` runs) in a fresh child process with --workers processes and
reports rows per second and the peak memory (ru_maxrss) of the verifying processes, then the peak of
Python's own allocations (tracemalloc) in a second, untimed, single-process pass.
"""

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 10_000
RUN = 2000  # the sequencer's batch: so many events in a row go to one chain (audit/sequencer.py)


def setup_django(database: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database if "://" in database else f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {cpu}, {mem_kb / 1024 / 1024:.1f} GiB RAM"


def build(events: int, chains: int) -> float:
    """Insert `events` events over `chains` chains; returns the seconds it took."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from secondopinion.accounts.models import User
    from secondopinion.audit.chain import CANONICAL_VERSION, GENESIS, event_hash, seal
    from secondopinion.audit.models import AuditChainHead

    call_command("migrate", verbosity=0)
    actors = [User.objects.create(username=f"bench{i}").pk for i in range(8)]
    names = [f"Bench User {i}" for i in range(8)]
    actions = ["read", "read", "read", "search", "update", "create", "export", "send"]
    roles = ["giver", "coordinator", "patient", "treating"]
    start_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    columns = (
        "chain, seq, v, at, actor_id, actor_name, role, on_behalf_of, patient_id, case_id, data, action, "
        "source, basis, emergency, prev_hash, hash"
    )
    insert = f"INSERT INTO audit_accessevent ({columns}) VALUES ({', '.join(['%s'] * 17)})"
    adapt = connection.ops.adapt_datetimefield_value
    heads = dict.fromkeys(range(1, chains + 1), (0, GENESIS))
    began = time.perf_counter()
    for first in range(1, events + 1, BATCH):
        rows = []
        for n in range(first, min(first + BATCH, events + 1)):
            chain = ((n - 1) // RUN) % chains + 1
            seq, prev = heads[chain][0] + 1, heads[chain][1]
            who = n % 8
            role = roles[n % 4]
            fields = {
                "chain": chain,
                "seq": seq,
                "v": CANONICAL_VERSION,
                "at": start_at + dt.timedelta(milliseconds=n * 37),
                "actor_id": actors[who] if n % 50 else None,
                "actor_name": names[who] if n % 50 else "system",
                "role": role,
                "on_behalf_of": "" if n % 7 else "J. de Vries (moeder)",
                "patient_id": None,
                "case_id": None,
                "data": f"case:{n % 997}",
                "action": actions[n % 8],
                "source": "web" if n % 3 else "api",
                "basis": role if n % 11 else "consent",
                "emergency": n % 1000 == 0,
            }
            digest = event_hash(fields, prev)
            row = [*fields.values(), prev, digest]
            row[3] = adapt(fields["at"])
            rows.append(row)
            heads[chain] = (seq, digest)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(insert, rows)
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(id=chain, seq=0, hash=GENESIS) for chain in heads], ignore_conflicts=True
    )
    for chain, (seq, digest) in heads.items():
        if seq:
            AuditChainHead.objects.filter(pk=chain).update(seq=seq, hash=digest)
    seal()
    return time.perf_counter() - began


def _size_mb(database: str) -> float:
    if "://" not in database:
        return Path(database).stat().st_size / 1024 / 1024
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0] / 1024 / 1024


def verify(chunk_size: int, workers: int, traced: bool) -> None:
    """Child process: time verify_log and print what it found."""
    from secondopinion.audit.verification import verify_log

    if traced:
        import tracemalloc

        tracemalloc.start()
        result = verify_log(chunk_size=chunk_size, workers=1)
        _current, peak = tracemalloc.get_traced_memory()
        print(f"tracemalloc_peak_bytes={peak} ok={result.ok}")
        return
    began, cpu_began = time.perf_counter(), os.times()
    result = verify_log(chunk_size=chunk_size, workers=workers)
    seconds, cpu_ended = time.perf_counter() - began, os.times()
    cpu = sum(cpu_ended[:4]) - sum(cpu_began[:4])  # user + system, this process and its workers
    maxrss_kb = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    print(f"seconds={seconds:.3f} cpu={cpu:.3f} events={result.events} ok={result.ok} maxrss_kb={maxrss_kb}")
    print(f"result={str(result).splitlines()[0]}")


def child(database: str, chunk_size: int, workers: int, traced: bool) -> dict[str, str]:
    argv = [sys.executable, __file__, "--verify", database, "--chunk-size", str(chunk_size)]
    argv += ["--workers", str(workers)]
    output = subprocess.run(
        [*argv, *(["--traced"] if traced else [])], check=True, capture_output=True, text=True
    )
    values = {}
    for line in output.stdout.splitlines():
        for part in line.split(" ") if not line.startswith("result=") else [line]:
            key, _, value = part.partition("=")
            values[key] = value
    return values


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=5000)
    parser.add_argument("--chains", type=int, default=16)
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument(
        "--postgres", default="", help="a PostgreSQL server URL (its database is not touched)"
    )
    parser.add_argument("--verify", help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.verify:
        setup_django(args.verify)
        verify(args.chunk_size, args.workers, args.traced)
        return

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="verify_audit-", dir=bench_dir))
    database = str(workdir / "bench.sqlite3")
    pg_name = ""
    if args.postgres:
        from bench.access_log_writes import throwaway_postgres

        database, pg_name = throwaway_postgres(args.postgres)
    try:
        setup_django(database)
        engine = "PostgreSQL" if pg_name else f"SQLite {__import__('sqlite3').sqlite_version}"
        print(f"verify_audit benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"machine: {machine()}; Python {platform.python_version()}, {engine}")
        build_seconds = build(args.events, args.chains)
        size_mb = _size_mb(database)
        print(
            f"built {args.events:,} events in {build_seconds:.1f} s ({args.events / build_seconds:,.0f} rows/s), "
            f"database {size_mb:.0f} MiB"
        )
        timed = child(database, args.chunk_size, args.workers, traced=False)
        if timed["ok"] != "True" or int(timed["events"]) != args.events:
            sys.exit(f"verification did not pass: {timed.get('result')}")
        seconds = float(timed["seconds"])
        print(
            f"verify_log ({args.chains} chains, {args.workers} worker processes, chunk size {args.chunk_size}): "
            f"{args.events:,} events in {seconds:.1f} s = "
            f"{args.events / seconds:,.0f} rows/s; peak RSS of one verifying process "
            f"{int(timed['maxrss_kb']) / 1024:.0f} MiB"
        )
        cpu = float(timed["cpu"])
        print(
            f"CPU time of the verifying processes: {cpu:.1f} s = {args.events / cpu:,.0f} rows per CPU-second "
            f"(1-minute load average after the run: {os.getloadavg()[0]:.2f})"
        )
        traced = child(database, args.chunk_size, 1, traced=True)
        print(
            f"peak Python allocations during verify_log (tracemalloc, separate untimed run): "
            f"{int(traced['tracemalloc_peak_bytes']) / 1024 / 1024:.1f} MiB"
        )
        print(timed["result"])
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept {database}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if pg_name:
                from bench.access_log_writes import drop_postgres

                drop_postgres(args.postgres, pg_name)


if __name__ == "__main__":
    main()
