"""Writes with rules for imports: a document becomes a draft plan; the office publishes it.

* ``plan_import`` reads the document, builds the fixture-format plan and loads it with the seeder,
  all in one transaction: a document that cannot be read, or a database that refuses a row, leaves
  nothing behind. The plan is a draft (Plan.state) and every indicator, task and project is marked
  ``is_imported`` until the office confirms it. The plan's key comes from the document's SHA-256,
  so the same file imported again finds its plan instead of making a second one.
* ``plan_publish`` is the office's confirmation: the plan is published and the marks are cleared.

Who may: administrators, and planning-office staff for the plans of their own jurisdiction.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _

from accounts.permissions import can_configure
from accounts.scoping import can_manage_plan
from importer.document import DocumentError, ImportedDocument, build_document, plan_key
from importer.messages import describe, document_error_message, read_error_message
from importer.parsing.common import Problem, ProblemCode
from importer.reading import ReadError, read_source
from importer.seeding import PlanSeeder, SeedReport
from indicators.models import Indicator, Task
from indicators.services import evaluations_refresh
from plans.models import Jurisdiction, Plan, Section, Unit
from projects.models import KeyProject, ProjectBox

if TYPE_CHECKING:
    from accounts.models import User

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ImportFailed(Exception):
    """The document cannot become a plan; ``message`` says why, for the person who uploaded it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Finding:
    """Something the office should check, with the line of the document it is on."""

    line: int | None
    message: str


@dataclass
class ImportResult:
    sha256: str
    document: ImportedDocument
    dry_run: bool
    plan: Plan | None = None  # the plan written, or found by checksum
    existing: bool = False  # the document had been imported before: nothing was written
    warnings: list[Finding] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return self.document.counts


def _may_import(user: User | None) -> bool:
    return user is None or can_configure(user)


