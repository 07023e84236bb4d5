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

Then, after ANALYZE, it measures with that data: the API's case read (GET /api/v1/cases/{id} with
Petra's token), the coordinator's worklist, the patient's home page and her "who looked at my file"
page (mijn-gegevens/inzage): server time p50/p95/p99 through Django's test client in this process
(`--requests` each, after warm-up; every request writes its access events, as in production). Then
it verifies the whole log (verify_log, or verify_chain on the one-chain design). It writes EXPLAIN
(ANALYZE, BUFFERS) of the slowest SELECTs of each of those requests to
var/bench/scale_data-explain.txt and prints the indexes (and sequential scans) they use, the build
time and the database size.
"""

import argparse
import datetime as dt
import io
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
from bench.patient_pages import STATUSES, walk_petras_cases  # noqa: E402
from bench.verify_audit import machine  # noqa: E402

EVENT_BATCH = 200_000
RUN = 2000  # the sequencer's batch: so many events in a row go to one chain (audit/sequencer.py)
PETRA_EVERY = 5_000


def admin(server: str):
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True)


def raw(sql: str, params=None) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def copy_rows_sql(table: str, template_id: int, count: int, overrides: dict[str, str]) -> str:
    """INSERT … SELECT: `count` copies of row `template_id` of `table`, with `overrides` (column →
    SQL expression over g, the series number from 0) and a fresh id."""
    columns = [
        name
        for (name,) in raw(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        if name != "id"
    ]
    unknown = set(overrides) - set(columns)
    if unknown:
        raise SystemExit(f"{table} has no column(s) {sorted(unknown)}: the schema changed, adapt this script")
    select = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    return (
        f'INSERT INTO "{table}" ({", ".join(f'"{c}"' for c in columns)}) '
        f'SELECT {select} FROM "{table}" t CROSS JOIN generate_series(0, {count - 1}) g '
        f"WHERE t.id = {int(template_id)}"
    )


def build_cases(world: dict, cases: int, organisations: int) -> dict:
    """Organisations, patients and cases in bulk; returns id ranges for the events."""
    from django.db import connection, transaction

    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.directory.models import Organisation, Patient

    org_table, patient_table, case_table = (
        Organisation._meta.db_table,
        Patient._meta.db_table,
        SecondOpinionCase._meta.db_table,
    )
    template_case = world["closed"]
    petra = template_case.patient
    giving = world["giving_practice"]
    with transaction.atomic():
        raw("SET LOCAL session_replication_role = replica")
        raw(
            copy_rows_sql(
                org_table,
                giving.pk,
                organisations - 1,
                {
                    "name": "'Praktijk ' || (g + 1)",
                    "agb_code": "lpad((30000000 + g)::text, 8, '0')",
                    "ura_code": "NULL",
                },
            )
        )
        (first_org,) = raw(f'SELECT min(id) FROM "{org_table}" WHERE name LIKE %s', ["Praktijk %"])[0]
        patient_count = max(1, cases // 2)
        # A unique 9-digit BSN-shaped number: 10 * k + the 11-check digit of k (k steps by 2, so a
        # check "digit" of 10 cannot collide with the next one; that one in 11 fails the check).
        bsn = (
            "lpad(((70000000 + 2 * g) * 10 + (9*((70000000 + 2 * g)/10000000%10) + 8*((70000000 + 2 * g)/1000000%10) "
            "+ 7*((70000000 + 2 * g)/100000%10) + 6*((70000000 + 2 * g)/10000%10) + 5*((70000000 + 2 * g)/1000%10) "
            "+ 4*((70000000 + 2 * g)/100%10) + 3*((70000000 + 2 * g)/10%10) + 2*((70000000 + 2 * g)%10)) % 11)::text, 9, '0')"
        )
        raw(
            copy_rows_sql(
                patient_table,
                petra.pk,
                patient_count,
                {
                    "name": "'Patiënt ' || g",
                    "bsn": bsn,
                    "user_id": "NULL",
                    "date_of_birth": "date '1940-01-01' + (g % 25000)",
                },
            )
        )
        # ids from one INSERT come from one sequence in one session: contiguous
        (first_patient, last_patient) = raw(
            f'SELECT min(id), max(id) FROM "{patient_table}" WHERE name LIKE %s', ["Patiënt %"]
        )[0]
        assert last_patient - first_patient + 1 == patient_count
        statuses = "ARRAY[" + ", ".join(f"'{s}'" for s in STATUSES) + "]"
        org_expr = f"CASE WHEN g % {organisations} = 0 THEN {giving.pk} ELSE {first_org} + g % {organisations} - 1 END"
        raw(
            copy_rows_sql(
                case_table,
                template_case.pk,
                cases,
                {
                    "patient_id": f"{first_patient} + g % {patient_count}",
                    "organisation_id": org_expr,
                    "status": f"({statuses})[1 + g % {len(STATUSES)}]",
                    "care_question": "'Vraag ' || g || ': is de voorgestelde behandeling nodig?'",
                    "giver_id": "NULL",
                    "created_at": "now() - make_interval(secs => g * 30)",
                    "updated_at": "now() - make_interval(secs => g * 30)",
                },
            )
        )
    (first_case, last_case) = raw(
        f'SELECT min(id), max(id) FROM "{case_table}" WHERE care_question LIKE %s', ["Vraag %"]
    )[0]
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{org_table}"; ANALYZE "{patient_table}"; ANALYZE "{case_table}"')
    return {
        "first_case": first_case,
        "last_case": last_case,
        "first_patient": first_patient,
        "last_patient": last_patient,
        "petra": petra.pk,
        "petra_case": template_case.pk,
    }


def build_events(ids: dict, events: int, actors: list[tuple[int, str]]) -> tuple[float, str]:
    """`events` more access events continuing the chain(s), via COPY; returns (hash seconds, note).

    Follows audit/chain.py as it is when this runs: one chain (HASHED_FIELDS without `chain`), or
    several (HASHED_FIELDS with `chain` and `v`: event i goes to chain 1 + (i // RUN) % chain_count(),
    as the sequencer lays them out, each continuing from its head), hashed and copied in parallel.
    Stops with a message when the events table has columns it does not know how to fill."""
    from django.db import connection

    from secondopinion.audit import chain as hashing
    from secondopinion.audit import models as audit_models
    from secondopinion.audit.models import AccessEvent, AuditChainHead

    table = AccessEvent._meta.db_table
    concrete = [f.column for f in AccessEvent._meta.concrete_fields if f.column != "id"]
    hashed = set(hashing.HASHED_FIELDS)
    unknown = set(concrete) - hashed - {"prev_hash", "hash"}
    if unknown or not hasattr(hashing, "event_hash") or not hashed <= set(concrete):
        raise SystemExit(
            f"The access log's design changed (columns {sorted(unknown)} are neither hashed nor the links; "
            f"hashed fields {sorted(hashed - set(concrete))} are not columns): adapt build_events in "
            "bench/scale_data.py to audit/chain.py."
        )
    multi = "chain" in hashed
    chains = audit_models.chain_count() if multi and hasattr(audit_models, "chain_count") else 1
    heads = dict.fromkeys(range(1, chains + 1), (0, hashing.GENESIS))
    heads.update({h.pk: (h.seq, h.hash) for h in AuditChainHead.objects.all()})
    version = getattr(hashing, "CANONICAL_VERSION", 1)
    start_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    step = dt.timedelta(days=365) / max(events, 1)
    indexes = raw(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [table],
    )
    plan = {
        "ids": ids,
        "events": events,
        "actors": actors,
        "chains": chains,
        "heads": heads,
        "version": version,
        "start_at": start_at,
        "step": step,
        "concrete": concrete,
        "table": table,
    }
    with connection.cursor() as cursor:
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    # Each chain's events depend only on that chain's earlier ones: the chains are hashed and
    # copied in parallel, one process per CPU, each taking every runs-th chain.
    workers = max(1, len(os.sched_getaffinity(0)))
    connection.close()
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        outcomes = pool.starmap(_copy_chains, [(plan, worker, workers) for worker in range(workers)])
    hash_seconds = max(seconds for seconds, _heads in outcomes)
    for _seconds, worker_heads in outcomes:
        heads.update(worker_heads)
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute(f'ANALYZE "{table}"')
        for chain, (seq, digest) in heads.items():
            cursor.execute(
                f'INSERT INTO "{AuditChainHead._meta.db_table}" (id, seq, hash) VALUES (%s, %s, %s) '
                "ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, hash = EXCLUDED.hash",
                [chain, seq, digest],
            )
    design = f"{chains} chains (canonical v{version})" if multi else "one chain"
    return hash_seconds, f"{design}; rebuilt {len(indexes)} indexes ({', '.join(n for n, _ in indexes)})"


def _text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _copy_chains(plan: dict, worker: int, workers: int) -> tuple[float, dict]:
    """In a forked process: hash and COPY the events of every chain c with (c - 1) % workers ==
    worker. Event i goes to chain 1 + (i // RUN) % chains, as the sequencer fills one chain per batch
    of RUN events. Returns (seconds hashing and formatting, the new heads of its chains)."""
    from django.db import connection

    from secondopinion.audit import chain as hashing

    ids, actors, chains = plan["ids"], plan["actors"], plan["chains"]
    heads = {chain: head for chain, head in plan["heads"].items() if (chain - 1) % workers == worker}
    version, start_at, step, concrete = plan["version"], plan["start_at"], plan["step"], plan["concrete"]
    roles = ["giver", "coordinator", "patient", "treating"]
    actions = ["read", "read", "read", "search", "update", "create", "export", "send"]
    kinds = ["case", "case", "report", "documents", "messages", "worklist", "consents", "case"]
    case_span = ids["last_case"] - ids["first_case"] + 1
    patient_span = ids["last_patient"] - ids["first_patient"] + 1
    columns = ", ".join(f'"{c}"' for c in concrete)
    hash_seconds = 0.0
    runs = range(0, plan["events"], RUN)
    mine = [start for start in runs if (start // RUN) % chains % workers == worker]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        raw_cursor = cursor.cursor
        for first in range(0, len(mine), EVENT_BATCH // RUN):
            buffer = io.StringIO()
            began = time.perf_counter()
            for start in mine[first : first + EVENT_BATCH // RUN]:
                chain = 1 + (start // RUN) % chains
                seq, prev = heads[chain]
                for i in range(start, min(start + RUN, plan["events"])):
                    seq += 1
                    who = actors[i % len(actors)]
                    if i % PETRA_EVERY == 0:
                        patient_id, case_id = ids["petra"], ids["petra_case"]
                    else:
                        case_id = ids["first_case"] + (i * 7919) % case_span
                        patient_id = ids["first_patient"] + (case_id - ids["first_case"]) % patient_span
                    role = roles[i % 4]
                    fields = {
                        "chain": chain,
                        "seq": seq,
                        "v": version,
                        "at": start_at + step * i,
                        "actor_id": who[0] if i % 50 else None,
                        "actor_name": who[1] if i % 50 else "system",
                        "role": role,
                        "on_behalf_of": "" if i % 7 else "J. de Vries (moeder)",
                        "patient_id": patient_id,
                        "case_id": case_id,
                        "data": kinds[i % len(kinds)],
                        "action": actions[i % len(actions)],
                        "source": "web" if i % 3 else "api",
                        "basis": role if i % 11 else "consent",
                        "emergency": i % 1000 == 0,
                    }
                    digest = hashing.event_hash(fields, prev)
                    row = {**fields, "prev_hash": prev, "hash": digest}
                    buffer.write("\t".join(_text(row[c]) for c in concrete))
                    buffer.write("\n")
                    prev = digest
                heads[chain] = (seq, prev)
            hash_seconds += time.perf_counter() - began
            with raw_cursor.copy(f'COPY "{plan["table"]}" ({columns}) FROM STDIN') as copy:
                copy.write(buffer.getvalue())
            if worker == 0:
                print(
                    f"    {min((first + EVENT_BATCH // RUN) * RUN * workers, plan['events']):,} events",
                    flush=True,
                )
    connection.close()
    return hash_seconds, heads


def verify_all() -> tuple[int, bool, str, str]:
    """(events, ok, summary, how) from the verifier audit/chain.py has now, after the sequencer has
    chained what the measured requests logged."""
    from secondopinion.audit import chain as hashing
    from secondopinion.audit.sequencer import chain_pending

    chain_pending()

    if hasattr(hashing, "verify_log"):
        workers = hashing.default_workers() if hasattr(hashing, "default_workers") else 1
        result = hashing.verify_log(workers=workers)
        return result.events, result.ok, str(result).splitlines()[0], f"verify_log, {workers} worker(s)"
    if hasattr(hashing, "verify_chain"):
        result = hashing.verify_chain()
        return result.events, result.ok, str(result), "verify_chain"
    raise SystemExit("audit/chain.py has neither verify_log nor verify_chain: verification skipped")


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
