"""How close an imported plan is to the hand-checked fixture of the same document.

Both sides are fixture-format dicts (fixtures/README.md), compared item by item, per kind:

============== ===================================== ==============================================
kind           an item is *found* when it matches     and *exact* when also
============== ===================================== ==============================================
table_rows     the row on the same source line        number, category, label, unit, attribute,
                                                      parent, every cell verbatim, every parsed
                                                      cell, years, estimate flag and footnote agree
prose_targets  the same line, value (or relative      the parsed target (kind, comparator, value,
               reference, or phrase) and unit         unit, relative_to) and the year agree
tasks          the same number                        title, text, responsibility clause, part,
                                                      lead / shared / co-operating units agree
task_targets   the same task, value (or reference)    the parsed target and the year agree
               and unit
projects       the same name (whitespace aside)       the same group label and box number
sections       the same line                          number, title and parent agree
plan           one item per metadata field            (found = the field was read, exact = right)
============== ===================================== ==============================================

Precision = found items that match / items found; recall = items that match / items expected.
The *exact* pair counts an item only when every field above agrees. Prose targets and projects are
matched by normalised name or target, as the hand-checked names are a reviewer's wording.

Plain Python, no Django.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from importer.document import build_document
from importer.parsing.common import squeeze
from importer.reading import read_source

KINDS = ("table_rows", "prose_targets", "tasks", "task_targets", "projects", "sections", "plan")
_MODIFIERS = ("力争", "确保", "争取")


@dataclass
class Score:
    kind: str
    expected: int = 0
    found: int = 0
    matched: int = 0
    exact: int = 0
    misses: list[str] = field(default_factory=list)  # expected, not found
    extras: list[str] = field(default_factory=list)  # found, not expected
    differences: list[str] = field(default_factory=list)  # matched, not exact

    @staticmethod
    def _ratio(part: int, whole: int) -> float:
        return part / whole if whole else 1.0

    @property
    def precision(self) -> float:
        return self._ratio(self.matched, self.found)

    @property
    def recall(self) -> float:
        return self._ratio(self.matched, self.expected)

    @property
    def exact_precision(self) -> float:
        return self._ratio(self.exact, self.found)

    @property
    def exact_recall(self) -> float:
        return self._ratio(self.exact, self.expected)


def _number(value: str | None) -> str:
    if value is None:
        return ""
    try:
        return format(Decimal(value).normalize(), "f")
    except InvalidOperation:
        return value


def _target_key(parsed: dict[str, Any], text: str) -> tuple[str, str]:
    """What a target states: its value (or reference, or the phrase itself) and its unit."""
    if parsed["value"] is not None:
        return _number(parsed["value"]), parsed["unit"]
    if parsed["relative_to"]:
        return squeeze(parsed["relative_to"]), ""
    phrase = squeeze(text)
    for word in _MODIFIERS:
        phrase = phrase.removeprefix(word)
    return phrase, ""


def _match(
    score: Score,
    expected: Iterable[dict[str, Any]],
    actual: Iterable[dict[str, Any]],
    key: Callable[[dict[str, Any]], Hashable],
    same: Callable[[dict[str, Any], dict[str, Any]], list[str]],
    label: Callable[[dict[str, Any]], str],
) -> None:
    """Pair items by key (a multiset: two expected items with one key need two found ones)."""
    pool: dict[Hashable, list[dict[str, Any]]] = {}
    expected = list(expected)
    actual = list(actual)
    score.expected += len(expected)
    score.found += len(actual)
    for item in actual:
        pool.setdefault(key(item), []).append(item)
    for item in expected:
        candidates = pool.get(key(item))
        if not candidates:
            score.misses.append(label(item))
            continue
        found = candidates.pop(0)
        score.matched += 1
        differences = same(item, found)
        if differences:
            score.differences.append(f"{label(item)}: {'; '.join(differences)}")
        else:
            score.exact += 1
    score.extras += [label(item) for items in pool.values() for item in items]


def _differences(expected: dict[str, Any], actual: dict[str, Any], paths: Iterable[str]) -> list[str]:
    out = []
    for path in paths:
        want, got = _get(expected, path), _get(actual, path)
        if want != got:
            out.append(f"{path} {want!r} ≠ {got!r}")
    return out


def _get(record: Any, path: str) -> Any:
    for part in path.split("."):
        if record is None:
            return None
        record = record.get(part) if isinstance(record, dict) else None
    return record


def _parsed_paths(prefix: str) -> list[str]:
    return [f"{prefix}.parsed.{name}" for name in ("kind", "comparator", "value", "unit", "relative_to")]


def _with_parent_line(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents are compared by the line of the parent row (keys are each side's own)."""
    lines = {row["key"]: row["line"] for row in rows}
    return [{**row, "parent_line": lines.get(row["parent"]) if row["parent"] else None} for row in rows]


