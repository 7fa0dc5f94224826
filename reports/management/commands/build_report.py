"""`manage.py build_report --plan KEY --year Y --kind monitoring|midterm|tasks|projects [--format xlsx|docx]`.

Builds the report in this process (no broker needed) as a recorded run, and prints the file's path.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from plans.models import Plan
from reports.models import ReportFormat, ReportKind, RunState
from reports.services import report_build_now


class Command(BaseCommand):
    help = "Build a report (monitoring, mid-term, tasks or projects) for a plan and a year."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", required=True, help="The plan's key, e.g. taishan-14th-fyp.")
        parser.add_argument(
            "--year", type=int, help="The report year (a mid-term report defaults to the middle year)."
        )
        parser.add_argument("--kind", required=True, choices=ReportKind.values)
        parser.add_argument("--format", dest="fmt", default=ReportFormat.XLSX, choices=ReportFormat.values)

    def handle(self, *args: Any, plan: str, year: int | None, kind: str, fmt: str, **options: Any) -> None:
        found = Plan.objects.filter(key=plan).first()
        if found is None:
            raise CommandError(_("There is no plan with the key %(key)s.") % {"key": plan})
        try:
            run = report_build_now(kind=kind, year=year, fmt=fmt, plan=found)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if run.state == RunState.FAILED:
            raise CommandError(_("The report failed: %(error)s") % {"error": run.error})
        if run.state != RunState.DONE:
            raise CommandError(
                _("The same report is being built by a worker (run %(id)s); try again when it is done.")
                % {"id": run.pk}
            )
        try:
            path = default_storage.path(run.file.name)  # type: ignore[arg-type]
        except NotImplementedError:
            path = default_storage.url(run.file.name)
        self.stdout.write(path)
