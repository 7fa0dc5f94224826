from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from importer.messages import COUNT_LABELS
from importer.services import MAX_UPLOAD_BYTES, ImportFailed, ImportResult, jurisdiction_resolve, plan_import


class Command(BaseCommand):
    help = (
        "Import a plan document (plain text, .docx or PDF with a text layer) as a draft plan for the "
        "office to review. Importing the same file again finds its plan instead of making a second "
        "one. Run with --dry-run first: it lists every item found with its line and id."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what the document holds; write nothing."
        )
        parser.add_argument(
            "--jurisdiction",
            help="The jurisdiction the plan belongs to (上海市/长宁区); by default the known one the "
            "document's issuer or title names.",
        )
        parser.add_argument(
            "--create-jurisdiction",
            action="store_true",
            help="File the plan under the jurisdiction the document names (shown by --dry-run), adding "
            "the levels of it not yet known.",
        )
        parser.add_argument(
            "--drop",
            action="append",
            default=[],
            metavar="ID",
            help="Leave out an item the dry run listed (indicator:r3, task:5, project:0.2); repeatable.",
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="json: the report and the plan in the fixture format (fixtures/README.md).",
        )

    def handle(
        self,
        *args: Any,
        file: Path,
        dry_run: bool = False,
        format: str = "text",
        jurisdiction: str | None = None,
        drop: list[str] | None = None,
        create_jurisdiction: bool = False,
        **options: Any,
    ) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        try:
            if file.stat().st_size > MAX_UPLOAD_BYTES:  # refused before it is read into memory
                raise CommandError(
                    _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // 2**20}
                )
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(_("The file cannot be read: %(error)s") % {"error": exc}) from exc
        try:
            chosen = jurisdiction_resolve(jurisdiction) if jurisdiction else None
            result = plan_import(
                content=content,
                filename=file.name,
                dry_run=dry_run,
                jurisdiction=chosen,
                create_jurisdiction=create_jurisdiction,
                drop=drop or [],
            )
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
        named = result.suggestion or "—"
        filed = (
            result.jurisdiction.full_name
            if result.jurisdiction
            else _("not chosen (use --jurisdiction or --create-jurisdiction)")
        )
        self.stdout.write(
            _("  Jurisdiction: %(filed)s (the document names: %(named)s)") % {"filed": filed, "named": named}
        )
        if result.zero_rows_note:
            self.stdout.write(self.style.WARNING(f"  ! {result.zero_rows_note}"))
        for kind, count in result.counts.items():
            self.stdout.write(f"  {COUNT_LABELS[kind]}: {count}")
        if result.dry_run:
            self.stdout.write(_("Items found (drop one with --drop ID):"))
            for item in result.items:
                where = _("line %(line)s") % {"line": item.line} if item.line else "—"
                self.stdout.write(
                    f"  [{item.ref}] {where} {item.label}" + (f" — {item.detail}" if item.detail else "")
                )
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
        "jurisdiction": result.jurisdiction.full_name if result.jurisdiction else None,
        "suggested_jurisdiction": result.suggestion,
        "items": [
            {"id": item.ref, "kind": item.kind, "line": item.line, "label": item.label, "detail": item.detail}
            for item in result.items
        ],
        "document": result.document.data,
    }
