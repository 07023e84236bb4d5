from django.core.management.base import BaseCommand

from secondopinion.audit.chain import seal
from secondopinion.audit.sequencer import chain_pending


class Command(BaseCommand):
    help = (
        "Seal the access log: chain the events still pending (audit/sequencer.py), then write a checkpoint holding every chain head's (chain, seq, hash), "
        "hash-chained to the previous checkpoint, so that a chain cut off or removed with its head "
        "shows in verify_audit. Run it from cron every few minutes and keep the printed hash "
        "somewhere outside this database. Writes nothing when no head moved since the last one."
    )
    requires_system_checks: list[str] = []

    def handle(self, *args: object, **options: object) -> None:
        chained = chain_pending()
        if chained:
            self.stdout.write(f"chained {chained} pending events")
        checkpoint = seal()
        if checkpoint is None:
            self.stdout.write("no head moved since the last checkpoint: nothing sealed")
            return
        self.stdout.write(self.style.SUCCESS(f"sealed checkpoint {checkpoint.seq}: {checkpoint.hash}"))
