from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from indicators.services import evaluations_refresh
from plans.models import Plan


class Command(BaseCommand):
    help = (
        "Recompute the stored evaluations (status, expected value, completion for every plan year) "
        "from the approved figures. Run it after changing the EVALUATION_* thresholds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", action="append", default=[], help="Only this plan key (repeatable).")
        parser.add_argument(
            "--no-notify",
            action="store_true",
            help="Record and mail no warning notices (a first fill or a recalibration, not news).",
        )

    def handle(self, *args: Any, plan: list[str], no_notify: bool, **options: Any) -> None:
        plan_ids = None
        if plan:
            found = dict(Plan.objects.filter(key__in=plan).values_list("key", "pk"))
            missing = sorted(set(plan) - set(found))
            if missing:
                raise CommandError(f"No plan with key {', '.join(missing)}")
            plan_ids = list(found.values())
        written = evaluations_refresh(plan_ids=plan_ids, notify=not no_notify)
        self.stdout.write(self.style.SUCCESS(f"Refreshed {written} evaluations."))
