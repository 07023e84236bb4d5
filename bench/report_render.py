"""Benchmark (not a test): rendering a four-page written report to PDF and to DOCX.

    .venv/bin/python bench/report_render.py [--runs 50] [--paragraphs 21] [--keep]

Builds a throwaway SQLite database under var/bench/, migrates it, walks one dental case along the
ordinary path through the services (the giver declares independence, the patient consents), fills
every report section with findings long enough for four A4 pages, adds a treatment plan and two
bitewings (X10), and signs it off (C011 is billed, the report sealed). Then it renders the report
`--runs` times per format, each run the whole download's work: assembling the document from the
sealed content, then laying it out. It prints p50 and p95 in milliseconds per format, the page
count, the file sizes, the peak of Python's own allocations during one render (tracemalloc, in a
separate untimed pass) and the process's peak RSS.
"""

import argparse
import datetime as dt
import io
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.verify_audit import machine, setup_django  # noqa: E402

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase


def build_case(paragraphs: int) -> "SecondOpinionCase":
    """One case with a final four-page report, written through the product's own services."""
    from django.core.management import call_command
    from django.utils import timezone

    from secondopinion.billing.services import billing_add_line
    from secondopinion.cases.inputs import StepInput, SubmitInput
    from secondopinion.cases.services import case_save_report_draft, case_submit, case_transition
    from secondopinion.consent.services import consent_record
    from secondopinion.directory.services import independence_declare
    from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS
    from secondopinion.records.models import TreatmentPlan
    from tests.factories import (
        OrganisationFactory,
        PatientFactory,
        PractitionerFactory,
        StaffFactory,
        UserFactory,
    )
    from tests.reports.conftest import SECTIONS, long_findings

    call_command("migrate", verbosity=0)
    treating_practice = OrganisationFactory(name="Tandartspraktijk De Molen")
    giving_practice = OrganisationFactory(name="Mondzorg Centrum Oost")
    patient_user = UserFactory(username="petra")
    patient = PatientFactory(user=patient_user, name="Petra de Vries")
    treating = PractitionerFactory(organisation=treating_practice, name="J. Jansen")
    giver_user = UserFactory(username="gever")
    giver = PractitionerFactory(user=giver_user, organisation=giving_practice, name="A. Bakker")
    coordinator = StaffFactory(organisation=giving_practice, user=UserFactory(username="coordinator")).user

    case = case_submit(
        actor=patient_user,
        data=SubmitInput(
            protocol="dental-knmt",
            patient_id=patient.pk,
            organisation_id=giving_practice.pk,
            treating_practitioner_id=treating.pk,
            care_question="Is extractie van 36 nodig, of kan de kies behouden blijven?",
            subject="treatment_plan",
            treatment_started=False,
        ),
        source="command",
    )
    steps: list[tuple[str, object, dict]] = [
        ("accepted", coordinator, {"classification": "second_opinion"}),
        ("assigned", coordinator, {"giver_id": giver.pk}),
        (
            "informed",
            giver_user,
            {
                "explanation_items": list(EXPLANATION_ITEMS),
                "written_report": True,
                "inform_own_practitioner": True,
                "records_alternative_explained": True,
                "care_question": "Is extractie van 36 nodig, of kan de kies behouden blijven?",
            },
        ),
        ("in_examination", giver_user, {}),
        (
            "report_draft",
            giver_user,
            {"findings": "Zie het rapport.", "anamnesis_dental": "Pijn bij kauwen."},
        ),
    ]
    for to, actor, values in steps:
        case = case_transition(
            actor=actor, case_id=case.pk, to=to, data=StepInput(**values), source="command"
        )
        if to == "assigned":
            independence_declare(
                actor=giver_user, case_id=case.pk, statement_confirmed=True, source="command"
            )
        if to == "informed":
            consent_record(
                actor=patient_user,
                case_id=case.pk,
                purpose="inform_own_practitioner",
                method="in_app",
                source="command",
            )
    sections = {**SECTIONS, "findings": long_findings(paragraphs)}
    case_save_report_draft(actor=giver_user, case_id=case.pk, sections=sections, source="command")
    TreatmentPlan.objects.create(
        case=case,
        description="Wortelkanaalbehandeling 36 met kroon.",
        cost_estimate_cents=125_000,
        drafted_by=giver_user,
    )
    billing_add_line(
        actor=giver_user, case_id=case.pk, code="X10", quantity=2, date=timezone.localdate(), source="command"
    )
    case = case_transition(
        actor=giver_user, case_id=case.pk, to="report_final", data=StepInput(), source="command"
    )
    case.refresh_from_db()
    return case


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(render: Callable[[], bytes], runs: int) -> tuple[list[float], bytes]:
    render()  # warm-up: fonts, templates and imports are loaded once per process
    samples, data = [], b""
    for _ in range(runs):
        began = time.perf_counter()
        data = render()
        samples.append((time.perf_counter() - began) * 1000)
    return samples, data


def peak_allocations(render: Callable[[], bytes]) -> int:
    tracemalloc.start()
    render()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--paragraphs", type=int, default=21, help="findings paragraphs (21: four pages)")
    parser.add_argument("--language", default="nl")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    args = parser.parse_args()

    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="report_render-", dir=bench_dir))
    database = workdir / "bench.sqlite3"
    try:
        setup_django(database)
        from pypdf import PdfReader

        from secondopinion.reports.docx import render_report_docx
        from secondopinion.reports.pdf import render_report_pdf

        print(f"report_render benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
        print(f"machine: {machine()}; Python {platform.python_version()}")
        case = build_case(args.paragraphs)
        formats = {
            "pdf": lambda: render_report_pdf(case, args.language),
            "docx": lambda: render_report_docx(case, args.language),
        }
        pages = len(PdfReader(io.BytesIO(formats["pdf"]())).pages)
        print(
            f"report {case.reference}: {pages} A4 pages, sealed {case.report.content_hash[:16]}…, {args.runs} runs each"
        )
        for name, render in formats.items():
            samples, data = timed(render, args.runs)
            print(
                f"{name:>4}: p50 {statistics.median(samples):7.1f} ms   p95 {percentile(samples, 0.95):7.1f} ms   "
                f"min {min(samples):6.1f} ms   max {max(samples):6.1f} ms   {len(data) / 1024:6.1f} KiB   "
                f"peak Python allocations {peak_allocations(render) / 1024 / 1024:5.1f} MiB"
            )
        print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    finally:
        if args.keep:
            print(f"kept {database}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
