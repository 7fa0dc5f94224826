from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from families.demo import create_demo_families


class Command(BaseCommand):
    help = "Demo plan family for `make run`: a small common-indicator catalogue linked to the seeded plans."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--force", action="store_true", help="Run with DEBUG off too.")

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Demo data: refusing with DEBUG off (use --force).")
        made = create_demo_families()
        self.stdout.write(f"Demo plan family: {made} plan indicators linked to the catalogue (demo data).")
