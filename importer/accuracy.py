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

Why this module is long: the scoring of seeds and corpus shares the pairing rules; one file keeps
the two measures comparable.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from importer.document import PROSE_BOX_TITLE, DocumentError, build_document
from importer.parsing.common import squeeze
from importer.reading import ReadError, read_source

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


# --- the developer corpus (tests/corpus/expected.json) -----------------------------------------

CORPUS_KINDS = (
    "table_rows",
    "cells",
    "attributes",
    "prose_targets",
    "tasks",
    "leads",
    "units",
    "projects",
    "metadata",
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _first_number(text: str) -> str:
    match = _NUMBER.search(text.replace(",", ""))
    return _number(match.group(0)) if match else squeeze(text)


def _jurisdiction_names(node: dict[str, Any] | None) -> list[str]:
    names = []
    while node:
        names.append(node["name"])
        node = node.get("parent")
    return names


def _count(score: Score, expected: int, found: int, matched: int, label: str = "") -> None:
    score.expected += expected
    score.found += found
    score.matched += matched
    score.exact += matched
    if label and matched < max(expected, found):
        score.misses.append(label)


def compare_corpus(expected: dict[str, Any], actual: dict[str, Any] | None, text: str) -> dict[str, Score]:
    """A corpus document's hand counts against an import (None: the import was refused).

    Rows are paired by name (whitespace aside; a sub-row by its name with or without 其中); a
    paired row's cells (baseline, target, unit: verbatim) and attribute are then compared. Tasks
    are paired by number and must share the start of their title; their lead units and every
    unit mention are compared as multisets. Prose targets (running text and task text alike) are
    paired by their number and the line of their clause; a target the corpus lists as a restated
    table row is neither required nor counted as extra.
    """
    scores = {kind: Score(kind) for kind in CORPUS_KINDS}
    actual = actual or {"indicators": [], "tasks": [], "project_boxes": [], "plan": {}, "jurisdiction": None}
    _score_rows(scores, expected["table_rows"], [r for r in actual["indicators"] if r["origin"] == "table"])
    _score_tasks(scores, expected["tasks"], actual["tasks"])
    # The corpus counts the projects of project lists (专栏 boxes, annex tables); names a plan
    # only mentions in its running text (the importer's PROSE_BOX_TITLE box) are not in its counts.
    _match(
        scores["projects"],
        [{"name": name} for name in expected["projects"]],
        [p for box in actual["project_boxes"] if box["title"] != PROSE_BOX_TITLE for p in box["projects"]],
        key=lambda p: squeeze(p["name"]),
        same=lambda a, b: [],
        label=lambda p: p["name"],
    )
    _score_targets(scores["prose_targets"], expected, actual, text)
    meta = expected["metadata"]
    plan = actual["plan"]
    checks = {
        "title": plan.get("title") in meta["title_any"] or plan.get("short_title") in meta["title_any"],
        "issuer": plan.get("issuer") == meta["issuer"],
        "document_number": plan.get("document_number", "") == meta["document_number"],
        "start_year": plan.get("start_year") == meta["start_year"],
        "end_year": plan.get("end_year") == meta["end_year"],
        "jurisdiction": _jurisdiction_names(actual["jurisdiction"]) == meta["jurisdiction"],
    }
    for name, right in checks.items():
        right = right and bool(plan)
        _count(scores["metadata"], 1, 1 if plan else 0, int(right), "" if right else name)
    return scores


def _row_keys(row: dict[str, Any]) -> set[str]:
    names = {row.get("name", ""), row.get("name_as_written", "")}
    return {squeeze(name).removeprefix("其中") for name in names if name}


def _score_rows(
    scores: dict[str, Score], expected: list[dict[str, Any]], actual: list[dict[str, Any]]
) -> None:
    rows, cells, attributes = scores["table_rows"], scores["cells"], scores["attributes"]
    pool = list(actual)
    rows.expected += len(expected)
    rows.found += len(actual)
    cells.expected += 3 * len(expected)
    cells.found += 3 * len(actual)
    attributes.expected += len(expected)
    attributes.found += sum(bool(r.get("attribute")) for r in actual)
    for want in expected:
        keys = _row_keys(want)
        got = next((row for row in pool if keys & _row_keys(row)), None)
        if got is None:
            rows.misses.append(want["name"])
            continue
        pool.remove(got)
        rows.matched += 1
        rows.exact += 1
        pairs = (
            ("baseline", want["baseline"], got["baseline"]["text"]),
            ("target", want["target"], got["target"]["text"]),
            ("unit", want["unit"], got["unit"]),
        )
        for field_name, a, b in pairs:
            if a == b:
                cells.matched += 1
                cells.exact += 1
            else:
                cells.differences.append(f"{want['name']} {field_name} {a!r} ≠ {b!r}")
        if want["attribute"] == got.get("attribute"):
            attributes.matched += 1
            attributes.exact += 1
        else:
            attributes.differences.append(f"{want['name']} {want['attribute']!r} ≠ {got.get('attribute')!r}")
    rows.extras += [f"line {row['line']} {row['name_as_written']}" for row in pool]


def _score_tasks(
    scores: dict[str, Score], expected: list[dict[str, Any]], actual: list[dict[str, Any]]
) -> None:
    tasks, leads, units = scores["tasks"], scores["leads"], scores["units"]
    by_number = {task["number"]: task for task in actual}
    tasks.expected += len(expected)
    tasks.found += len(actual)
    leads.expected += sum(len(t["lead_units"]) for t in expected)
    leads.found += sum(len(t["lead_units"]) for t in actual)
    units.expected += sum(len(t["units"]) for t in expected)
    units.found += sum(
        len(t["lead_units"]) + len(t["shared_units"]) + len(t.get("cooperating_units", [])) for t in actual
    )
    for want in expected:
        got = by_number.get(want["number"])
        head = squeeze(want["title"])[:8]
        if got is None or head not in squeeze(got["title"] + got["text"]):
            tasks.misses.append(f"task {want['number']} {want['title']}")
            continue
        tasks.matched += 1
        tasks.exact += 1
        for score, a, b in (
            (leads, want["lead_units"], got["lead_units"]),
            (
                units,
                want["units"],
                [*got["lead_units"], *got["shared_units"], *got.get("cooperating_units", [])],
            ),
        ):
            left = list(b)
            for name in a:
                if name in left:
                    left.remove(name)
                    score.matched += 1
                    score.exact += 1
                else:
                    score.misses.append(f"task {want['number']} {name}")
            score.extras += [f"task {want['number']} {name}" for name in left]


def _lines_of(text: str, phrase: str) -> set[int]:
    """Lines whose text (whitespace aside) holds the phrase."""
    needle = squeeze(phrase)
    return {number for number, line in enumerate(text.split("\n"), start=1) if needle in squeeze(line)}


def _score_targets(score: Score, expected: dict[str, Any], actual: dict[str, Any], text: str) -> None:
    found: list[tuple[set[int], str, str]] = [
        ({row["line"]}, _first_number(row["target"]["text"]), row["target"]["text"])
        for row in actual["indicators"]
        if row["origin"] == "text"
    ]
    found += [
        (
            _lines_of(text, target["text"]) or {task["line"]},
            _first_number(target["target_text"]),
            target["target_text"],
        )
        for task in actual["tasks"]
        for target in task["targets"]
    ]
    pool = list(found)

    def take(context: str, value: str) -> bool:
        lines, number = _lines_of(text, context), _first_number(value)
        for item in pool:
            if item[1] == number and item[0] & lines:
                pool.remove(item)
                return True
        return False

    score.expected += len(expected["targets"])
    for context, value in expected["targets"]:
        if take(context, value):
            score.matched += 1
            score.exact += 1
        else:
            score.misses.append(f"{context} {value}")
    for context, value in expected.get("restated_targets", []):
        take(context, value)
    score.found += score.matched + len(pool)
    score.extras += [f"line {min(item[0])} {item[2]}" for item in pool]


def score_corpus(directory: Path) -> list[tuple[str, dict[str, Score]]]:
    """Import every corpus document and compare it with its hand counts in expected.json."""
    expected_all = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    results = []
    for name, expected in expected_all.items():
        if name.startswith("_"):
            continue
        content = (directory / name).read_bytes()
        try:
            document = build_document(
                read_source(content, name), source_name=name, sha256=hashlib.sha256(content).hexdigest()
            )
            data: dict[str, Any] | None = document.data
        except (DocumentError, ReadError):
            data = None
        results.append((name[:3], compare_corpus(expected, data, content.decode("utf-8"))))
    return results
