from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from importer.demo import DEMO_PASSWORD, demo_accounts_create


class Command(BaseCommand):
    help = (
        "Create or reset the demo accounts (admin, planning office, three unit reporters, a viewer) "
        f"with the password {DEMO_PASSWORD!r}. Refuses to run with DJANGO_DEBUG off unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "Demo accounts have a published password: refusing with DEBUG off (use --force)."
            )
        accounts = demo_accounts_create()
        width = max(len(username) for username, _ in accounts)
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, label in accounts:
            self.stdout.write(f"  {username.ljust(width)}  {label}")
