"""Benchmark (not a test): the product over HTTP next to a bare Django app served the same way.

    .venv/bin/python bench/http_vs_bare.py [--duration 12] [--threads 2] [--connections 8]
        [--workers 2] [--worker-class sync] [--server-threads 1] [--conn-max-age 0] [--rate 200] [--rate-seconds 10]
        [--postgres postgresql://postgres@127.0.0.1:5432] [--keep]

Both sides run on the same PostgreSQL server (each in a fresh database this script creates and
drops), the same Django and Python, and the same gunicorn with the same worker count and class and
the same CONN_MAX_AGE; they are served and loaded one after the other, never at once (a 2-core
machine: wrk takes CPU too).

- The product: `gunicorn config.wsgi` with production settings (DJANGO_DEBUG=false, a generated
  DJANGO_SECRET_KEY, no TLS redirect or secure cookies since wrk speaks plain HTTP), migrated, with
  the benchmarks' dental world (bench/dental.py): Petra holds an API token, one case of hers exists.
  POST /api/v1/cases submits a case (bearer token, JSON body, the rules of submission, the access
  log); GET /api/v1/cases/{id} reads her case (its access-log event included).
- The bare app: generated at run time into the temp dir: one model Item(name, created_at), a JSON
  view that creates one (POST /items) and one that reads one by id (GET /items/{id}), Django's
  startproject middleware, no authentication.

Each endpoint is loaded with wrk (closed loop: `--threads` threads, `--connections` connections,
`--duration` seconds; a Lua script sends the body and token and counts non-2xx answers), then with
an open-loop loader in this script at a fixed `--rate` req/s for `--rate-seconds` (wrk has no
fixed-rate mode and wrk2 is not in Debian; latency is measured from the moment each request was due,
so queueing behind a slow answer counts). Prints req/s, p50, p99 and non-2xx per endpoint for both
sides and the ratio product/bare, and PASS/FAIL against the targets of the issue (ratio >= 0.5,
aim 0.7; no non-2xx; p99 < 50 ms at 200 req/s). Exits non-zero only if a non-2xx answer occurred.
Needs wrk (installed with apt-get when running as root) and a PostgreSQL server that trusts
the given user.
"""

import argparse
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
BACKGROUND_CASES = 10_000

from bench.bare_app import write_bare_app  # noqa: E402
from bench.cpu_split import Sampler, Split  # noqa: E402
from bench.http_load import Result, commit_latency, ensure_wrk, fixed_rate, run_wrk  # noqa: E402
from bench.http_report import report, report_cpu  # noqa: E402

# ---------------------------------------------------------------------------------------------
# Tools and databases


def admin_connection(server: str):
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True)


def create_database(server: str, name: str) -> str:
    with admin_connection(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server.rstrip('/')}/{name}"


def drop_database(server: str, name: str) -> None:
    try:
        with admin_connection(server) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as exc:
        print(f"could not drop database {name}: {exc}")


# ---------------------------------------------------------------------------------------------
# The product's world (run in a child process with the product's environment)


