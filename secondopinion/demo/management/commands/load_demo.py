import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from secondopinion.demo.world import load_demo, second_factor_accounts


class Command(BaseCommand):
    help = "Load the demo directory, a case in every state and one login per role (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        password = os.environ.get("TM_DEMO_PASSWORD", "tweede-mening-demo")
        accounts = load_demo(password)
        if connection.vendor == "postgresql":
            # Planner statistics now rather than after autovacuum's next round (a minute or more):
            # with them, a patient's index is read in order as her requests grow (the earlier
            # requests, the home page), where a fresh database without them scans and sorts.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        with_code = set(second_factor_accounts()) if settings.TM_REQUIRE_SECOND_FACTOR else set()
        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Open http://127.0.0.1:{port}/"))
        self.stdout.write(f"Every demo account has the password: {password}")
        for account in accounts:
            mark = "  + code" if account.username in with_code else ""
            self.stdout.write(f"  {account.username:<18} {account.role}{mark}")
        if with_code:
            self.stdout.write(
                "Accounts marked '+ code' (practitioners and staff) also give a 6-digit code after the "
                "password; this prints the current one:\n"
                f"  {self._manage()} demo_code {'dr.bakker' if 'dr.bakker' in with_code else min(with_code)}"
            )
        elif settings.TM_REQUIRE_SECOND_FACTOR:
            self.stdout.write(
                "Practitioners and staff set up an authenticator app at their first login. To use "
                "`manage.py demo_code <username>` instead, set TM_DEMO_TOTP_SEED (or TM_DEMO=true) "
                "and load the demo again."
            )

    @staticmethod
    def _manage() -> str:
        python = ".venv/bin/python" if os.path.exists(".venv/bin/python") else "python"
        # On the key generated under var/, a command of its own needs the demo's switch too.
        demo = "TM_DEMO=true " if settings.TM_SECRET_KEY_GENERATED else ""
        return f"{demo}{python} manage.py"
