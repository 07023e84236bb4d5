from django.core.management.base import BaseCommand, CommandError, CommandParser

from secondopinion.audit.chain import seal
from secondopinion.audit.sequencer import chain_pending
from secondopinion.audit.verification import default_workers, verify_log


class Command(BaseCommand):
    help = (
        "Verify the access log (NEN 7513): walk every hash chain in seq order, recompute each "
        "event's hash, check the links, the seq gaps, each chain's head and every sealed "
        "checkpoint, the chains in parallel processes. First chains the events still pending "
        "(unless --no-seal). Prints 'OK: N events in … chains, …' and "
        "seals a new checkpoint, or prints the first broken link of every broken chain and exits "
        "with status 1. Also available as `verify-audit`."
    )
    # A check of the log must run on any configuration that reaches the database.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=5000,
            help="Rows fetched from the database at a time (default 5000).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="Processes verifying chains at once, one connection each (default: the CPUs available).",
        )
        parser.add_argument(
            "--no-seal",
            action="store_true",
            help=(
                "Read only: neither chain the pending events first nor write a checkpoint after a "
                "successful verification (pending events are counted, not verified)."
            ),
        )

    def handle(self, *args: object, **options: object) -> None:
        chunk_size, workers = options["chunk_size"], options["workers"]
        assert isinstance(chunk_size, int)
        assert isinstance(workers, int)
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if not options["no_seal"]:
            chained = chain_pending()
            if chained:
                self.stdout.write(f"chained {chained} pending events")
        result = verify_log(chunk_size=chunk_size, workers=workers)
        if not result.ok:
            raise CommandError(str(result))
        self.stdout.write(self.style.SUCCESS(str(result)))
        if not options["no_seal"]:
            checkpoint = seal()
            if checkpoint is not None:
                self.stdout.write(f"sealed checkpoint {checkpoint.seq}: {checkpoint.hash}")
