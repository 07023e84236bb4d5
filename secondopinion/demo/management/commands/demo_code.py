from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from secondopinion.accounts.second_factor import DEMO_DEVICE_NAME, current_code, seconds_left
from secondopinion.demo.data import ACCOUNTS


class Command(BaseCommand):
    help = (
        "Print the current 6-digit login code of a demo practitioner or staff account "
        "(only for the authenticators that load_demo set up)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="a demo account, e.g. dr.bakker or coordinator")

    def handle(self, *args: object, **options: object) -> None:
        username = str(options["username"])
        if username not in {account.username for account in ACCOUNTS}:
            raise CommandError(f"{username!r} is not a demo account.")
        device = TOTPDevice.objects.filter(
            user__username=username, name=DEMO_DEVICE_NAME, confirmed=True
        ).first()
        if device is None:
            raise CommandError(
                f"{username!r} has no demo authenticator: patients and representatives need no code, and "
                "without TM_DEMO_TOTP_SEED (or TM_DEMO=true) load_demo sets none up."
            )
        self.stdout.write(current_code(device))
        self.stderr.write(
            f"valid for about {seconds_left(device)} more seconds; each code logs in once, "
            "so wait for the next one to log in again."
        )
