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

from bench.dental import dental_world, percentile  # noqa: E402
from bench.verify_audit import machine, setup_django  # noqa: E402

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase


def build_case(paragraphs: int) -> "SecondOpinionCase":
    """One case with a final four-page report, written through the product's own services."""
    from django.utils import timezone

    from secondopinion.billing.services import billing_add_line
    from secondopinion.cases.editing import case_save_report_draft
    from secondopinion.cases.inputs import StepInput
    from secondopinion.cases.services import case_transition
    from secondopinion.records.models import TreatmentPlan
    from tests.reports.conftest import SECTIONS, long_findings

    world = dental_world()
    giver_user = world.giver_user
    case = world.advance(world.submit(), "report_draft")
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
