from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from importer.seeding import FixtureError, fixture_paths, seed_plans


class Command(BaseCommand):
    help = (
        "Load the seeded plans from fixtures/plans/*.json: creates what is missing, updates seeded "
        "fields that differ, deletes nothing. Safe to run again; all or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Validate the fixtures without writing.")

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        try:
            if check:
                from importer.seeding import load_fixture

                for path in fixture_paths():
                    load_fixture(path)
                self.stdout.write(self.style.SUCCESS(f"{len(fixture_paths())} fixtures are valid."))
                return
            report = seed_plans()
        except FixtureError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Seeded plans ({report.summary()})."))
