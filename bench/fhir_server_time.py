"""Benchmark (not a test): the FHIR endpoint's server time on PostgreSQL with 100,000 cases.

    .venv/bin/python bench/fhir_server_time.py [--cases 100000] [--organisations 100] [--requests 100]
        [--imports 50] [--postgres postgresql://postgres@127.0.0.1:5432] [--keep]

Creates a fresh PostgreSQL database (dropped at the end unless --keep), walks Petra's three cases
through the services (bench/patient_pages.py) and builds the cases in bulk beside them
(bench/scale_build.py: INSERT … SELECT … generate_series; one in `--organisations` at the
coordinator's practice). A GP with an account refers through the endpoint. Then, through Django's
test client in this process (server time: everything from the URL resolver to the JSON, no network),
after warm-up:

- a Task search returning 50 results: the coordinator's
  `GET /fhir/R4/Task?owner=Organization/<practice>&_count=50&_include=Task:focus` (50 Tasks and their
  50 ServiceRequests, the total, paging links; its access-log event), `--requests` times;
- the same polled by `_lastUpdated=ge<a week ago>` (what an integrator follows);
- a referral Bundle import: the GP's `POST /fhir/R4/` of a transaction Bundle (Patient by BSN,
  Practitioner, Organization, ServiceRequest) that makes a case through case_submit, each with a fresh
  identifier, `--imports` times; and the same Bundle posted again (the idempotent answer).

It prints p50/p95/p99 in ms and the queries of each answer.
"""

import argparse
import datetime as dt
import os
import platform
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dental import percentile  # noqa: E402
from bench.patient_pages import walk_petras_cases  # noqa: E402
from bench.scale_build import build_cases  # noqa: E402
from bench.verify_audit import machine  # noqa: E402

FHIR_JSON = "application/fhir+json"


def admin(server: str):
    import psycopg

    return psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True)


def measured(call, times: int) -> tuple[float, float, float, int]:
    """p50, p95, p99 in ms of `times` calls after 5 warm-up ones, and the queries of one more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        call()
    samples = []
    for _ in range(times):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    return percentile(samples, 0.5), percentile(samples, 0.95), percentile(samples, 0.99), len(captured)


def referral(world: dict, gp, identifier: str) -> dict:
    patient = world["closed"].patient
    entries = [
        (
            "urn:uuid:p",
            {
                "resourceType": "Patient",
                "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/bsn", "value": patient.bsn}],
                "birthDate": patient.date_of_birth.isoformat(),
            },
        ),
        (
            "urn:uuid:r",
            {
                "resourceType": "Practitioner",
                "identifier": [{"system": "http://fhir.nl/fhir/NamingSystem/agb-z", "value": gp.agb_code}],
            },
        ),
        (
            "urn:uuid:o",
            {
                "resourceType": "Organization",
                "identifier": [
                    {
                        "system": "http://fhir.nl/fhir/NamingSystem/agb-z",
                        "value": world["giving_practice"].agb_code,
                    }
                ],
            },
        ),
        (
            "urn:uuid:s",
            {
                "resourceType": "ServiceRequest",
                "identifier": [{"system": "urn:bench:referrals", "value": identifier}],
                "status": "active",
                "intent": "order",
                "code": {
                    "coding": [
                        {
                            "system": "https://tweedemening.nl/fhir/CodeSystem/subject",
                            "code": "treatment_plan",
                        }
                    ]
                },
                "reasonCode": [
                    {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0336", "code": "S"}]}
                ],
                "subject": {"reference": "urn:uuid:p"},
                "requester": {"reference": "urn:uuid:r"},
                "performer": [{"reference": "urn:uuid:o"}],
                "note": [{"text": "Is de voorgestelde brug nodig, of volstaat een implantaat?"}],
                "extension": [
                    {
                        "url": "https://tweedemening.nl/fhir/StructureDefinition/treating-practitioner",
                        "valueReference": {"reference": f"Practitioner/{world['treating'].pk}"},
                    }
                ],
            },
        ),
    ]
    return {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [
            {"fullUrl": u, "resource": r, "request": {"method": "POST", "url": r["resourceType"]}}
            for u, r in entries
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--requests", type=int, default=100, help="searches per measurement (100)")
    parser.add_argument("--imports", type=int, default=50, help="referral Bundles posted (50)")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()

    name = f"tm_bench_fhir_{os.getpid()}_{secrets.token_hex(3)}"
    with admin(args.postgres) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        pg_version = conn.execute("SHOW server_version").fetchone()[0]
    os.environ["DATABASE_URL"] = f"{args.postgres.rstrip('/')}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    try:
        import json

        import django

        django.setup()
        from django.conf import settings
        from django.test import Client

        from secondopinion.api.models import ApiToken
        from secondopinion.cases.models import SecondOpinionCase
        from tests.factories import OrganisationFactory, PractitionerFactory, UserFactory

        settings.TM_REQUIRE_SECOND_FACTOR = False
        print(f"fhir_server_time benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(
            f"machine: {machine()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; "
            f"Python {platform.python_version()}, PostgreSQL {pg_version}"
        )
        began = time.perf_counter()
        world = walk_petras_cases()
        build_cases(world, args.cases, args.organisations)
        org = world["giving_practice"]
        at_practice = SecondOpinionCase.objects.filter(organisation=org).count()
        print(
            f"built {SecondOpinionCase.objects.count():,} cases ({at_practice:,} at the coordinator's practice) "
            f"in {time.perf_counter() - began:.0f} s",
            flush=True,
        )
        gp_user = UserFactory(username="huisarts")
        gp = PractitionerFactory(
            user=gp_user, organisation=OrganisationFactory(name="Huisartsenpraktijk"), discipline="gp"
        )

        def client(user) -> Client:
            _token, secret = ApiToken.issue(user=user, name="bench")
            return Client(
                HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT=FHIR_JSON, HTTP_ACCEPT_LANGUAGE="nl"
            )

        coordinator, referrer = client(world["coordinator"]), client(gp_user)
        search = f"/fhir/R4/Task?owner=Organization/{org.pk}&_count=50&_include=Task:focus"
        week_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=7)).isoformat().replace("+00:00", "Z")
        polled = f"{search}&_lastUpdated=ge{week_ago}"
        counter = iter(range(10**9))

        def task_search(path: str):
            def call() -> None:
                response = coordinator.get(path)
                body = response.json()
                assert response.status_code == 200, body
                assert sum(e["search"]["mode"] == "match" for e in body["entry"]) == 50, body.get("total")

            return call

        def import_one() -> None:
            body = json.dumps(referral(world, gp, f"bench-{next(counter)}"))
            response = referrer.post("/fhir/R4/", body, content_type=FHIR_JSON)
            assert response.status_code == 200, response.content[:500]
            assert response.json()["entry"][3]["response"]["status"] == "201 Created"

        again_body = json.dumps(referral(world, gp, "bench-again"))

        def import_again() -> None:
            response = referrer.post("/fhir/R4/", again_body, content_type=FHIR_JSON)
            assert response.status_code == 200, response.content[:500]

        rows = [
            ("Task search, 50 results", task_search(search), args.requests),
            ("  polled by _lastUpdated", task_search(polled), args.requests),
            ("referral Bundle import", import_one, args.imports),
            ("  the same posted again", import_again, args.requests),
        ]
        print(f"{'request':<28}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'queries':>9}   (count)")
        for label, call, times in rows:
            p50, p95, p99, queries = measured(call, times)
            print(f"{label:<28}{p50:>9.1f}{p95:>9.1f}{p99:>9.1f}{queries:>9}   ({times})", flush=True)
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
