"""Bulk builders for bench/scale_data.py: cases by `INSERT … SELECT … generate_series`, access
events hashed in parallel processes (one per CPU, each taking every n-th chain) and streamed with
COPY, laid out as the sequencer lays them out (runs of RUN events per chain)."""

import datetime as dt
import io
import os
import time

from bench.patient_pages import STATUSES

EVENT_BATCH = 200_000
RUN = 2000  # the sequencer's batch: so many events in a row go to one chain (audit/sequencer.py)
PETRA_EVERY = 5_000


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
        # VACUUM as autovacuum would have done on a database that grew over years: the visibility map
        # lets the worklist count and order an organisation's cases from its index alone.
        cursor.execute(f'ANALYZE "{org_table}"; ANALYZE "{patient_table}"')
        cursor.execute(f'VACUUM (ANALYZE) "{case_table}"')
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
        # VACUUM as autovacuum does after this many inserts (autovacuum_vacuum_insert_threshold): with
        # the visibility map set, a patient's events are counted from the index alone. Without it each
        # of Petra's 4,000 events, one in 5,000 of the log, costs a heap page (about 10 ms a count).
        cursor.execute(f'VACUUM (ANALYZE) "{table}"')
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
