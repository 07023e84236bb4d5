from django.core.management.base import BaseCommand, CommandError, CommandParser

from secondopinion.audit.chain import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the access log's hash chain (NEN 7513): walk every event in seq order, recompute "
        "its hash, check the links, the seq gaps and that the last event matches the chain head. "
        "Prints 'OK: N events, head <hash>', or the first broken link and exits with status 1. "
        "Also available as `verify-audit`."
    )
    # A read-only check of the log must run on any configuration that reaches the database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=5000,
            help="Rows fetched from the database at a time (default 5000).",
        )

    def handle(self, *args: object, **options: object) -> None:
        chunk_size = options["chunk_size"]
        assert isinstance(chunk_size, int)
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        result = verify_chain(chunk_size=chunk_size)
        if not result.ok:
            raise CommandError(str(result))
        self.stdout.write(self.style.SUCCESS(str(result)))
