"""Writes with rules for imports: a document becomes a draft plan; the office publishes it.

* ``plan_import`` reads the document, builds the fixture-format plan and loads it with the seeder,
  all in one transaction: a document that cannot be read, or a database that refuses a row, leaves
  nothing behind. The plan is a draft (Plan.state) and every indicator, task and project is marked
  ``is_imported`` until the office confirms it. The plan's key comes from the document's SHA-256,
  so the same file imported again finds its plan instead of making a second one.
* ``plan_publish`` is the office's confirmation: the plan is published and the marks are cleared.

Who may: administrators, and planning-office staff for the plans of their own jurisdiction.

Why this module is long: one import's whole write (checks, draft plan, every item kind, the re-
import match) reads top to bottom in one place.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _

from accounts.policy import import_jurisdictions_q, may_configure, may_create_jurisdiction, may_import_into
from importer.document import (
    DocumentError,
    DocumentItem,
    ImportedDocument,
    build_document,
    document_items,
    drop_items,
    plan_key,
)
from importer.messages import describe, describe_item, document_error_message, read_error_message
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


@dataclass(frozen=True)
class PreviewItem:
    item: DocumentItem
    detail: str

    @property
    def ref(self) -> str:
        return self.item.ref

    @property
    def kind(self) -> str:
        return self.item.kind

    @property
    def line(self) -> int | None:
        return self.item.line

    @property
    def label(self) -> str:
        return self.item.label


@dataclass
class ImportResult:
    sha256: str
    document: ImportedDocument
    dry_run: bool
    plan: Plan | None = None  # the plan written, or found by checksum
    existing: bool = False  # the document had been imported before: nothing was written
    warnings: list[Finding] = field(default_factory=list)
    jurisdiction: Jurisdiction | None = None  # where the plan is filed (None: still to be chosen)
    suggested_jurisdiction: dict[str, Any] | None = None  # what the document names

    @property
    def suggestion(self) -> str:
        """The jurisdiction the document names, as written for people (上海市长宁区)."""
        return _chain_name(self.suggested_jurisdiction) if self.suggested_jurisdiction else ""

    @property
    def zero_rows_note(self) -> str:
        """Said first: the document has an indicator table and not one row of it was read."""
        unread = next((p for p in self.document.problems if p.code is ProblemCode.PLAN_TABLE_UNREAD), None)
        return describe(unread) if unread else ""

    @property
    def items(self) -> list[PreviewItem]:
        """Every item found, with what was read of it in words for people."""
        return [PreviewItem(item, describe_item(item)) for item in document_items(self.document)]

    @property
    def counts(self) -> dict[str, int]:
        return self.document.counts


def _may_import(user: User | None) -> bool:
    return user is None or may_configure(user)


def plan_import(
    *,
    content: bytes,
    filename: str,
    user: User | None = None,
    dry_run: bool = False,
    jurisdiction: Jurisdiction | None = None,
    create_jurisdiction: bool = False,
    drop: Collection[str] = (),
) -> ImportResult:
    """Read a plan document into a draft plan (or, with ``dry_run``, only say what it holds).

    The plan is filed under ``jurisdiction``, chosen by the person importing; without one, under the
    known jurisdiction the document names (its issuer or title), if there is exactly one. A place is
    never created from the document's words. ``drop`` lists items (see ``document_items``) the office
    left out in the preview. ``create_jurisdiction`` (the command line, administrators) files it under
    the jurisdiction the document names, adding the levels not yet known, once the person importing
    has seen that name in the dry run. ``user`` None is the command line: no permission check. Raises
    ImportFailed with a message for people, PermissionDenied when the user may not import this plan.
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
        )
    except ReadError as exc:
        raise ImportFailed(read_error_message(exc)) from exc
    except DocumentError as exc:
        raise ImportFailed(document_error_message(exc)) from exc
    suggested = document.data["jurisdiction"]
    chosen = jurisdiction or jurisdiction_suggested(suggested)
    if chosen is not None and user is not None and not may_import_into(user, chosen):
        raise PermissionDenied(
            _("You may import plans of %(yours)s and of the jurisdictions below it only, not of %(plan)s.")
            % {"plan": chosen.full_name, "yours": user.unit.jurisdiction.full_name if user.unit_id else "—"}  # type: ignore[union-attr]
        )
    may_create = (
        create_jurisdiction and (user is None or may_create_jurisdiction(user)) and suggested is not None
    )
    if chosen is None and not dry_run and not may_create:
        raise ImportFailed(
            _(
                "Choose the jurisdiction the plan belongs to: the document names %(named)s, which is not a "
                "known jurisdiction (add it in the admin first, or choose another)."
            )
            % {"named": _chain_name(suggested) if suggested else _("no jurisdiction")}
        )
    if chosen is not None:
        document.data["jurisdiction"] = _node(chosen)
    elif suggested is not None:
        document.data["jurisdiction"] = _with_known_parents(suggested)
    drop_items(document, drop)
    _fit(document)
    result = ImportResult(
        sha256=sha256,
        document=document,
        dry_run=dry_run,
        warnings=[Finding(problem.line, describe(problem)) for problem in document.problems],
        jurisdiction=chosen,
        suggested_jurisdiction=suggested,
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
    if not may_configure(user, plan.jurisdiction_id):
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


def jurisdictions_for_import(user: User) -> models.QuerySet[Jurisdiction]:
    """Where the user may file an imported plan: anywhere for administrators; for an office, its
    own jurisdiction and those below it."""
    return (
        Jurisdiction.objects.select_related("parent__parent")
        .filter(import_jurisdictions_q(user))
        .order_by("level", "name")
    )


def jurisdiction_suggested(node: dict[str, Any] | None) -> Jurisdiction | None:
    """The known jurisdiction a document names (its chain of names, innermost first), when exactly
    one matches; a chain the document leaves short (长宁区 without 上海市) matches on what it gives."""
    if node is None:
        return None
    names = _names(node)
    candidates = Jurisdiction.objects.filter(name=names[0]).select_related("parent__parent__parent")
    matches = [j for j in candidates if _ancestor_names(j)[: len(names) - 1] == names[1:]]
    if not matches:
        # A district whose document also names its city though the city is not a level of its own
        # here (a municipality's districts hang from the municipality): match on the outermost name.
        matches = [j for j in candidates if set(names[1:]) <= {j.name, *_ancestor_names(j)}]
    return matches[0] if len(matches) == 1 else None


def _with_known_parents(node: dict[str, Any]) -> dict[str, Any]:
    """A chain to create, joined to the jurisdictions already known (no second 泰安市)."""
    known = jurisdiction_suggested(node)
    if known is not None:
        return _node(known)  # type: ignore[return-value]
    parent = node["parent"]
    return {**node, "parent": _with_known_parents(parent) if parent else None}


def jurisdiction_resolve(path: str) -> Jurisdiction:
    """A jurisdiction named as the person importing writes it: 长宁区, 上海市/长宁区, 上海市长宁区."""
    parts = [part for part in re.split(r"[/／>\s]+", path.strip()) if part]
    if not parts:
        raise ImportFailed(_("Name the jurisdiction (such as 上海市/长宁区)."))
    candidates = list(Jurisdiction.objects.select_related("parent__parent__parent").filter(name=parts[-1]))
    if not candidates and len(parts) == 1:
        candidates = [
            j for j in Jurisdiction.objects.select_related("parent__parent") if j.full_name == parts[0]
        ]
    matches = [j for j in candidates if all(name in _ancestor_names(j) for name in parts[:-1])]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ImportFailed(
            _("No jurisdiction is called %(name)s: add it in the admin first.") % {"name": path}
        )
    raise ImportFailed(
        _("Several jurisdictions are called %(name)s (%(which)s): name its parent too, as in 上海市/长宁区.")
        % {
            "name": path,
            "which": "、".join("/".join([*reversed(_ancestor_names(j)), j.name]) for j in matches),
        }
    )


def _ancestor_names(jurisdiction: Jurisdiction) -> list[str]:
    names = []
    parent = jurisdiction.parent
    while parent is not None:
        names.append(parent.name)
        parent = parent.parent
    return names


def _names(node: dict[str, Any] | None) -> list[str]:
    names = []
    while node is not None:
        names.append(node["name"])
        node = node["parent"]
    return names


def _chain_name(node: dict[str, Any]) -> str:
    return "".join(reversed(_names(node)[:2]))


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
        limit = model._meta.get_field(field_name).max_length  # type: ignore[union-attr]
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
