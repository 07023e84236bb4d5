"""Benchmark (not a test): the product over HTTP next to a bare Django app served the same way.

    .venv/bin/python bench/http_vs_bare.py [--duration 12] [--threads 2] [--connections 8]
        [--workers 2] [--worker-class sync] [--conn-max-age 0] [--rate 200] [--rate-seconds 10]
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
import http.client
import json
import os
import platform
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


@dataclass
class Result:
    requests: int = 0
    rps: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    non2xx: int = 0
    errors: int = 0
    dropped: int = 0
    first_bad: str = ""


# ---------------------------------------------------------------------------------------------
# Tools and databases


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        print("wrk is missing: apt-get install -y wrk", flush=True)
        if subprocess.run(["apt-get", "install", "-y", "wrk"]).returncode != 0:
            subprocess.run(["apt-get", "update"], check=False)
            subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit("This benchmark needs wrk: install it with `sudo apt-get install -y wrk` and run it again.")


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
    from secondopinion.api.models import ApiToken

    world = dental_world()
    _token, secret = ApiToken.issue(user=world.patient_user, name="bench")
    case = world.submit()
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
# The bare app, written into the temp dir


BARE_FILES = {
    "manage.py": """
        import os
        import sys

        if __name__ == "__main__":
            os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baresite.settings")
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
    """,
    "baresite/__init__.py": "",
    "baresite/settings.py": """
        import os

        SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
        DEBUG = False
        ALLOWED_HOSTS = ["127.0.0.1"]
        INSTALLED_APPS = [
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "items",
        ]
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ]
        ROOT_URLCONF = "baresite.urls"
        WSGI_APPLICATION = "baresite.wsgi.application"
        DATABASES = {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": os.environ["BARE_DB_NAME"],
                "USER": os.environ["BARE_DB_USER"],
                "HOST": os.environ["BARE_DB_HOST"],
                "PORT": os.environ["BARE_DB_PORT"],
                "CONN_MAX_AGE": int(os.environ["BARE_CONN_MAX_AGE"]),
            }
        }
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
        USE_TZ = True
        TIME_ZONE = "Europe/Amsterdam"
    """,
    "baresite/urls.py": """
        from django.urls import path

        from items import views

        urlpatterns = [
            path("items", views.create),
            path("items/<int:item_id>", views.read),
        ]
    """,
    "baresite/wsgi.py": """
        import os

        from django.core.wsgi import get_wsgi_application

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baresite.settings")
        application = get_wsgi_application()
    """,
    "items/__init__.py": "",
    "items/models.py": """
        from django.db import models


        class Item(models.Model):
            name = models.CharField(max_length=200)
            created_at = models.DateTimeField(auto_now_add=True)
    """,
    "items/migrations/__init__.py": "",
    "items/migrations/0001_initial.py": """
        from django.db import migrations, models


        class Migration(migrations.Migration):
            initial = True
            dependencies = []
            operations = [
                migrations.CreateModel(
                    name="Item",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                        ("name", models.CharField(max_length=200)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                ),
            ]
    """,
    "items/views.py": """
        import json

        from django.http import Http404, JsonResponse
        from django.views.decorators.csrf import csrf_exempt
        from django.views.decorators.http import require_GET, require_POST

        from items.models import Item


        def as_json(item):
            return {"id": item.pk, "name": item.name, "created_at": item.created_at.isoformat()}


        @csrf_exempt
        @require_POST
        def create(request):
            try:
                name = str(json.loads(request.body)["name"])[:200]
            except (ValueError, KeyError, TypeError):
                return JsonResponse({"detail": "name is required"}, status=422)
            return JsonResponse(as_json(Item.objects.create(name=name)), status=201)


        @require_GET
        def read(request, item_id):
            try:
                return JsonResponse(as_json(Item.objects.get(pk=item_id)))
            except Item.DoesNotExist:
                raise Http404
    """,
}


def write_bare_app(directory: Path) -> None:
    for name, text in BARE_FILES.items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip())


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


LUA = """
wrk.method = "{method}"
{body}
{headers}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; first_bad = "" end
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 300) end
  end
end
function done(summary, latency, requests)
  local total, first = 0, ""
  for _, t in ipairs(threads) do
    total = total + t:get("bad")
    if first == "" then first = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), total,
    e.connect + e.read + e.write + e.timeout))
  io.write("FIRSTBAD " .. string.gsub(first, "\\n", " ") .. "\\n")
