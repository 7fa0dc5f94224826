from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from importer.messages import COUNT_LABELS
from importer.services import ImportFailed, ImportResult, plan_import


class Command(BaseCommand):
    help = (
        "Import a plan document (plain text or .docx) as a draft plan for the office to review. "
        "Importing the same file again finds its plan instead of making a second one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what the document holds; write nothing."
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="json: the report and the plan in the fixture format (fixtures/README.md).",
        )

    def handle(
        self, *args: Any, file: Path, dry_run: bool = False, format: str = "text", **options: Any
    ) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(_("The file cannot be read: %(error)s") % {"error": exc}) from exc
        try:
            result = plan_import(content=content, filename=file.name, dry_run=dry_run)
        except ImportFailed as exc:
            raise CommandError(exc.message) from exc
        if format == "json":
            self.stdout.write(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
        else:
            self._write_text(result)

    def _write_text(self, result: ImportResult) -> None:
        data = result.document.data
        self.stdout.write(
            f"{data['plan']['title']} ({data['plan']['start_year']}–{data['plan']['end_year']})"
        )
        for kind, count in result.counts.items():
            self.stdout.write(f"  {COUNT_LABELS[kind]}: {count}")
        for finding in result.warnings:
            where = _("line %(line)s") % {"line": finding.line} if finding.line else "—"
            self.stdout.write(f"  ! {where}: {finding.message}")
        if result.existing and result.plan is not None:
            message = _("Imported before as plan %(id)s (%(state)s); nothing was written.")
            self.stdout.write(
                self.style.WARNING(message % {"id": result.plan.pk, "state": result.plan.get_state_display()})
            )
        elif result.plan is not None:
            message = _("Imported as draft plan %(id)s: review it, then publish it.")
            self.stdout.write(self.style.SUCCESS(message % {"id": result.plan.pk}))
        else:
            self.stdout.write(_("Dry run: nothing was written."))


def _as_json(result: ImportResult) -> dict[str, Any]:
    return {
        "sha256": result.sha256,
        "dry_run": result.dry_run,
        "existing": result.existing,
        "plan_id": result.plan.pk if result.plan else None,
        "state": result.plan.state if result.plan else None,
        "counts": result.counts,
        "warnings": [{"line": finding.line, "message": finding.message} for finding in result.warnings],
        "document": result.document.data,
    }
