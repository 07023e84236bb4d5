"""Benchmark (not a test): the product on PostgreSQL with 1,000,000 cases and 20,000,000 access events.

    .venv/bin/python bench/scale_data.py [--cases 1000000] [--events 20000000] [--quick]
        [--organisations 100] [--requests 100] [--postgres postgresql://postgres@127.0.0.1:5432] [--keep]

`--quick` is --cases 100000 --events 2000000; under `make bench` it runs at that size unless
BENCH_FULL=1 is set. Creates a fresh PostgreSQL database (dropped at the end unless --keep),
migrates it, and walks three of Petra's cases through the product's services (as
bench/patient_pages.py does; their access events are the first links of the log). Then, in bulk
and not through the ORM per row:

- patients (one per two cases), organisations and cases: `INSERT … SELECT … generate_series`, each
  row a copy of a case the services made with its varying columns (patient, organisation, status,
  question, dates) computed from the series;
- access events: streamed with `COPY … FROM STDIN`, each hashed in Python with
  secondopinion.audit.chain.event_hash and linked to the one before it in its chain, continuing
  after the services' events (which the sequencer chains first), in runs of 2,000 per chain as the
  sequencer lays them out, the chains hashed in parallel processes (one per CPU); the heads are moved to the last events. One
  in 5,000 is about Petra. The plain indexes of the events table are dropped during the load and
  built again after it, and the load runs with session_replication_role = replica (no foreign-key
  triggers: the rows are valid by construction). A table with columns this script does not know
  stops it with a message.

Then, after VACUUM (ANALYZE) of the cases and the events (as autovacuum would have run), it
measures with that data: the API's case read (GET /api/v1/cases/{id} with Petra's token), the coordinator's worklist, the patient's home page and her "who looked at my file"
page (mijn-gegevens/inzage): server time p50/p95/p99 through Django's test client in this process
(`--requests` each, after warm-up; every request writes its access events, as in production). Then
it verifies the whole log (verify_log). It writes EXPLAIN
(ANALYZE, BUFFERS) of the slowest SELECTs of each of those requests to
var/bench/scale_data-explain.txt and prints the indexes (and sequential scans) they use, the build
time and the database size.
"""

import argparse
import datetime as dt
import os
import platform
import re
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dental import percentile  # noqa: E402
from bench.patient_pages import walk_petras_cases  # noqa: E402
from bench.scale_build import build_cases, build_events, raw  # noqa: E402
from bench.verify_audit import machine  # noqa: E402


def admin(server: str):
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True)


def verify_all() -> tuple[int, bool, str, str]:
    """(events, ok, summary, how): the whole log verified, after the sequencer has chained what the
    measured requests logged."""
    from django.db import connection

    from secondopinion.audit.sequencer import chain_pending
    from secondopinion.audit.verification import can_fork_verifiers, default_workers, verify_log

    chain_pending()
    workers = default_workers()
    forks = workers > 1 and can_fork_verifiers(connection)
    result = verify_log(workers=workers)
    how = f"verify_log, {workers} worker processes" if forks else "verify_log, in this process"
    return result.events, result.ok, str(result).splitlines()[0], how