def plan_import(
    *, content: bytes, filename: str, user: User | None = None, dry_run: bool = False
) -> ImportResult:
    """Read a plan document into a draft plan (or, with ``dry_run``, only say what it holds).

    ``user`` None is the command line: no permission check. Raises ImportFailed with a message for
    people, PermissionDenied when the user may not import this plan.
    """
    if not _may_import(user):
        raise PermissionDenied(_("Only planning-office staff and administrators may import plans."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportFailed(_("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES // 2**20})
    sha256 = hashlib.sha256(content).hexdigest()
    try:
        source = read_source(content, filename)
        document = build_document(
            source,
            source_name=filename,
            sha256=sha256,
            describe=describe,
            fallback_jurisdiction=_user_jurisdiction(user),
        )
    except ReadError as exc:
        raise ImportFailed(read_error_message(exc)) from exc
    except DocumentError as exc:
        raise ImportFailed(document_error_message(exc)) from exc
    document.data["jurisdiction"] = _complete_jurisdiction(document.data["jurisdiction"])
    _fit(document)
    if (
        user is not None
        and not user.is_superuser
        and not _is_users_jurisdiction(user, document.data["jurisdiction"])
    ):
        raise PermissionDenied(
            _("This is a plan of %(plan)s; you may import the plans of %(yours)s only.")
            % {"plan": _chain_name(document.data["jurisdiction"]), "yours": user.unit.jurisdiction.full_name}
        )
    result = ImportResult(
        sha256=sha256,
        document=document,
        dry_run=dry_run,
        warnings=[Finding(problem.line, describe(problem)) for problem in document.problems],
    )
    found = (
        Plan.objects.filter(source_sha256=sha256).first() or Plan.objects.filter(key=plan_key(sha256)).first()
    )
    if found is not None:
        result.plan, result.existing = found, True
        return result
    if dry_run:
        return result
    try:
        with transaction.atomic():
            seeder = PlanSeeder(document.data, SeedReport(), extra_values=_draft_values(sha256))
            result.plan = seeder.run()
            evaluations_refresh(plan_ids=[result.plan.pk])
    except DatabaseError as exc:
        raise ImportFailed(
            _("The database refused the plan; nothing was saved. (%(error)s)") % {"error": exc}
        ) from exc
    return result


def plan_publish(*, plan: Plan, user: User) -> Plan:
    """The office confirms an imported draft: published, and no longer marked as imported."""
    if not can_manage_plan(user, plan.jurisdiction_id):
        raise PermissionDenied(_("Only the planning office of the plan's jurisdiction may publish it."))
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.state != Plan.State.PUBLISHED:
            plan.state = Plan.State.PUBLISHED
            plan.save(update_fields=["state"])
        # Saved one by one so that the change is in each item's history.
        for model in (Indicator, Task, KeyProject):
            for item in model._default_manager.filter(plan=plan, is_imported=True):
                item.is_imported = False
                item.save(update_fields=["is_imported"])
    return plan


# --- helpers ----------------------------------------------------------------------------------


def _draft_values(sha256: str) -> dict[type[models.Model], dict[str, Any]]:
    imported = {"is_imported": True}
    return {
        Plan: {"state": Plan.State.DRAFT, "source_sha256": sha256},
        Indicator: imported,
        Task: imported,
        KeyProject: imported,
    }


def _node(jurisdiction: Jurisdiction | None) -> dict[str, Any] | None:
    if jurisdiction is None:
        return None
    return {"name": jurisdiction.name, "level": jurisdiction.level, "parent": _node(jurisdiction.parent)}


def _user_jurisdiction(user: User | None) -> dict[str, Any] | None:
    """Where a plan that names no jurisdiction belongs: the uploader's own."""
    if user is None or not user.unit_id:
        return None
    return _node(user.unit.jurisdiction)


def _complete_jurisdiction(node: dict[str, Any]) -> dict[str, Any]:
    """A chain the document leaves unfinished (泰安市 without its province) is completed from the
    jurisdictions already known, so that an import does not create a second 泰安市."""
    if node["parent"] is not None:
        return {**node, "parent": _complete_jurisdiction(node["parent"])}
    if node["level"] == Jurisdiction.Level.PROVINCE:
        return node
    known = list(
        Jurisdiction.objects.filter(name=node["name"], level=node["level"]).select_related("parent")[:2]
    )
    if len(known) == 1 and known[0].parent is not None:
        return {**node, "parent": _node(known[0].parent)}
    return node


def _names(node: dict[str, Any] | None) -> list[str]:
    names = []
    while node is not None:
        names.append(node["name"])
        node = node["parent"]
    return names


def _chain_name(node: dict[str, Any]) -> str:
    return "".join(reversed(_names(node)[:2]))


def _is_users_jurisdiction(user: User, node: dict[str, Any]) -> bool:
    if not user.unit_id:
        return False
    mine: Jurisdiction | None = user.unit.jurisdiction
    theirs = _names(node)
    for name in theirs:
        if mine is None or mine.name != name:
            return False
        mine = mine.parent
    return True


# Model fields whose database length a read value may exceed (a misread line can be long).
_LIMITS: list[tuple[str, type[models.Model], str]] = [
    ("plan.title", Plan, "title"),
    ("plan.short_title", Plan, "short_title"),
    ("plan.issuer", Plan, "issuer"),
    ("plan.document_number", Plan, "document_number"),
    ("sections.number", Section, "number"),
    ("sections.title", Section, "title"),
    ("indicators.number", Indicator, "number"),
    ("indicators.category", Indicator, "category"),
    ("indicators.name", Indicator, "name"),
    ("indicators.name_as_written", Indicator, "name_as_written"),
    ("indicators.unit", Indicator, "unit_of_measure"),
    ("indicators.baseline.text", Indicator, "baseline_text"),
    ("indicators.target.text", Indicator, "target_text"),
    ("indicators.annual.text", Indicator, "annual_text"),
    ("tasks.title", Task, "title"),
    ("tasks.responsibility_text", Task, "responsibility_text"),
    ("tasks.targets.name", Indicator, "name"),
    ("tasks.targets.text", Indicator, "name_as_written"),
    ("tasks.targets.target_text", Indicator, "target_text"),
    ("project_boxes.title", ProjectBox, "title"),
    ("project_boxes.title_as_written", ProjectBox, "title_as_written"),
    ("project_boxes.projects.name", KeyProject, "name"),
    ("project_boxes.projects.group", KeyProject, "group"),
]


def _fit(document: ImportedDocument) -> None:
    """Cut values the database could not hold, and say so: better a cut value than a failed import."""
    for path, model, field_name in _LIMITS:
        limit = model._meta.get_field(field_name).max_length
        if limit is None:
            continue
        for record, key in _records(document.data, path.split(".")):
            value = record.get(key)
            if isinstance(value, str) and len(value) > limit:
                record[key] = value[:limit]
                document.problems.append(
                    Problem(
                        ProblemCode.FIELD_TOO_LONG,
                        line=record.get("line") if isinstance(record.get("line"), int) else None,
                        params={"field": value[:30] + "…", "limit": str(limit)},
                    )
                )
    limit = Unit._meta.get_field("name").max_length or 0
    for unit in document.data["units"]:
        name = unit["name"]
        if len(name) <= limit:
            continue
        unit["name"] = name[:limit]
        for task in document.data["tasks"]:
            for role in ("lead_units", "shared_units", "cooperating_units"):
                if role in task:
                    task[role] = [
                        name[:limit] if unit_name == name else unit_name for unit_name in task[role]
                    ]
        document.problems.append(
            Problem(ProblemCode.FIELD_TOO_LONG, params={"field": name[:30] + "…", "limit": str(limit)})
        )


def _records(data: Any, path: list[str]) -> list[tuple[dict[str, Any], str]]:
    """(record, key) for every value at a dotted path through dicts and lists."""
    if len(path) == 1:
        return [(data, path[0])] if isinstance(data, dict) else []
    head, rest = path[0], path[1:]
    value = data.get(head) if isinstance(data, dict) else None
    if isinstance(value, list):
        return [pair for item in value for pair in _records(item, rest)]
    if isinstance(value, dict):
        return _records(value, rest)
    return []