def setup_product() -> None:
    """Child: migrate, build the dental world, issue Petra's token, submit one case; print JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from bench.dental import CARE_QUESTION, dental_world
    from bench.scale_build import build_cases
    from secondopinion.api.models import ApiToken

    world = dental_world()
    _token, secret = ApiToken.issue(user=world.patient_user, name="bench")
    case = world.submit()
    # A database in use holds other patients' cases. On an empty one the planner, told the cases
    # table held a row or two, scanned all of it for every question about one patient while the load
    # grew it to thousands of Petra's requests: some ten full scans per create, 1.4 ms of
    # PostgreSQL's time for the newest earlier requests alone (pg_stat_statements). So 10,000 cases
    # of 5,000 other patients come first, in bulk, vacuumed and analysed (bench/scale_build.py).
    build_cases(
        {"closed": case, "giving_practice": world.giving_practice}, BACKGROUND_CASES, organisations=20
    )
    # The planner statistics a live database has (autovacuum analyses a table a minute or so after it
    # changes; load_demo does so at once): without them a fresh database plans the patient's growing
    # list of requests as if it held one row. The bare app's read by primary key needs none.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    body = {
        "protocol": "dental-knmt",
        "patient_id": world.patient.pk,
        "organisation_id": world.giving_practice.pk,
        "treating_practitioner_id": world.treating.pk,
        "care_question": CARE_QUESTION,
        "subject": "treatment_plan",
        "treatment_started": False,
    }
    print("WORLD " + json.dumps({"secret": secret, "case_id": case.pk, "body": body}))


# ---------------------------------------------------------------------------------------------
# Serving and loading


def serve(app: str, chdir: Path, port: int, env: dict, args, log: Path) -> subprocess.Popen:
    argv = [
        str(BIN / "gunicorn"),
        app,
        "--chdir",
        str(chdir),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.server_threads),
        "--log-level",
        "warning",
    ]
    handle = log.open("w")
    return subprocess.Popen(argv, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_ready(port: int, path: str, headers: dict, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn on port {port} exited:\n{log.read_text()[-3000:]}")
        try:
            request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=headers)
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as exc:
            sys.exit(f"readiness check {path} on port {port} answered {exc.code}: {exc.read()[:500]!r}")
        except OSError:
            time.sleep(0.3)
    sys.exit(f"gunicorn on port {port} did not answer within 60 s:\n{log.read_text()[-3000:]}")


def machine_line() -> str:
    from bench.verify_audit import machine

    return f"{machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--duration", type=int, default=12, help="seconds of wrk per endpoint (12)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers on both sides (2)")
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class on both sides (sync)")
    parser.add_argument(
        "--server-threads",
        type=int,
        default=1,
        help="gunicorn threads per worker on both sides (1; more makes sync workers gthread, as make serve)",
    )
    parser.add_argument("--conn-max-age", type=int, default=0, help="CONN_MAX_AGE on both sides (0)")
    parser.add_argument("--rate", type=float, default=200, help="fixed rate in req/s (200)")
    parser.add_argument("--rate-seconds", type=float, default=10, help="seconds at the fixed rate (10)")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--port", type=int, default=8461, help="port to serve on (the bare app: port + 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir and the databases")
    parser.add_argument("--setup-product", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup_product:
        setup_product()
        return

    wrk = ensure_wrk()
    import django
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="http_vs_bare-", dir=bench_dir))
    suffix = f"{os.getpid()}_{secrets.token_hex(3)}"
    product_db, bare_db = f"tm_bench_product_{suffix}", f"tm_bench_bare_{suffix}"
    server = conninfo_to_dict(args.postgres)
    started: list[subprocess.Popen] = []
    results: dict[tuple[str, str, str], Result] = {}
    splits: dict[tuple[str, str], Split | None] = {}
    try:
        with admin_connection(args.postgres) as conn:
            pg_version = conn.execute("SHOW server_version").fetchone()[0]
        print(f"http_vs_bare benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"machine: {machine_line()}")
        print(
            f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {pg_version}, "
            f"psycopg {psycopg.__version__}, {subprocess.run([wrk, '--version'], capture_output=True, text=True).stdout.split(' [')[0].strip()}; "
            f"gunicorn {args.workers} x {args.worker_class} workers x {args.server_threads} threads, "
            f"CONN_MAX_AGE {args.conn_max_age}; "
            f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s"
        )
        secret_key = secrets.token_urlsafe(50)
        base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}

        # --- the product ---
        product_env = {
            **base_env,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secret_key,
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DATABASE_URL": create_database(args.postgres, product_db),
            "DB_CONN_MAX_AGE": str(args.conn_max_age),
            "TM_VAR_DIR": str(workdir / "product-var"),
            "PYTHONPATH": str(ROOT),
        }
        out = subprocess.run(
            [sys.executable, __file__, "--setup-product"],
            env=product_env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            sys.exit(f"setting up the product failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")
        world = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("WORLD "))[6:])
        auth = {"Authorization": f"Bearer {world['secret']}", "Accept": "application/json"}
        post_headers = {**auth, "Content-Type": "application/json"}
        product_body = json.dumps(world["body"])
        read_path = f"/api/v1/cases/{world['case_id']}"

        print(f"PostgreSQL: one INSERT and its durable commit {commit_latency(args.postgres, product_db)}")

        # --- the bare app ---
        bare_dir = workdir / "bare"
        write_bare_app(bare_dir)
        create_database(args.postgres, bare_db)
        bare_env = {
            **base_env,
            "DJANGO_SETTINGS_MODULE": "baresite.settings",
            "DJANGO_SECRET_KEY": secret_key,
            "BARE_DB_NAME": bare_db,
            "BARE_DB_USER": server.get("user", "postgres"),
            "BARE_DB_HOST": server.get("host", HOST),
            "BARE_DB_PORT": str(server.get("port", 5432)),
            "BARE_CONN_MAX_AGE": str(args.conn_max_age),
            "PYTHONPATH": str(bare_dir),
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], env=bare_env, cwd=bare_dir, check=True
        )
        bare_body = json.dumps({"name": "Eerste item"})
        json_headers = {"Content-Type": "application/json", "Accept": "application/json"}

        sides = [
            (
                "product",
                "config.wsgi",
                ROOT,
                args.port,
                product_env,
                [
                    ("create", "POST", "/api/v1/cases", post_headers, product_body),
                    ("read", "GET", read_path, auth, None),
                ],
            ),
            (
                "bare",
                "baresite.wsgi",
                bare_dir,
                args.port + 1,
                bare_env,
                [
                    ("create", "POST", "/items", json_headers, bare_body),
                    ("read", "GET", "/items/1", {"Accept": "application/json"}, None),
                ],
            ),
        ]
        for side, app, chdir, port, env, endpoints in sides:
            log = workdir / f"{side}-gunicorn.log"
            process = serve(app, chdir, port, env, args, log)
            started.append(process)
            if side == "bare":  # the item the reads fetch
                request = urllib.request.Request(
                    f"http://{HOST}:{port}/items", data=bare_body.encode(), headers=json_headers
                )
                for _ in range(200):
                    try:
                        urllib.request.urlopen(request, timeout=5).read()
                        break
                    except OSError:
                        time.sleep(0.3)
            wait_ready(port, endpoints[1][2], endpoints[1][3], process, log)
            for endpoint, method, path, headers, body in endpoints:
                for _ in range(20):  # warm both workers
                    fixed_rate(port, method, path, headers, body, rate=100, seconds=0.02, concurrency=1)
                print(f"  {side} {endpoint}: wrk …", flush=True)
                sampler = Sampler(process.pid)  # gunicorn leads its own process group (start_new_session)
                results[(side, endpoint, "wrk")] = run_wrk(
                    wrk, workdir, f"{side}-{endpoint}", port, method, path, headers, body, args
                )
                splits[(side, endpoint)] = sampler.split(results[(side, endpoint, "wrk")].requests)
                time.sleep(1)
                print(f"  {side} {endpoint}: {args.rate:g} req/s for {args.rate_seconds:g} s …", flush=True)
                results[(side, endpoint, "rate")] = fixed_rate(
                    port, method, path, headers, body, args.rate, args.rate_seconds
                )
                time.sleep(1)
            stop(process)
    finally:
        for process in started:
            stop(process)
        if args.keep:
            print(f"kept {workdir} and the databases {product_db}, {bare_db}")
        else:
            drop_database(args.postgres, product_db)
            drop_database(args.postgres, bare_db)
            shutil.rmtree(workdir, ignore_errors=True)

    report_cpu(splits, args)
    report(results, args)


if __name__ == "__main__":
    main()
