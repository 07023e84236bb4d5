import os

from django.core.management.base import BaseCommand

from secondopinion.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo directory, a case in every state and one login per role (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        password = os.environ.get("TM_DEMO_PASSWORD", "tweede-mening-demo")
        accounts = load_demo(password)
        port = os.environ.get("PORT", "8000")
        self.stdout.write(self.style.SUCCESS(f"Demo ready. Open http://127.0.0.1:{port}/"))
        self.stdout.write(f"Every demo account has the password: {password}")
        for account in accounts:
            self.stdout.write(f"  {account.username:<18} {account.role}")