def timed(client, path: str, requests: int, **extra) -> tuple[float, float, float, list[dict]]:
    """p50, p95, p99 in ms over `requests` GETs after 5 warm-up ones, and the queries of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        response = client.get(path, **extra)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(path, **extra)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, path
    with CaptureQueriesContext(connection) as captured:
        client.get(path, **extra)
    return (
        percentile(samples, 0.5),
        percentile(samples, 0.95),
        percentile(samples, 0.99),
        captured.captured_queries,
    )


def explain(name: str, queries: list[dict], out, top: int = 3) -> list[str]:
    """EXPLAIN (ANALYZE, BUFFERS) of the `top` slowest SELECTs; returns what they scan."""
    from django.db import connection

    selects = [q for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    selects.sort(key=lambda q: float(q["time"]), reverse=True)
    used: list[str] = []
    out.write(
        f"\n{'=' * 100}\n{name}: {len(queries)} queries, the {min(top, len(selects))} slowest SELECTs\n"
    )
    for query in selects[:top]:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        out.write(f"\n-- {query['time']} s when captured\n{query['sql']}\n\n{plan}\n")
        for match in re.finditer(
            r"(Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)(?: Backward)?"
            r" (?:using|on) (\S+)(?: on (\S+))?",
            plan,
        ):
            kind, first, second = match.groups()
            used.append(f"{kind} {first}" + (f" on {second}" if second else ""))
    return sorted(set(used))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, help="cases to build (1,000,000)")
    parser.add_argument("--events", type=int, help="access events to build (20,000,000)")
    parser.add_argument("--quick", action="store_true", help="--cases 100000 --events 2000000")
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--requests", type=int, default=100, help="requests per page (100)")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--no-verify", action="store_true", help="skip verify_chain")
    args = parser.parse_args()
    # Under `make bench` (make sets MAKELEVEL) the full build would hold up every other benchmark:
    # there it runs at --quick size unless BENCH_FULL=1.
    under_make = bool(os.environ.get("MAKELEVEL")) and os.environ.get("BENCH_FULL") != "1"
    quick = args.quick or (under_make and args.cases is None and args.events is None)
    if quick and under_make and not args.quick:
        print("run by make: --quick size (set BENCH_FULL=1 for 1,000,000 cases and 20,000,000 events)")
    args.cases = args.cases or (100_000 if quick else 1_000_000)
    args.events = args.events or (2_000_000 if quick else 20_000_000)

    name = f"tm_bench_scale_{os.getpid()}_{secrets.token_hex(3)}"
    with admin(args.postgres) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    os.environ["DATABASE_URL"] = f"{args.postgres.rstrip('/')}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    # Served behind TLS in production: the test client speaks http, so no redirect to https.
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.urls import reverse

        from secondopinion.accounts.models import User
        from secondopinion.api.models import ApiToken
        from secondopinion.audit.models import AccessEvent
        from secondopinion.cases.models import SecondOpinionCase

        settings.TM_REQUIRE_SECOND_FACTOR = False  # force_login stands in for the whole login
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed static files
        print(f"scale_data benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(
            f"machine: {machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
            f"Python {platform.python_version()}, PostgreSQL {pg_version}"
        )
        print(f"building {args.cases:,} cases and {args.events:,} access events in {name} …", flush=True)
        began = time.perf_counter()
        world = walk_petras_cases()
        from secondopinion.audit.sequencer import chain_pending

        chain_pending()  # the services' events first, as the task worker would
        ids = build_cases(world, args.cases, args.organisations)
        cases_seconds = time.perf_counter() - began
        print(f"  cases, patients, organisations: {cases_seconds:.1f} s", flush=True)
        actors = list(User.objects.order_by("pk").values_list("pk", "username"))
        events_began = time.perf_counter()
        hash_seconds, indexes_note = build_events(ids, args.events, actors)
        events_seconds = time.perf_counter() - events_began
        build_seconds = time.perf_counter() - began
        (size,) = raw("SELECT pg_size_pretty(pg_database_size(current_database()))")[0]
        (events_size,) = raw(
            "SELECT pg_size_pretty(pg_total_relation_size(%s))", [AccessEvent._meta.db_table]
        )[0]
        org = world["giving_practice"]
        print(
            f"built {SecondOpinionCase.objects.count():,} cases "
            f"({SecondOpinionCase.objects.filter(organisation=org).count():,} at the coordinator's organisation) "
            f"and {AccessEvent.objects.count():,} access events "
            f"({AccessEvent.objects.filter(patient_id=ids['petra']).count():,} about Petra) in {build_seconds:.0f} s: "
            f"cases {cases_seconds:.0f} s, events {events_seconds:.0f} s ({args.events / events_seconds:,.0f}/s, "
            f"of which hashing and formatting {hash_seconds:.0f} s; {indexes_note})"
        )
        print(f"database size {size}, of which the access log with its indexes {events_size}", flush=True)

        _token, secret = ApiToken.issue(user=world["patient_user"], name="bench")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT="application/json")
        patient = Client(HTTP_ACCEPT_LANGUAGE="nl")
        patient.force_login(world["patient_user"])
        coordinator = Client(HTTP_ACCEPT_LANGUAGE="nl")
        coordinator.force_login(world["coordinator"])
        pages = [
            ("API case read", api, f"/api/v1/cases/{world['closed'].pk}"),
            ("coordinator worklist", coordinator, reverse("web:home")),
            ("patient home", patient, reverse("web:home")),
            ("who looked at my file", patient, reverse("web:access-log")),
        ]
        explain_path = bench_dir / "scale_data-explain.txt"
        print(
            f"{'request':<24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'queries':>9}   ({args.requests} each)"
        )
        findings = {}
        with explain_path.open("w") as out:
            out.write(
                f"scale_data EXPLAIN (ANALYZE, BUFFERS), {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
                f"{args.cases:,} cases, {args.events:,} events, PostgreSQL {pg_version}\n"
            )
            for label, client, path in pages:
                p50, p95, p99, queries = timed(client, path, args.requests)
                print(f"{label:<24}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{len(queries):>9}", flush=True)
                findings[label] = explain(label, queries, out)
        print(f"EXPLAIN (ANALYZE, BUFFERS) of the slowest SELECTs: {explain_path.relative_to(ROOT)}")
        for label, used in findings.items():
            print(f"  {label}: {'; '.join(used) or '-'}")

        if args.no_verify:
            print("verify_chain skipped (--no-verify)")
        else:
            connection.close()
            began = time.perf_counter()
            events, ok, summary, how = verify_all()
            seconds = time.perf_counter() - began
            print(f"{how}: {events:,} events in {seconds:.1f} s = {events / seconds:,.0f} rows/s: {summary}")
            if not ok:
                sys.exit("the access log did not verify")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept the database {name}")
        else:
            with admin(args.postgres) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