end
"""


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for ASCII text


def run_wrk(
    wrk: str,
    workdir: Path,
    name: str,
    port: int,
    method: str,
    path: str,
    headers: dict,
    body: str | None,
    args,
) -> Result:
    script = workdir / f"{name}.lua"
    script.write_text(
        LUA.format(
            method=method,
            body=f"wrk.body = {lua_string(body)}" if body is not None else "",
            headers="\n".join(f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()),
        )
    )
    argv = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://{HOST}:{port}{path}",
    ]
    output = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    values: dict[str, str] = {}
    first_bad = ""
    for line in output.splitlines():
        if line.startswith("RESULT "):
            values = dict(part.split("=", 1) for part in line.split()[1:])
        elif line.startswith("FIRSTBAD "):
            first_bad = line[len("FIRSTBAD ") :].strip()
    if not values:
        sys.exit(f"wrk printed no result:\n{output}")
    requests = int(values["requests"])
    return Result(
        requests=requests,
        rps=requests / (int(values["duration_us"]) / 1e6),
        p50=int(values["p50_us"]) / 1000,
        p99=int(values["p99_us"]) / 1000,
        non2xx=int(values["non2xx"]),
        errors=int(values["errors"]),
        first_bad=first_bad,
    )


def fixed_rate(
    port: int,
    method: str,
    path: str,
    headers: dict,
    body: str | None,
    rate: float,
    seconds: float,
    concurrency: int = 24,
    grace: float = 5.0,
) -> Result:
    """Open loop: request i is due at start + i/rate; its latency counts from then, not from when a
    free connection picked it up. `concurrency` threads, each with one keep-alive connection. A server
    that cannot keep up is not waited for: requests not yet sent `grace` seconds after the last one
    was due are dropped and counted (`dropped`), so the run ends after about seconds + grace."""
    from bench.dental import percentile

    count = int(rate * seconds)
    start = time.perf_counter() + 0.5
    due: queue.Queue[float] = queue.Queue()
    for i in range(count):
        due.put(start + i / rate)
    samples: list[tuple[float, int, float]] = []
    bad: list[str] = []
    lock = threading.Lock()
    payload = body.encode() if body is not None else None
    deadline = start + seconds + grace
    dropped = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while True:
            try:
                at = due.get_nowait()
            except queue.Empty:
                conn.close()
                return
            wait = at - time.perf_counter()
            if time.perf_counter() > deadline:
                with lock:
                    dropped[0] += 1
                continue
            if wait > 0:
                time.sleep(wait)
            try:
                conn.request(method, path, payload, headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                status, content = 0, str(exc).encode()
            finished = time.perf_counter()
            with lock:
                samples.append(((finished - at) * 1000, status, finished))
                if not 200 <= status < 300 and not bad:
                    bad.append(f"{status} {content[:300].decode(errors='replace')}")

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [s[0] for s in samples]
    elapsed = max(s[2] for s in samples) - start
    non2xx = sum(1 for s in samples if not 200 <= s[1] < 300)
    return Result(
        requests=len(samples),
        rps=len(samples) / elapsed,
        p50=percentile(latencies, 0.5),
        p99=percentile(latencies, 0.99),
        non2xx=non2xx,
        dropped=dropped[0],
        first_bad=bad[0] if bad else "",
    )


# ---------------------------------------------------------------------------------------------


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
    try:
        with admin_connection(args.postgres) as conn:
            pg_version = conn.execute("SHOW server_version").fetchone()[0]
        print(f"http_vs_bare benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"machine: {machine_line()}")
        print(
            f"Python {platform.python_version()}, Django {django.get_version()}, PostgreSQL {pg_version}, "
            f"psycopg {psycopg.__version__}, {subprocess.run([wrk, '--version'], capture_output=True, text=True).stdout.split(' [')[0].strip()}; "
            f"gunicorn {args.workers} x {args.worker_class} workers, CONN_MAX_AGE {args.conn_max_age}; "
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
                results[(side, endpoint, "wrk")] = run_wrk(
                    wrk, workdir, f"{side}-{endpoint}", port, method, path, headers, body, args
                )
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

    report(results, args)


def report(results: dict[tuple[str, str, str], Result], args) -> None:
    print()
    print(
        f"{'endpoint':<10}{'load':<16}{'side':<9}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'errors':>8}{'dropped':>9}"
    )
    for endpoint in ("create", "read"):
        for load, label in (("wrk", f"wrk -c{args.connections}"), ("rate", f"{args.rate:g} req/s")):
            for side in ("product", "bare"):
                r = results[(side, endpoint, load)]
                print(
                    f"{endpoint:<10}{label:<16}{side:<9}{r.rps:>9.1f}{r.p50:>9.1f}{r.p99:>9.1f}{r.non2xx:>9}{r.errors:>8}{r.dropped:>9}"
                )
    print()
    verdicts: list[tuple[str, bool]] = []
    for endpoint in ("create", "read"):
        product, bare = results[("product", endpoint, "wrk")], results[("bare", endpoint, "wrk")]
        ratio = product.rps / bare.rps if bare.rps else 0.0
        print(
            f"{endpoint}: product/bare req/s ratio {ratio:.2f} "
            f"(p50 {product.p50 / bare.p50 if bare.p50 else 0:.1f}x, p99 {product.p99 / bare.p99 if bare.p99 else 0:.1f}x)"
        )
        verdicts.append((f"{endpoint}: ratio {ratio:.2f} >= 0.5", ratio >= 0.5))
        verdicts.append((f"{endpoint}: ratio {ratio:.2f} >= 0.7 (aim)", ratio >= 0.7))
        rate = results[("product", endpoint, "rate")]
        verdicts.append(
            (
                f"{endpoint}: product p99 {rate.p99:.1f} ms < 50 ms at {args.rate:g} req/s "
                f"(achieved {rate.rps:.0f} req/s, {rate.dropped} dropped)",
                rate.p99 < 50 and not rate.dropped,
            )
        )
    bad = {key: r for key, r in results.items() if r.non2xx or r.errors}
    verdicts.append(("no non-2xx answers and no socket errors", not bad))
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    for (side, endpoint, load), r in bad.items():
        print(f"{side} {endpoint} ({load}): {r.non2xx} non-2xx, {r.errors} errors; first: {r.first_bad}")
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
