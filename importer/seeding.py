"""Load the hand-checked plan fixtures (fixtures/plans/*.json) into the database.

Seeding is idempotent and additive: rows are matched by their stable keys, created when missing and
updated only where a seeded field differs, so a second run writes nothing (and leaves no history
rows), and nothing a user entered (progress, quotas, extra responsibilities) is ever deleted.
Every fixture is validated against fixtures/plan.schema.json and its internal references before
anything is written; the whole load runs in one transaction.

Why this module is long: validation, matching by stable keys and the idempotent write of every
fixture section form one transaction.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
from django.conf import settings
from django.db import DatabaseError, models, transaction

from indicators.domain.aliases import match_indicator
from indicators.domain.targets import Column, apply_footnote_years, parse_target
from indicators.models import Indicator, IndicatorResponsibility, Task, TaskResponsibility
from indicators.services import evaluations_refresh, parsed_fields
from plans.models import Jurisdiction, Plan, ResponsibilityRole, Section, Unit
from projects.models import KeyProject, ProjectBox

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
PLANS_DIR = FIXTURES_DIR / "plans"
SCHEMA_PATH = FIXTURES_DIR / "plan.schema.json"

ModelT = TypeVar("ModelT", bound=models.Model)


# Box number 0 holds the projects the text names outside any 专栏 box.
TEXT_PROJECTS = 0


class FixtureError(Exception):
    """A fixture that does not match the schema or refers to something it does not define."""


@dataclass
class SeedReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        def fmt(counter: Counter[str]) -> str:
            return ", ".join(f"{name} {count}" for name, count in sorted(counter.items())) or "none"

        return f"created: {fmt(self.created)}; updated: {fmt(self.updated)}"


def fixture_paths(directory: Path = PLANS_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def load_fixture(path: Path) -> dict[str, Any]:
    """Read and validate one fixture; every problem names the file and the record at fault."""
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FixtureError(f"{path.name}: cannot be read as UTF-8 JSON: {exc}") from None
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        raise FixtureError(f"{path.name}: {record_name(data, first.absolute_path)}: {first.message}")
    check_references(path.name, data)
    return data


def record_name(data: Any, path: Iterable[str | int]) -> str:
    """`indicators[3] (key r4) → target` rather than a bare JSON path."""
    parts: list[str] = []
    node = data
    for step in path:
        node = node[step] if isinstance(node, Mapping | list) else None  # type: ignore[index]
        if isinstance(step, int):
            label = ""
            if isinstance(node, Mapping):
                label = next((f" ({k} {node[k]})" for k in ("key", "number", "name") if k in node), "")
            parts[-1] = f"{parts[-1]}[{step}]{label}" if parts else f"[{step}]"
        else:
            parts.append(str(step))
    return " → ".join(parts) or "document"


def check_references(filename: str, data: Mapping[str, Any]) -> None:
    units = {unit["name"] for unit in data["units"]}
    sections = {section["key"] for section in data["sections"]}
    indicators = {indicator["key"] for indicator in data["indicators"]}

    def fail(where: str, message: str) -> None:
        raise FixtureError(f"{filename}: {where}: {message}")

    def unique(kind: str, keys: list[Any]) -> None:
        duplicates = sorted({str(k) for k, n in Counter(keys).items() if n > 1})
        if duplicates:
            fail(kind, f"duplicate keys {', '.join(duplicates)}")

    unique("sections", [s["key"] for s in data["sections"]])
    unique("units", [u["name"] for u in data["units"]])
    unique("indicators", [i["key"] for i in data["indicators"]])
    unique("tasks", [t["number"] for t in data["tasks"]])
    unique("project_boxes", [box_key(b) for b in data["project_boxes"]])
    for index, section in enumerate(data["sections"]):
        if section["parent"] is not None and section["parent"] not in sections:
            fail(f"sections[{index}] (key {section['key']})", f"unknown parent section {section['parent']!r}")
    for index, indicator in enumerate(data["indicators"]):
        where = f"indicators[{index}] (key {indicator['key']})"
        for unit in [*indicator["lead_units"], *indicator["cooperating_units"]]:
            if unit not in units:
                fail(where, f"unit {unit!r} is not listed in units")
        if indicator["data_source_unit"] and indicator["data_source_unit"] not in units:
            fail(where, f"data source unit {indicator['data_source_unit']!r} is not listed in units")
        if indicator["parent"] is not None and indicator["parent"] not in indicators:
            fail(where, f"unknown parent indicator {indicator['parent']!r}")
        if indicator["section"] is not None and indicator["section"] not in sections:
            fail(where, f"unknown section {indicator['section']!r}")
    for index, task in enumerate(data["tasks"]):
        where = f"tasks[{index}] (number {task['number']})"
        for unit in [*task["lead_units"], *task["shared_units"], *task.get("cooperating_units", [])]:
            if unit not in units:
                fail(where, f"unit {unit!r} is not listed in units")
        if task["part"] is not None and task["part"] not in sections:
            fail(where, f"unknown part {task['part']!r}")
        unique(f"{where} → targets", [t["key"] for t in task["targets"]])
    for index, box in enumerate(data["project_boxes"]):
        where = f"project_boxes[{index}] (key {box_key(box)})"
        if box["section"] is not None and box["section"] not in sections:
            fail(where, f"unknown section {box['section']!r}")
        unique(f"{where} → projects", [p["key"] for p in box["projects"]])


def box_key(box: Mapping[str, Any]) -> str:
    return str(box.get("key") or f"b{box['number']}")


def seed_plans(*, paths: Iterable[Path] | None = None) -> SeedReport:
    """Validate every fixture first, then load them all in one transaction."""
    fixtures = [(path.name, load_fixture(path)) for path in (fixture_paths() if paths is None else paths)]
    report = SeedReport()
    with transaction.atomic():
        seeded = []
        for name, data in fixtures:
            try:
                seeded.append(PlanSeeder(data, report).run())
            except DatabaseError as exc:
                raise FixtureError(f"{name}: the database refused a record: {exc}") from exc
        if report.changed:
            evaluations_refresh(plan_ids=[plan.pk for plan in seeded])
    return report


class PlanSeeder:
    def __init__(
        self,
        data: Mapping[str, Any],
        report: SeedReport,
        *,
        extra_values: Mapping[type[models.Model], Mapping[str, Any]] | None = None,
    ) -> None:
        self.data = data
        self.report = report
        self.sections: dict[str, Section] = {}
        self.units: dict[str, Unit] = {}
        # Fields the caller sets on every row of a model, beyond the fixture's: the importer loads a
        # plan as a draft (Plan.state, source_sha256) with every item marked is_imported.
        self.extra_values = extra_values or {}

    def upsert(self, model: type[ModelT], lookup: Mapping[str, Any], values: Mapping[str, Any]) -> ModelT:
        """Create the row, or update only the fields that differ (so an unchanged row is not saved)."""
        values = {**values, **self.extra_values.get(model, {})}
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model._default_manager.create(**lookup, **values)
            self.report.created[model._meta.model_name or ""] += 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(
                update_fields=[name.removesuffix("_id") if name.endswith("_id") else name for name in changed]
            )
            self.report.updated[model._meta.model_name or ""] += 1
        return obj

    def run(self) -> Plan:
        self.jurisdiction = self.seed_jurisdiction(self.data["jurisdiction"])
        self.plan = self.seed_plan(self.data["plan"])
        self.seed_sections()
        self.seed_units()
        self.seed_indicators()
        self.seed_tasks()
        self.seed_boxes()
        return self.plan

    def seed_jurisdiction(self, node: Mapping[str, Any]) -> Jurisdiction:
        parent = self.seed_jurisdiction(node["parent"]) if node["parent"] else None
        return self.upsert(Jurisdiction, {"parent": parent, "name": node["name"]}, {"level": node["level"]})

    def seed_plan(self, plan: Mapping[str, Any]) -> Plan:
        parent = Plan.objects.filter(key=plan["parent_plan"]).first() if plan["parent_plan"] else None
        values = {
            "title": plan["title"],
            "short_title": plan["short_title"],
            "kind": plan["kind"],
            "jurisdiction_id": self.jurisdiction.pk,
            "issuer": plan["issuer"],
            "document_number": plan["document_number"],
            "signed_on": iso_date(plan["signed_on"]),
            "published_on": iso_date(plan["published_on"]),
            "dates_as_written": plan["dates_as_written"],
            "dates_note": plan["dates_note"],
            "start_year": plan["start_year"],
            "end_year": plan["end_year"],
            "base_year": plan["base_year"],
            "vision_year": plan["vision_year"],
            "parent_id": parent.pk if parent else None,
            "source_document": self.data["source"],
            "note": plan["note"],
        }
        return self.upsert(Plan, {"key": plan["key"]}, values)

    def seed_sections(self) -> None:
        for order, section in enumerate(self.data["sections"]):
            parent = self.sections[section["parent"]] if section["parent"] else None
            self.sections[section["key"]] = self.upsert(
                Section,
                {"plan": self.plan, "key": section["key"]},
                {
                    "parent_id": parent.pk if parent else None,
                    "number": section["number"],
                    "title": section["title"],
                    "order": order,
                    "line": section["line"],
                },
            )

    def seed_units(self) -> None:
        for unit in self.data["units"]:
            self.units[unit["name"]] = self.upsert(
                Unit, {"jurisdiction": self.jurisdiction, "name": unit["name"]}, {"kind": unit["kind"]}
            )

    def section_id(self, key: str | None) -> int | None:
        return self.sections[key].pk if key else None

    def link_units(
        self,
        model: type[models.Model],
        item_field: str,
        item: models.Model,
        roles: Iterable[tuple[str, Iterable[str]]],
    ) -> None:
        """Add each named unit once, first role wins (a lead also listed as shared stays lead)."""
        seen: set[str] = set()
        order = 0
        for role, names in roles:
            for name in names:
                if name in seen:
                    continue
                seen.add(name)
                self.upsert(
                    model, {item_field: item, "unit": self.units[name]}, {"role": role, "order": order}
                )
                order += 1

    def seed_indicators(self) -> None:
        indicators: dict[str, Indicator] = {}
        for order, row in enumerate(self.data["indicators"]):
            values = {
                "origin": row["origin"],
                "line": row["line"],
                "number": row["number"],
                "category": row["category"],
                "name": row["name"],
                "name_as_written": row["name_as_written"],
                "unit_of_measure": row["unit"],
                "attribute": row["attribute"] or "",
                "direction": row["direction"],
                "measure": row["measure"],
                "section_id": self.section_id(row["section"]),
                "source_text": row["source_text"] or "",
                "order": order,
                "footnote": row["footnote"],
                "note": row["note"],
                "data_source_unit_id": self.units[row["data_source_unit"]].pk
                if row["data_source_unit"]
                else None,
                **baseline_values(row["baseline"], notes=row["footnote"]),
                **target_values(row["target"]["year"], row["target"]["text"], row["name"]),
                **annual_values(row["annual"], row["name"]),
            }
            indicator = self.upsert(Indicator, {"plan": self.plan, "key": row["key"]}, values)
            indicators[row["key"]] = indicator
            self.link_units(
                IndicatorResponsibility,
                "indicator",
                indicator,
                [
                    (ResponsibilityRole.LEAD, row["lead_units"]),
                    (ResponsibilityRole.COOPERATING, row["cooperating_units"]),
                ],
            )
        for row in self.data["indicators"]:
            parent = indicators[row["parent"]] if row["parent"] else None
            self.upsert(
                Indicator, {"pk": indicators[row["key"]].pk}, {"parent_id": parent.pk if parent else None}
            )
        self.link_relative_targets(indicators.values())

    def link_relative_targets(self, indicators: Iterable[Indicator]) -> None:
        """Point 与地区生产总值增速同步 at the plan's indicator it names, by name or an alias (GDP,
        国内生产总值 …); the office can change the link. An ambiguous name links nothing."""
        rows = list(indicators)
        names = [indicator.name for indicator in rows]
        for indicator in rows:
            index = match_indicator(indicator.relative_to_text, names) if indicator.relative_to_text else None
            if index is not None and rows[index].pk != indicator.pk:
                self.upsert(Indicator, {"pk": indicator.pk}, {"relative_to_id": rows[index].pk})

    def seed_tasks(self) -> None:
        order = len(self.data["indicators"])
        for item in self.data["tasks"]:
            task = self.upsert(
                Task,
                {"plan": self.plan, "number": item["number"]},
                {
                    "section_id": self.section_id(item["part"]),
                    "title": item["title"],
                    "text": item["text"],
                    "responsibility_text": item["responsibility_text"],
                    "line": item["line"],
                },
            )
            self.link_units(
                TaskResponsibility,
                "task",
                task,
                [
                    (ResponsibilityRole.LEAD, item["lead_units"]),
                    (ResponsibilityRole.SHARED, item["shared_units"]),
                    (ResponsibilityRole.COOPERATING, item.get("cooperating_units", [])),
                ],
            )
            for target in item["targets"]:
                parsed = parse_target(
                    target["target_text"], column=Column.PROSE, indicator_name=target["name"]
                )
                self.upsert(
                    Indicator,
                    {"plan": self.plan, "key": f"task{item['number']}:{target['key']}"},
                    {
                        "origin": Indicator.Origin.TASK,
                        "task_id": task.pk,
                        "section_id": task.section_id,
                        "line": item["line"],
                        "category": "",
                        "name": target["name"],
                        "name_as_written": target["text"],
                        "source_text": target["text"],
                        "unit_of_measure": parsed.unit,
                        "direction": target["direction"],
                        "measure": target["measure"],
                        "order": order,
                        "note": target.get("note", ""),
                        "baseline_year": self.plan.base_year,
                        **target_values(
                            target["year"], target["target_text"], target["name"], column=Column.PROSE
                        ),
                    },
                )
                order += 1

    def seed_boxes(self) -> None:
        order = 0
        for box_order, box in enumerate(self.data["project_boxes"]):
            key = box_key(box)
            project_box = (
                None
                if box["number"] == TEXT_PROJECTS
                else self.upsert(
                    ProjectBox,
                    {"plan": self.plan, "key": key},
                    {
                        "number": box["number"],
                        "title": box["title"],
                        "title_as_written": box["title_as_written"],
                        "kind": box["kind"],
                        "section_id": self.section_id(box["section"]),
                        "text": box["text"],
                        "line": box["line"],
                        "order": box_order,
                        "note": box.get("note", ""),
                    },
                )
            )
            for project in box["projects"]:
                self.upsert(
                    KeyProject,
                    {"plan": self.plan, "key": f"{key}/{project['key']}"},
                    {
                        "box_id": project_box.pk if project_box else None,
                        "name": project["name"],
                        "group": project["group"],
                        "description": project["description"],
                        "line": project["line"],
                        "order": order,
                    },
                )
                order += 1


def iso_date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def baseline_values(baseline: Mapping[str, Any] | None, *, notes: str = "") -> dict[str, Any]:
    """The baseline columns; a marked figure ("60.6*") takes the year its note gives ("带*的为2019年数据")."""
    if baseline is None:
        return {
            "baseline_year": None,
            "baseline_text": "",
            "baseline_is_estimate": False,
            "baseline_value": None,
        }
    (parsed,) = apply_footnote_years([parse_target(baseline["text"], column=Column.BASELINE)], notes)
    return {
        "baseline_year": parsed.year or baseline["year"],
        "baseline_text": baseline["text"],
        "baseline_is_estimate": baseline["estimate"],
        "baseline_value": parsed.value,
    }


def target_values(
    year: int | None, text: str, name: str, *, column: Column = Column.TARGET
) -> dict[str, Any]:
    parsed = parse_target(text, column=column, indicator_name=name)
    return {
        "target_year": year,
        "target_text": text,
        "target_unit": parsed.unit,
        "relative_to_text": parsed.relative_to,
        **parsed_fields("target", parsed),
    }


def annual_values(annual: Mapping[str, Any] | None, name: str) -> dict[str, Any]:
    if annual is None:
        return {"annual_text": "", "annual_kind": "not_set", "annual_comparator": "", "annual_value": None}
    parsed = parse_target(annual["text"], column=Column.ANNUAL, indicator_name=name)
    # A relation written in the 年均 column (居民收入 "与地区生产总值增速同步") names the linked indicator.
    linked = {"relative_to_text": parsed.relative_to} if parsed.relative_to else {}
    return {"annual_text": annual["text"], **parsed_fields("annual", parsed), **linked}
