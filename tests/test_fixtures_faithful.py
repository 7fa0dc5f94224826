"""Every raw text in the seed fixtures occurs verbatim in the project's copy of its source document."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from importer.seeding import FIXTURES_DIR, fixture_paths

SOURCES = FIXTURES_DIR / "sources"


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def verbatim_fields(data: dict[str, Any]) -> Iterator[tuple[str, str, int | None]]:
    """(where, text, line) for every field the fixture format marks verbatim."""
    plan = data["plan"]
    for field in ("title", "issuer", "document_number"):
        yield f"plan.{field}", plan[field], None
    for text in plan["dates_as_written"]:
        yield "plan.dates_as_written", text, None
    for section in data["sections"]:
        yield f"section {section['key']}", section["number"] + "", section["line"]
        yield f"section {section['key']}", section["title"], section["line"]
    for unit in data["units"]:
        yield "unit", unit["name"], None
    for row in data["indicators"]:
        where = f"indicator {row['key']}"
        yield where, row["name_as_written"], row["line"]
        yield where, row["number"], None
        yield where, row["category"] if row["origin"] == "table" else "", None
        yield where, row["source_text"] or "", row["line"] if row["origin"] == "text" else None
        yield where, row["footnote"], None
        for cell in ("baseline", "target", "annual"):
            if row[cell]:
                yield f"{where}.{cell}", row[cell]["text"], None
    for task in data["tasks"]:
        where = f"task {task['number']}"
        for field in ("title", "text", "responsibility_text"):
            yield where, task[field], task["line"]
        for target in task["targets"]:
            yield f"{where} target {target['key']}", target["text"], task["line"]
            yield f"{where} target {target['key']}", target["target_text"], task["line"]
    for box in data["project_boxes"]:
        where = f"box {box.get('key', box['number'])}"
        yield where, box["title_as_written"], box["line"]
        yield where, box["text"], None
        for project in box["projects"]:
            yield f"{where} project {project['key']}", project["name"], project["line"]
            yield f"{where} project {project['key']}", project["group"], None


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_every_raw_text_occurs_verbatim_in_the_source(path: Path) -> None:
    data = load(path)
    source = (SOURCES / data["source"]).read_text(encoding="utf-8")
    lines = source.splitlines()
    missing = []
    for where, text, line in verbatim_fields(data):
        if not text:
            continue
        if text not in source:
            missing.append(f"{where}: {text!r} not in {data['source']}")
        elif line is not None and text not in lines[line - 1]:
            missing.append(f"{where}: {text!r} not on line {line}")
    assert not missing, "\n".join(missing[:20])


@pytest.mark.parametrize("path", fixture_paths(), ids=lambda p: p.name)
def test_the_source_copy_is_the_one_the_fixture_names(path: Path) -> None:
    data = load(path)
    assert (SOURCES / data["source"]).is_file()
    assert path.name[:3] == data["source"][:3]


def test_nothing_in_the_project_reads_the_shared_folder() -> None:
    root = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if ".venv" not in path.parts
        and path != Path(__file__).resolve()
        and "../shared" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
