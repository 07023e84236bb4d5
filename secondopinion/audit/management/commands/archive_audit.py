"""`manage.py archive_audit`: export the access log up to a date, or check an archive."""

from datetime import UTC, datetime, time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secondopinion.audit.archive import export_archive, verify_archive
from secondopinion.core.dates import parse_day


class Command(BaseCommand):
    help = (
        "Archive the access log (WGBO: 20 years): write every chain's events from before --before "
        "(YYYY-MM-DD) to --out, a gzip file of JSON lines ending in a manifest with the checkpoint "
        "that seals them. With --verify FILE: check an archive's hashes, links, manifest and "
        "checkpoint, and that the database still agrees (--offline: the file alone)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--before", help="archive the events before this day (YYYY-MM-DD, UTC)")
        parser.add_argument("--out", type=Path, help="the archive to write (.jsonl.gz)")
        parser.add_argument("--verify", type=Path, help="check this archive instead")
        parser.add_argument("--offline", action="store_true", help="with --verify: the file alone")

    def handle(self, *args: object, **options: object) -> None:
        target = options["verify"]
        if isinstance(target, Path):
            check = verify_archive(target, against_database=not options["offline"])
            if not check.ok:
                raise CommandError("BROKEN: " + "; ".join(check.problems))
            point = check.manifest["checkpoint"]
            self.stdout.write(
                self.style.SUCCESS(
                    f"OK: {check.events} events in {len(check.manifest['chains'])} chains, sealed by "
                    f"checkpoint {point['seq']} ({point['hash']})"
                )
            )
            return
        before_text, out = options["before"], options["out"]
        if not isinstance(before_text, str) or not isinstance(out, Path):
            raise CommandError("Give --before YYYY-MM-DD and --out FILE, or --verify FILE.")
        try:
            day = parse_day(before_text)
        except ValueError as error:
            raise CommandError(f"--before: {error}") from error
        if out.exists():
            raise CommandError(f"--out: {out} exists already; an archive is never overwritten.")
        try:
            result = export_archive(datetime.combine(day, time.min, tzinfo=UTC), out)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"archived {result.events} events of {len(result.chains)} chains to {result.path}, sealed by "
                f"checkpoint {result.checkpoint_seq} ({result.checkpoint_hash}); SHA-256 of the events "
                f"{result.digest}"
            )
        )
