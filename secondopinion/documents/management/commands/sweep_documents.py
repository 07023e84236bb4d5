"""Remove stored files that no document or rendering names (left by rolled-back transactions). Run daily."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from secondopinion.documents.sweep import sweep_orphaned_files


class Command(BaseCommand):
    help = "Delete files in the documents storage that no row names and that are older than --hours."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="minimum age of a file to remove (24)")
        parser.add_argument("--dry-run", action="store_true", help="only list what would be removed")

    def handle(self, *args: Any, **options: Any) -> None:
        found = sweep_orphaned_files(
            older_than=dt.timedelta(hours=options["hours"]), dry_run=options["dry_run"]
        )
        for name in found:
            self.stdout.write(name)
        verb = "would be removed" if options["dry_run"] else "removed"
        self.stdout.write(f"{len(found)} orphaned file(s) {verb}.")
