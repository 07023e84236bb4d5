"""Benchmark (not a test): access-log writes from concurrent writers, each event chained in one of the log's chains.

    .venv/bin/python bench/access_log_writes.py [--writers 1,2,4,8] [--events 400]
    .venv/bin/python bench/access_log_writes.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/access_log_writes.py --postgres … --processes   # writers as processes

Every event takes one chain head's row lock (on PostgreSQL the first head no other writer holds, SKIP
LOCKED, out of TM_AUDIT_CHAINS; SQLite serialises its writers anyway). This measures what writing
costs: for each number of writer threads,
each writes `--events` events, one transaction each, as a service does; it prints events per second and
the p50/p95 latency of one write, then verifies every chain and seals a checkpoint. SQLite runs in a throwaway file under
var/bench/; with --postgres a throwaway database is created on that server and dropped afterwards.
Writers are threads of one process by default (they share its GIL); with --processes each writer is
a process of its own, as gunicorn's workers are.
"""

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.verify_audit import machine  # noqa: E402


def throwaway_postgres(server_url: str) -> tuple[str, str]:
    """Create a database on the server; return its URL and name."""
    import psycopg

    name = f"tm_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + f"/{name}", name


def drop_postgres(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def write(events: int, latencies: list[float], actor, patient) -> None:
    from django.db import connection, transaction

    from secondopinion.audit.services import access_record

    try:
        for _ in range(events):
            started = time.perf_counter()
            with transaction.atomic():
                access_record(
                    actor=actor,
                    action="read",
                    data="case",
                    source="command",
                    role="coordinator",
                    basis="coordinator",
                    patient=patient,
                )
            latencies.append(time.perf_counter() - started)
    finally:
        connection.close()


def write_in_process(events: int, results, actor, patient) -> None:
    latencies: list[float] = []
    write(events, latencies, actor, patient)
    results.put(latencies)


def run_processes(writers: int, events: int, actor, patient) -> tuple[float, list[float]]:
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [
        context.Process(target=write_in_process, args=(events, results, actor, patient))
        for _ in range(writers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies = [latency for _ in processes for latency in results.get()]
    for process in processes:
        process.join()
    return time.perf_counter() - started, latencies


def run(writers: int, events: int, actor, patient) -> tuple[float, list[float]]:
    latencies: list[float] = []
    threads = [
        threading.Thread(target=write, args=(events, latencies, actor, patient)) for _ in range(writers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="1,2,4,8", help="writer thread counts, comma-separated")
    parser.add_argument("--events", type=int, default=400, help="events per writer")
    parser.add_argument(
        "--postgres", default="", help="a PostgreSQL server URL (its database is not touched)"
    )
    parser.add_argument("--processes", action="store_true", help="writers as processes, not threads")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="access_log_writes-", dir=bench_dir))
    pg_name = ""
    if args.postgres:
        url, pg_name = throwaway_postgres(args.postgres)
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from secondopinion.accounts.models import User
        from secondopinion.audit.chain import seal, verify_log
        from secondopinion.directory.models import Patient

        call_command("migrate", verbosity=0)
        actor = User.objects.create(username="bench-coordinator")
        patient = Patient.objects.create(
            name="Bench Patiënt", bsn="111222333", date_of_birth=dt.date(1970, 1, 1)
        )
        engine = "PostgreSQL" if args.postgres else f"SQLite {__import__('sqlite3').sqlite_version}"
        print(f"access_log_writes benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"machine: {machine()}; Python {platform.python_version()}, {engine}")
        print(
            f"writers are {'processes' if args.processes else 'threads of one process'}; "
            f"1-minute load average before: {os.getloadavg()[0]:.2f}"
        )
        print(f"{'writers':>8} {'events':>8} {'events/s':>10} {'p50 ms':>8} {'p95 ms':>8}")
        for writers in (int(n) for n in args.writers.split(",")):
            seconds, latencies = (run_processes if args.processes else run)(
                writers, args.events, actor, patient
            )
            p50 = statistics.median(latencies) * 1000
            p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
            print(
                f"{writers:>8} {len(latencies):>8} {len(latencies) / seconds:>10,.0f} {p50:>8.2f} {p95:>8.2f}"
            )
        result = verify_log()
        used = sum(1 for chain in result.chains if chain.events)
        print(
            f"log after the run: {'OK' if result.ok else 'BROKEN'} ({result.events:,} events in {used} chains)"
        )
        checkpoint = seal()
        print(
            f"sealed checkpoint {checkpoint.seq if checkpoint else '-'}; load average after: {os.getloadavg()[0]:.2f}"
        )
        connection.close()
    finally:
        if pg_name:
            drop_postgres(args.postgres, pg_name)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