def _with_section_names(
    records: list[dict[str, Any]], sections: list[dict[str, Any]], field_name: str
) -> list[dict[str, Any]]:
    names = {s["key"]: (s["number"], s["title"]) for s in sections}
    return [{**r, f"{field_name}_name": names.get(r[field_name]) if r[field_name] else None} for r in records]


TABLE_FIELDS = (
    "number",
    "category",
    "name_as_written",
    "unit",
    "attribute",
    "parent_line",
    "footnote",
    "baseline.year",
    "baseline.text",
    "baseline.estimate",
    *_parsed_paths("baseline"),
    "target.year",
    "target.text",
    *_parsed_paths("target"),
    "annual.text",
    *_parsed_paths("annual"),
)
TASK_FIELDS = ("title", "text", "responsibility_text", "part_name", "line")
PLAN_FIELDS = (
    "title",
    "issuer",
    "document_number",
    "signed_on",
    "published_on",
    "dates_as_written",
    "kind",
    "start_year",
    "end_year",
    "base_year",
    "vision_year",
)


def compare(expected: dict[str, Any], actual: dict[str, Any]) -> dict[str, Score]:
    scores = {kind: Score(kind) for kind in KINDS}

    def rows(data: dict[str, Any], origin: str) -> list[dict[str, Any]]:
        return [row for row in _with_parent_line(data["indicators"]) if row["origin"] == origin]

    _match(
        scores["table_rows"],
        rows(expected, "table"),
        rows(actual, "table"),
        key=lambda row: row["line"],
        same=lambda a, b: _differences(a, b, TABLE_FIELDS),
        label=lambda row: f"line {row['line']} {row['name_as_written']}",
    )
    _match(
        scores["prose_targets"],
        rows(expected, "text"),
        rows(actual, "text"),
        key=lambda row: (row["line"], *_target_key(row["target"]["parsed"], row["target"]["text"])),
        same=lambda a, b: _differences(a, b, ("target.year", *_parsed_paths("target"))),
        label=lambda row: f"line {row['line']} {row['target']['text']}",
    )
    expected_tasks = _with_section_names(expected["tasks"], expected["sections"], "part")
    actual_tasks = _with_section_names(actual["tasks"], actual["sections"], "part")

    def task_units(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
        out = _differences(a, b, TASK_FIELDS)
        for role in ("lead_units", "shared_units", "cooperating_units"):
            if sorted(a.get(role, [])) != sorted(b.get(role, [])):
                out.append(f"{role} {a.get(role, [])} ≠ {b.get(role, [])}")
        return out

    _match(
        scores["tasks"],
        expected_tasks,
        actual_tasks,
        key=lambda task: task["number"],
        same=task_units,
        label=lambda task: f"task {task['number']} {task['title']}",
    )
    _match(
        scores["task_targets"],
        [{**t, "task": task["number"]} for task in expected["tasks"] for t in task["targets"]],
        [{**t, "task": task["number"]} for task in actual["tasks"] for t in task["targets"]],
        key=lambda t: (t["task"], *_target_key(t["parsed"], t["target_text"])),
        same=lambda a, b: _differences(
            a, b, ("year", *(f"parsed.{n}" for n in ("kind", "comparator", "value", "unit", "relative_to")))
        ),
        label=lambda t: f"task {t['task']} {t['target_text']}",
    )
    _match(
        scores["projects"],
        [{**p, "box": box["number"]} for box in expected["project_boxes"] for p in box["projects"]],
        [{**p, "box": box["number"]} for box in actual["project_boxes"] for p in box["projects"]],
        key=lambda p: squeeze(p["name"]),
        same=lambda a, b: _differences(a, b, ("group", "box")),
        label=lambda p: f"box {p['box']} {p['name']}",
    )
    expected_sections = _with_section_names(expected["sections"], expected["sections"], "parent")
    actual_sections = _with_section_names(actual["sections"], actual["sections"], "parent")
    _match(
        scores["sections"],
        expected_sections,
        actual_sections,
        key=lambda s: s["line"],
        same=lambda a, b: _differences(a, b, ("number", "title", "parent_name")),
        label=lambda s: f"line {s['line']} {s['number']}{s['title']}",
    )
    plan = scores["plan"]
    fields = [*PLAN_FIELDS, "jurisdiction"]
    for name in fields:
        want = expected["jurisdiction"] if name == "jurisdiction" else expected["plan"][name]
        got = actual["jurisdiction"] if name == "jurisdiction" else actual["plan"][name]
        plan.expected += 1
        plan.found += 1
        if want == got:
            plan.matched += 1
            plan.exact += 1
        else:
            plan.misses.append(f"{name}: {want!r} ≠ {got!r}")
    return scores


def score_fixture(fixture: Path, sources: Path) -> tuple[str, dict[str, Score]]:
    """Import a fixture's source document and compare the result with the fixture."""
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    content = (sources / expected["source"]).read_bytes()
    document = build_document(
        read_source(content, expected["source"]),
        source_name=expected["source"],
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return expected["source"][:3], compare(expected, document.data)
