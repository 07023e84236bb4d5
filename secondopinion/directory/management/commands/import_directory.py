from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from secondopinion.directory.imports import import_organisations, import_practitioners

IMPORTERS = {"organisations": import_organisations, "practitioners": import_practitioners}


class Command(BaseCommand):
    help = (
        "Import organisations or practitioners from a CSV file (UTF-8, header row). Bad rows are "
        "reported with their line number; the rest import. Importing again updates, keyed on AGB code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("path", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["path"]
        assert isinstance(path, Path)
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open(encoding="utf-8-sig", newline="") as source:
            result = IMPORTERS[str(options["kind"])](source)
        for line, message in result.errors:
            self.stderr.write(f"line {line}: {message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} created, {result.updated} updated, {len(result.errors)} rejected"
            )
        )
