"""Benchmark (not a test): server time of the patient's and the staff's pages with 100,000 cases.

    .venv/bin/python bench/patient_pages.py [--cases 100000] [--organisations 100] [--requests 50] [--keep]

Builds a throwaway SQLite database under var/bench/, migrates it, and walks three of Petra's cases
through the product's services (one closed, with a 20-message thread, her evaluation and a complaint;
one with a final report; one just submitted). Then it adds `--cases` more cases in bulk (bulk_create),
spread over `--organisations` handling organisations and 50,000 patients, in every status, with 1,000
complaints. The coordinator and the complaints officer work at Petra's handling organisation, so their
lists hold that organisation's share (cases / organisations).

It then renders each page `--requests` times through Django's test Client (after 3 warm-up requests):
the patient's home page, the patient's closed case page (journey, thread, evaluation, complaints), her
notifications, the coordinator's worklist and the same case page for the coordinator and the giver, the
giver's agenda, the turnaround and outcomes pages and the complaints officer's complaints list, and
prints p50 and p95 in ms. Every
request writes its access-log events, as in production.
"""

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.dental import dental_world, percentile  # noqa: E402
from bench.verify_audit import machine, setup_django  # noqa: E402

BATCH = 5_000
STATUSES = (
    "submitted",
    "accepted",
    "assigned",
    "informed",
    "in_examination",
    "report_draft",
    "report_final",
    "closed",
    "redirected",
    "withdrawn",
)


def walk_petras_cases() -> dict:
    """Petra's three cases, built through the services, and the people who look at them."""
    from secondopinion.aftercare.services import complaint_file, evaluation_record, message_send

    world = dental_world()
    closed = world.advance(world.submit(), "closed")
    world.advance(world.submit(), "report_final")
    world.submit()
    for i in range(20):
        author = world.patient_user if i % 2 == 0 else world.coordinator
        message_send(
            actor=author, case_id=closed.pk, body=f"Bericht {i + 1} over het rapport.", source="command"
        )
    evaluation_record(
        actor=world.patient_user,
        case_id=closed.pk,
        decision="accept_opinion",
        satisfaction=4,
        comment="Helder uitgelegd.",
        source="command",
    )
    complaint_file(
        actor=world.patient_user, case_id=closed.pk, text="De wachttijd was lang.", source="command"
    )
    return {
        "patient_user": world.patient_user,
        "coordinator": world.coordinator,
        "officer": world.officer,
        "giver_user": world.giver_user,
        "closed": closed,
        "treating": world.treating,
        "giving_practice": world.giving_practice,
    }


def bulk_cases(world: dict, cases: int, organisations: int) -> float:
    """`cases` more cases, spread over `organisations` (Petra's among them) and 50,000 patients."""
    from django.utils import timezone

    from secondopinion.aftercare.models import Complaint, Evaluation
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.directory.models import Organisation, Patient
    from tests.factories import valid_bsn

    began = time.perf_counter()
    orgs = [
        world["giving_practice"],
        *Organisation.objects.bulk_create(
            Organisation(name=f"Praktijk {i}", agb_code=f"{20000000 + i:08d}")
            for i in range(1, organisations)
        ),
    ]
    patient_count = max(1, cases // 2)
    patients: list[int] = []
    for first in range(0, patient_count, BATCH):
        rows = [
            Patient(name=f"Patiënt {n}", bsn=valid_bsn(500_000 + n), date_of_birth=dt.date(1970, 1, 1))
            for n in range(first, min(first + BATCH, patient_count))
        ]
        patients += [p.pk for p in Patient.objects.bulk_create(rows)]
    owner = world["patient_user"]
    created: list[SecondOpinionCase] = []
    for first in range(0, cases, BATCH):
        rows = [
            SecondOpinionCase(
                protocol="dental-knmt",
                status=STATUSES[n % len(STATUSES)],
                patient_id=patients[n % len(patients)],
                organisation=orgs[n % len(orgs)],
                requester_kind="patient",
                treating_practitioner=world["treating"],
                care_question=f"Vraag {n}: is de voorgestelde behandeling nodig?",
                subject="treatment_plan",
                classification="second_opinion",
            )
            for n in range(first, min(first + BATCH, cases))
        ]
        created += SecondOpinionCase.objects.bulk_create(rows)
    closed = [c for c in created if c.status == "closed"]
    Evaluation.objects.bulk_create(
        Evaluation(
            case=c,
            decision="accept_opinion",
            satisfaction=1 + c.pk % 5,
            recorded_by=owner,
            recorded_role="patient",
        )
        for c in closed[: len(closed) // 2]
    )
    from secondopinion.aftercare import deadlines

    today = timezone.localdate()
    Complaint.objects.bulk_create(
        Complaint(
            case=c,
            filed_by=owner,
            filed_role="patient",
            text="Te lang gewacht.",
            filed_at=timezone.now(),
            acknowledge_by=deadlines.acknowledge_by(today),
            decide_by=deadlines.decide_by(today),
        )
        for c in created[:: max(1, cases // 1000)]
    )
    return time.perf_counter() - began


def time_page(user, path: str, requests: int) -> tuple[float, float, int]:
    from django.test import Client

    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    for _ in range(3):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, path
    return percentile(samples, 0.5), percentile(samples, 0.95), len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=100)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="patient_pages-", dir=bench_dir))
    database = workdir / "bench.sqlite3"
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    try:
        setup_django(str(database))
        from django.conf import settings
        from django.urls import reverse

        from secondopinion.aftercare.models import Complaint
        from secondopinion.cases.models import SecondOpinionCase

        settings.TM_REQUIRE_SECOND_FACTOR = False  # force_login stands in for the whole login
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)  # pages name hashed static files
        print(f"patient_pages benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(
            f"machine: {machine()}; Python {platform.python_version()}, SQLite {__import__('sqlite3').sqlite_version}"
        )
        world = walk_petras_cases()
        seconds = bulk_cases(world, args.cases, args.organisations)
        org = world["giving_practice"]
        print(
            f"built {SecondOpinionCase.objects.count():,} cases in {seconds:.1f} s; "
            f"{SecondOpinionCase.objects.filter(organisation=org).count():,} at the coordinator's organisation, "
            f"{Complaint.objects.filter(case__organisation=org).count():,} complaints there"
        )
        pages = [
            ("patient home", world["patient_user"], reverse("web:home")),
            ("patient case page", world["patient_user"], reverse("web:case", args=[world["closed"].pk])),
            ("patient notifications", world["patient_user"], reverse("notifications:list")),
            ("coordinator worklist", world["coordinator"], reverse("web:home")),
            ("coordinator case page", world["coordinator"], reverse("web:case", args=[world["closed"].pk])),
            ("giver case page", world["giver_user"], reverse("web:case", args=[world["closed"].pk])),
            ("giver agenda", world["giver_user"], reverse("appointments:agenda")),
            ("turnaround", world["coordinator"], reverse("planning:turnaround")),
            ("outcomes", world["coordinator"], reverse("aftercare:outcomes")),
            ("complaints list", world["officer"], reverse("aftercare:complaints")),
        ]
        print(f"{'page':<24}{'p50 ms':>10}{'p95 ms':>10}{'KiB':>8}   ({args.requests} requests each)")
        for name, user, path in pages:
            p50, p95, size = time_page(user, path, args.requests)
            print(f"{name:<24}{p50:>10.1f}{p95:>10.1f}{size / 1024:>8.0f}")
    finally:
        if args.keep:
            print(f"kept {database}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
