"""Benchmark (not a test): access-log writes from concurrent writers, each event chained in one of the log's chains.

    .venv/bin/python bench/access_log_writes.py [--writers 1,2,4,8] [--events 400] [--modes read,transaction]
    .venv/bin/python bench/access_log_writes.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/access_log_writes.py --postgres … --processes   # writers as processes

An event is one INSERT into the pending lane, without any lock; the sequencer (audit/sequencer.py)
chains pending events in batches, as the task worker does every second. This measures what writing
costs: for each number of writers, each writes `--events` events while a sequencer process beside
them chains what is pending every 0.2 s; it prints events per second and the p50/p95 latency of one
write, and how many events were still pending when the writers stopped. It does so twice (`--modes`):
each event committed on its own, as a read of patient data writes it (the read changes nothing else,
so its event is its transaction), and each event in a BEGIN … COMMIT of its own, as a service that
changes data writes it beside its change (there the BEGIN and COMMIT are the service's, paid once for
the change and its event). Then the sequencer alone: a backlog of `--backlog` pending events chained in one go (events
chained per second). Finally every chain is verified and a checkpoint sealed. SQLite runs in a throwaway file under
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

MODES = {
    "read": "each event as a read writes it: one INSERT, committed on its own (cases/selectors.py case_get)",
    "transaction": "each event in a transaction of its own: BEGIN, the INSERT, COMMIT (a service's write)",
}


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


def write(events: int, latencies: list[float], actor, patient, in_transaction: bool = False) -> None:
    from contextlib import nullcontext

    from django.db import connection, transaction

    from secondopinion.audit.services import access_record

    try:
        for _ in range(events):
            started = time.perf_counter()
            with transaction.atomic() if in_transaction else nullcontext():
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


def write_in_process(events: int, results, actor, patient, in_transaction: bool) -> None:
    latencies: list[float] = []
    write(events, latencies, actor, patient, in_transaction)
    results.put(latencies)


def run_processes(
    writers: int, events: int, actor, patient, in_transaction: bool = False
) -> tuple[float, list[float]]:
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    processes = [
        context.Process(target=write_in_process, args=(events, results, actor, patient, in_transaction))
        for _ in range(writers)
    ]
    started = time.perf_counter()
    for process in processes:
        process.start()
    latencies = [latency for _ in processes for latency in results.get()]
    for process in processes:
        process.join()
    return time.perf_counter() - started, latencies


def sequence_beside(stop) -> None:
    """The task worker's sequencer, in a process of its own, chaining every 0.2 s until stopped."""
    from django.db import connection

    from secondopinion.audit.sequencer import chain_pending

    try:
        while not stop.wait(0.2):
            chain_pending()
    finally:
        connection.close()


def start_sequencer():
    import multiprocessing

    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    process = context.Process(target=sequence_beside, args=(stop,))
    process.start()
    return stop, process


def run(writers: int, events: int, actor, patient, in_transaction: bool = False) -> tuple[float, list[float]]:
    latencies: list[float] = []
    threads = [
        threading.Thread(target=write, args=(events, latencies, actor, patient, in_transaction))
        for _ in range(writers)
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
    parser.add_argument(
        "--modes",
        default="read,transaction",
        help="read: each event committed on its own; transaction: each in BEGIN … COMMIT (both)",
    )
    parser.add_argument(
        "--backlog", type=int, default=20000, help="pending events the sequencer chains alone"
    )
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
        from secondopinion.audit.chain import seal
        from secondopinion.audit.sequencer import chain_pending, pending_count
        from secondopinion.audit.verification import verify_log
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
        for mode in args.modes.split(","):
            in_transaction = {"read": False, "transaction": True}[mode]
            print(MODES[mode])
            print(f"{'writers':>8} {'events':>8} {'events/s':>10} {'p50 ms':>8} {'p95 ms':>8} {'pending':>8}")
            for writers in (int(n) for n in args.writers.split(",")):
                stop, sequencer = start_sequencer()
                seconds, latencies = (run_processes if args.processes else run)(
                    writers, args.events, actor, patient, in_transaction
                )
                still_pending = pending_count()
                stop.set()
                sequencer.join()
                p50 = statistics.median(latencies) * 1000
                p95 = statistics.quantiles(latencies, n=20)[-1] * 1000
                print(
                    f"{writers:>8} {len(latencies):>8} {len(latencies) / seconds:>10,.0f} {p50:>8.2f}"
                    f" {p95:>8.2f} {still_pending:>8}"
                )
        chain_pending()
        if args.backlog:
            per_writer = max(1, args.backlog // 8)
            (run_processes if args.processes else run)(8, per_writer, actor, patient)
            backlog = pending_count()
            started = time.perf_counter()
            chained = chain_pending()
            seconds = time.perf_counter() - started
            print(
                f"sequencer alone: {chained:,} of {backlog:,} pending events chained in {seconds:.2f} s: "
                f"{chained / seconds:,.0f} events/s"
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
