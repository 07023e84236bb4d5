"""What bench/http_vs_bare.py prints after its runs: each load's figures for both sides, the ratios
and the issue's targets as PASS/FAIL, and where each request's CPU went (bench/cpu_split.py)."""

import sys

from bench.cpu_split import Split
from bench.http_load import Result


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


def report_cpu(splits: dict[tuple[str, str], Split | None], args) -> None:
    """CPU milliseconds per request in the wrk phase: the served app, PostgreSQL, wrk itself."""
    if not any(splits.values()):
        return
    print()
    print(
        f"CPU ms per request under wrk -c{args.connections} (user + system; PostgreSQL counts all its processes)"
    )
    print(f"{'endpoint':<10}{'side':<9}{'app':>8}{'postgres':>10}{'wrk':>8}{'total':>8}")
    for (side, endpoint), split in sorted(
        splits.items(), key=lambda item: (item[0][1], item[0][0] != "product")
    ):
        if split is not None:
            total = split.app + split.postgres + split.load
            print(
                f"{endpoint:<10}{side:<9}{split.app:>8.2f}{split.postgres:>10.2f}{split.load:>8.2f}{total:>8.2f}"
            )
