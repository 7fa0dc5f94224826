"""Assemble what the structure parsers found into one fixture-format plan (fixtures/README.md).

The output is the same JSON shape as the hand-checked fixtures, so the same loader (PlanSeeder)
stores it and the accuracy check compares like with like. Plain Python, no Django: the words of
problems come from a ``describe`` function the caller passes (Django's gettext in the service).

The order of reading matters, because every line belongs to one structure: tables first (their
cells look like headings and targets), then 专栏 boxes, task paragraphs, the section tree, and
last the running text, which is everything left.

Why this module is long: the assembly of every item kind into one fixture-format plan, in the order
the document is read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from importer.parsing.boxes import Box, Project, prose_projects, read_boxes
from importer.parsing.common import Problem, ProblemCode, lower_is_better
from importer.parsing.metadata import Metadata, read_metadata
from importer.parsing.prose import (
    KnownTarget,
    ProseTarget,
    find_quantities,
    name_of,
    read_prose_targets,
    split_clauses,
)
from importer.parsing.sections import Section, heading_of, is_retrospective, read_sections, section_at
from importer.parsing.table_header import Role
from importer.parsing.table_rows import CELL_MARK, IndicatorTable, TableRow, read_indicator_table
from importer.parsing.tables_paragraph import ParagraphTable, find_paragraph_tables, read_grid_by_header
from importer.parsing.tables_pipe import find_pipe_grids
from importer.parsing.tables_tabbed import find_tabbed_grids
from importer.parsing.tasks import (
    TaskItem,
    convention_lead,
    read_heading_tasks,
    read_responsibility,
    read_tasks,
    unit_kind,
)
from importer.reading import Line, Source
from indicators.domain.targets import Column, TargetKind, parse_target

__all__ = [
    "DocumentError",
    "DocumentItem",
    "ImportedDocument",
    "build_document",
    "describe_plainly",
    "document_items",
    "drop_items",
]

Describe = Callable[[Problem], str]


class DocumentError(Exception):
    """The document has no structure a plan can be built from."""

    def __init__(self, code: ProblemCode) -> None:
        super().__init__(code.value)
        self.code = code


@dataclass
class ImportedDocument:
    data: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        indicators = self.data["indicators"]
        boxes = self.data["project_boxes"]
        return {
            "sections": len(self.data["sections"]),
            "table_rows": sum(row["origin"] == "table" for row in indicators),
            "prose_targets": sum(row["origin"] == "text" for row in indicators),
            "tasks": len(self.data["tasks"]),
            "task_targets": sum(len(task["targets"]) for task in self.data["tasks"]),
            "boxes": sum(box["number"] != 0 for box in boxes),
            "projects": sum(len(box["projects"]) for box in boxes),
            "units": len(self.data["units"]),
        }


@dataclass(frozen=True)
class DocumentItem:
    """One thing found, as the preview lists it: the office may drop it before the draft is made."""

    ref: str  # indicator:r3, task:5, project:1.2
    kind: str  # row | target | task | project
    line: int | None
    label: str
    # What was read, as (field, text as written): unit, baseline, target, annual, attribute
    # (expected | binding), clause, lead, shared, cooperating, convention_lead, box, group,
    # description. The words for the fields are the caller's (importer/messages.py).
    details: tuple[tuple[str, str], ...] = ()


def document_items(document: ImportedDocument) -> list[DocumentItem]:
    """Every table row (with its cells), target, task (with its units) and project, in line order."""
    data = document.data
    items: list[DocumentItem] = []
    for row in data["indicators"]:
        ref = f"indicator:{row['key']}"
        if row["origin"] == "table":
            cells: tuple[tuple[str, str], ...] = (
                ("unit", row["unit"]),
                ("baseline", row["baseline"]["text"]),
                ("target", row["target"]["text"]),
                ("annual", (row["annual"] or {}).get("text") or ""),
                ("attribute", row["attribute"] or ""),
            )
            items.append(DocumentItem(ref, "row", row["line"], row["name_as_written"], _filled(cells)))
        else:
            cells = (("target", row["target"]["text"]), ("clause", row["source_text"] or ""))
            items.append(DocumentItem(ref, "target", row["line"], row["name"], _filled(cells)))
    for task in data["tasks"]:
        convention = (
            task["shared_units"][0] if not task["lead_units"] and len(task["shared_units"]) > 1 else ""
        )
        cells = (
            ("lead", "、".join(task["lead_units"])),
            ("shared", "、".join(task["shared_units"])),
            ("cooperating", "、".join(task.get("cooperating_units", []))),
            ("convention_lead", convention),
        )
        items.append(
            DocumentItem(f"task:{task['number']}", "task", task["line"], task["title"], _filled(cells))
        )
    for box_index, box in enumerate(data["project_boxes"]):
        for index, project in enumerate(box["projects"]):
            cells = (
                ("box", box["title"]),
                ("group", project["group"]),
                ("description", project["description"]),
            )
            items.append(
                DocumentItem(
                    f"project:{box_index}.{index}",
                    "project",
                    project["line"],
                    project["name"],
                    _filled(cells),
                )
            )
    return sorted(items, key=lambda item: item.line or 0)


def _filled(cells: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((name, text) for name, text in cells if text)


def drop_items(document: ImportedDocument, refs: Iterable[str]) -> None:
    """Leave out what the office dropped in the preview (a row's sub-rows go with it)."""
    dropped = set(refs)
    if not dropped:
        return
    data = document.data
    keys = {ref.split(":", 1)[1] for ref in dropped if ref.startswith("indicator:")}
    data["indicators"] = [
        row for row in data["indicators"] if row["key"] not in keys and row["parent"] not in keys
    ]
    data["tasks"] = [task for task in data["tasks"] if f"task:{task['number']}" not in dropped]
    for box_index, box in enumerate(data["project_boxes"]):
        box["projects"] = [
            project
            for index, project in enumerate(box["projects"])
            if f"project:{box_index}.{index}" not in dropped
        ]
    data["units"] = _units(data["tasks"])


def describe_plainly(problem: Problem) -> str:
    """Problems as codes and facts, for callers without translations (tests, accuracy runs)."""
    details = ", ".join(f"{key}={value}" for key, value in sorted(problem.params.items()))
    return f"{problem.code.value}" + (f" ({details})" if details else "")


def plan_key(sha256: str) -> str:
    """Imports are found again by the document's checksum: the same file is the same plan."""
    return f"import-{sha256[:16]}"


def build_document(
    source: Source,
    *,
    source_name: str,
    sha256: str,
    describe: Describe = describe_plainly,
) -> ImportedDocument:
    lines = source.lines
    problems: list[Problem] = []

    grids = [*source.grids, *find_tabbed_grids(lines), *find_pipe_grids(lines)]
    tables: list[IndicatorTable] = []
    consumed: set[int] = set()
    plan_start = read_metadata(lines, has_tasks=False).start_year
    lists: list[tuple[str, ParagraphTable]] = []  # tables by header, some of them task/project lists
    for grid in grids:
        consumed.update(range(grid.first_line, grid.last_line + 1))
        by_header = read_grid_by_header(grid, plan_start=plan_start)
        if by_header is not None:
            problems += by_header.problems
            lists.append((grid.title, by_header))
            if by_header.table is None:
                continue
        table = by_header.table if by_header is not None else read_indicator_table(grid)
        if table is None:
            if len(grid.rows) >= 2 and max(len(row.cells) for row in grid.rows) >= 2:
                problems.append(Problem(ProblemCode.TABLE_NO_ROWS, line=grid.first_line))
            continue
        tables.append(table)
        consumed.update(table.footnote_lines)
        title_is_heading = heading_of(grid.title) is not None
        if grid.title_line is not None and grid.title_line >= grid.first_line - 3 and not title_is_heading:
            consumed.add(grid.title_line)
        problems += table.problems
    for found in find_paragraph_tables(lines, consumed, plan_start=plan_start):
        consumed.update(range(found.first_line, found.last_line + 1))
        if found.title_line is not None:
            consumed.add(found.title_line)
        problems += found.problems
        lists.append((lines[found.title_line - 1].text.strip() if found.title_line else "", found))
        if found.table is not None:
            tables.append(found.table)
            problems += found.table.problems

    list_tasks, list_boxes = _list_tables(lists)
    boxes = [*read_boxes(lines, consumed), *list_boxes]
    problems += [problem for box in boxes for problem in box.problems]
    project_box_lines = {n for box in boxes if box.kind == "projects" for n in box.content_lines}
    box_heads = {box.line for box in boxes}
    tasks = [
        *(
            read_tasks(lines, consumed | project_box_lines | box_heads)
            or read_heading_tasks(lines, consumed | project_box_lines | box_heads)
        ),
        *list_tasks,
    ]
    problems += [problem for task in tasks if (problem := convention_lead(task))]
    task_lines = {n for task in tasks for n in (task.line, *task.body_lines)}
    sections = read_sections(lines, consumed | project_box_lines | box_heads | task_lines)

    meta = read_metadata(lines, has_tasks=bool(tasks))
    start_year, end_year = _years(meta, tables)
    structured = bool(tables or tasks or boxes or len(sections) >= 2)
    if start_year is None or end_year is None:
        raise DocumentError(ProblemCode.NO_YEARS if structured else ProblemCode.NO_STRUCTURE)
    base_year = start_year - 1

    known = [_known(row) for table in tables for row in table.rows]
    prose = read_prose_targets(
        lines,
        sections=sections,
        skip=consumed | project_box_lines | box_heads | task_lines | _head_lines(lines, sections),
        start_year=start_year,
        end_year=end_year,
        known=known,
    )
    if not (structured or prose):
        raise DocumentError(ProblemCode.NO_STRUCTURE)

    # What the document names (its title, issuer): a suggestion; the importing office chooses.
    jurisdiction = meta.jurisdiction.as_fixture() if meta.jurisdiction else None
    if not meta.title:
        problems.append(Problem(ProblemCode.NO_TITLE))
        meta.title = next((line.text.strip() for line in lines if line.text.strip()), source_name)[:120]

    indicators = _table_indicators(tables, base_year, end_year, describe, problems)
    if not indicators and (announced := _announced_table(lines)) is not None:
        problems.append(
            Problem(
                ProblemCode.PLAN_TABLE_UNREAD, line=announced.number, params={"text": announced.text.strip()}
            )
        )
    for number, target in enumerate(prose, start=1):
        if target.target.kind is TargetKind.UNPARSED:
            problems.append(
                Problem(ProblemCode.TARGET_UNPARSED, line=target.line, params={"text": target.text})
            )
        indicators.append(_prose_indicator(number, target, base_year))

    task_records = _tasks(tasks, sections, end_year, problems)
    box_records = _boxes(boxes, sections)
    if not tasks and not any(box.kind == "projects" for box in boxes):
        box_records += _prose_box(
            prose_projects(
                lines,
                consumed | box_heads,
                {line.number for line in lines if is_retrospective(sections, line.number)},
            ),
            sections,
        )

    indicators, task_records, box_records = _without_junk(indicators, task_records, box_records, problems)
    units = _units(task_records)
    data = {
        "source": source_name,
        "jurisdiction": jurisdiction,
        "plan": _plan(meta, sha256, start_year, end_year, base_year),
        "sections": [
            {"key": s.key, "parent": s.parent, "number": s.number, "title": s.title, "line": s.line}
            for s in sections
        ],
        "units": units,
        "indicators": indicators,
        "tasks": task_records,
        "project_boxes": box_records,
    }
    return ImportedDocument(data=data, problems=sorted(problems, key=lambda p: (p.line or 0, p.code.value)))


# --- pieces -----------------------------------------------------------------------------------

# A short line announcing the plan's indicator table (主要指标表, “十五五”规划主要指标一览表).
_TABLE_TITLE = re.compile(r"(?:主要|核心|规划)指标(?:表|一览表|体系表)?$|指标体系表$|主要指标情况表$")
_JUNK = re.compile(r"^[\W\d_％%.．]*$")


def _announced_table(lines: Iterable[Line]) -> Line | None:
    return next(
        (line for line in lines if len(line.text.strip()) <= 40 and _TABLE_TITLE.search(line.text.strip())),
        None,
    )


def _without_junk(
    indicators: list[dict[str, Any]],
    tasks: list[dict[str, Any]],
    boxes: list[dict[str, Any]],
    problems: list[Problem],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Items named with no words ("46％", "）"): cells read out of place, left out and reported."""

    def junk(name: str, line: int | None) -> bool:
        if _JUNK.match(name.strip()):
            problems.append(Problem(ProblemCode.JUNK_NAME, line=line, params={"text": name}))
            return True
        return False

    dropped = {row["key"] for row in indicators if junk(row["name_as_written"] or row["name"], row["line"])}
    indicators = [row for row in indicators if row["key"] not in dropped and row["parent"] not in dropped]
    tasks = [task for task in tasks if not junk(task["title"], task["line"])]
    for box in boxes:
        box["projects"] = [p for p in box["projects"] if not junk(p["name"], p["line"])]
    return indicators, tasks, boxes


_BARE_NAME = re.compile(r"^[^。，,；;：:]{1,30}$")


def _list_tables(lists: list[tuple[str, ParagraphTable]]) -> tuple[list[TaskItem], list[Box]]:
    """Task and project list tables: every row a task; a 项目名称 cell, or a bare name in a
    任务或项目 cell, a project too, with its 建设内容, 总投资 and 建设年限 kept as its description."""
    tasks: list[TaskItem] = []
    boxes: list[Box] = []
    for title, found in lists:
        if not found.items:
            continue
        projects: list[Project] = []
        descriptions: list[str] = []
        for item in found.items:
            name = item.cells.get(Role.PROJECT) or item.cells.get(Role.TASK, "")
            head, _, rest = name.partition("。")
            responsibility = item.cells.get(Role.RESPONSIBILITY, "")
            task = TaskItem(
                number=item.number,
                title=head.strip(),
                text=rest.strip(),
                responsibility_text=responsibility,
                line=item.line,
            )
            if responsibility:
                task.lead_units, task.shared_units, task.cooperating_units = read_responsibility(
                    f"（责任单位：{responsibility}）"
                )
            tasks.append(task)
            if Role.PROJECT in item.cells or _BARE_NAME.match(name):
                projects.append(Project(name=name, group=item.category, line=item.line))
                details = (
                    (label, item.cells.get(role, ""))
                    for label, role in (
                        ("建设内容", Role.DESCRIPTION),
                        ("总投资", Role.INVESTMENT),
                        ("建设年限", Role.YEARS),
                    )
                )
                descriptions.append("；".join(f"{label}：{text}" for label, text in details if text))
        if projects:
            boxes.append(
                Box(
                    number=0,
                    title_as_written=title,
                    title=title or "项目清单",
                    line=found.first_line,
                    kind="projects",
                    projects=projects,
                    project_descriptions=descriptions,
                )
            )
    return tasks, boxes


def _years(meta: Metadata, tables: list[IndicatorTable]) -> tuple[int | None, int | None]:
    if meta.start_year is not None and meta.end_year is not None:
        return meta.start_year, meta.end_year
    for table in tables:
        if table.baseline_year and table.target_year and table.target_year > table.baseline_year:
            return table.baseline_year + 1, table.target_year
    return None, None


def _head_lines(lines: Iterable[Any], sections: list[Section]) -> set[int]:
    """Heading lines that hold only a title (run-in headings carry their paragraph on)."""
    by_line = {line.number: line.text for line in lines}
    return {s.line for s in sections if "。" not in by_line.get(s.line, "")}


def _known(row: TableRow) -> KnownTarget:
    values = set()
    for text, column in (
        (row.baseline, Column.BASELINE),
        (row.target, Column.TARGET),
        (row.annual, Column.ANNUAL),
    ):
        if text:
            value = parse_target(_unmarked(text), column=column, indicator_name=row.name).value
            if value is not None:
                values.add(value)
    return KnownTarget(name=row.name, values=values, texts={row.target, row.annual or ""})


def _unmarked(cell: str) -> str:
    """A cell without the mark pointing to its note ("60.6*" → "60.6"); the text is kept as written."""
    match = CELL_MARK.match(cell)
    return match.group(1) if match else cell


def _measure(name: str, target: str) -> str:
    if re.search(r"降低|下降|减少", name):
        return "reduction"
    if re.search(r"(?:增速|增长|增长率)$", name) and not target.strip(" -—"):
        return "rate"
    if re.search(r"累计|新增", name):
        return "cumulative"
    return "level"


def _direction(name: str, baseline: str, target: str) -> str:
    if lower_is_better(name):
        return "lower"
    if baseline and baseline == target and re.search(r"\d", baseline):
        return "maintain"
    return "higher"


def _table_indicators(
    tables: list[IndicatorTable], base_year: int, end_year: int, describe: Describe, problems: list[Problem]
) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    number = 0
    for table in tables:
        keys: dict[int, str] = {}
        sub_counts: dict[int, int] = {}
        baseline_year = table.baseline_year or base_year
        target_year = table.target_year or end_year
        for index, row in enumerate(table.rows):
            if row.parent is None:
                number += 1
                key = f"r{number}"
            else:
                sub_counts[row.parent] = sub_counts.get(row.parent, 0) + 1
                key = f"{keys[row.parent]}{chr(ord('a') + sub_counts[row.parent] - 1)}"
            keys[index] = key
            baseline = parse_target(_unmarked(row.baseline), column=Column.BASELINE)
            target = parse_target(_unmarked(row.target), column=Column.TARGET, indicator_name=row.name)
            annual = (
                parse_target(row.annual, column=Column.ANNUAL, indicator_name=row.name)
                if row.annual is not None
                else None
            )
            for text, cell in ((row.baseline, baseline), (row.target, target), (row.annual or "", annual)):
                if cell is not None and cell.kind is TargetKind.UNPARSED and text:
                    problem = Problem(ProblemCode.CELL_UNPARSED, line=row.line, params={"text": text})
                    row.problems.append(problem)
            problems += row.problems
            records.append(
                {
                    "key": key,
                    "origin": "table",
                    "line": row.line,
                    "number": row.number,
                    "category": row.category,
                    "name": row.name or row.name_as_written,
                    "name_as_written": row.name_as_written,
                    "unit": row.unit,
                    "attribute": row.attribute,
                    "direction": _direction(row.name, row.baseline, row.target),
                    "measure": _measure(row.name, row.target),
                    "parent": keys[row.parent] if row.parent is not None else None,
                    "section": None,
                    "source_text": None,
                    "baseline": {
                        "year": row.baseline_year or baseline_year,
                        "text": row.baseline,
                        "estimate": table.baseline_estimate or baseline.estimate,
                        "parsed": baseline.as_parsed(),
                    },
                    "target": {"year": target_year, "text": row.target, "parsed": target.as_parsed()},
                    "annual": {"text": row.annual, "parsed": annual.as_parsed()}
                    if annual is not None
                    else None,
                    "lead_units": [],
                    "cooperating_units": [],
                    "data_source_unit": None,
                    "footnote": row.footnote,
                    "note": "\n".join(describe(problem) for problem in row.problems),
                }
            )
    return records


def _prose_indicator(number: int, target: ProseTarget, base_year: int) -> dict[str, Any]:
    return {
        "key": f"p{number}",
        "origin": "text",
        "line": target.line,
        "number": "",
        "category": "",
        "name": target.name,
        "name_as_written": target.name_as_written,
        "unit": target.target.unit,
        "attribute": None,
        "direction": target.direction,
        "measure": target.measure,
        "parent": None,
        "section": target.section,
        "source_text": target.source_text,
        "baseline": {
            "year": base_year,
            "text": "",
            "estimate": False,
            "parsed": parse_target("", column=Column.BASELINE).as_parsed(),
        },
        "target": {"year": target.year, "text": target.text, "parsed": target.target.as_parsed()},
        "annual": None,
        "lead_units": [],
        "cooperating_units": [],
        "data_source_unit": None,
        "footnote": "",
        "note": "",
    }


def _part_of(sections: list[Section], line: int) -> str | None:
    section = section_at(sections, line)
    return section.key if section else None


def _tasks(
    tasks: list[TaskItem], sections: list[Section], year: int, problems: list[Problem]
) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    used: set[int] = set()
    for task in tasks:
        problems += task.problems
        number = task.number
        if number in used:
            number = max(used) + 1
            problems.append(
                Problem(ProblemCode.TASK_NUMBER_REPEATED, line=task.line, params={"number": str(task.number)})
            )
        used.add(number)
        targets: list[dict[str, Any]] = []
        for sentence in re.split(r"(?<=[。！？])", f"{task.title}。{task.text}"):
            for clause in split_clauses(sentence):
                for quantity in find_quantities(clause):
                    name = name_of(clause, quantity)[0]
                    target = parse_target(quantity.text, column=Column.PROSE, indicator_name=name)
                    targets.append(
                        {
                            "key": f"{number}.{len(targets) + 1}",
                            "text": clause.strip(),
                            "name": name,
                            "target_text": quantity.text,
                            "year": year,
                            "direction": "maintain" if re.search(r"稳定在|保持", clause) else "higher",
                            "measure": "rate" if target.kind is TargetKind.RATE else "level",
                            "parsed": target.as_parsed(),
                        }
                    )
        record: dict[str, Any] = {
            "number": number,
            "part": _part_of(sections, task.line),
            "title": task.title,
            "text": task.text,
            "responsibility_text": task.responsibility_text,
            "line": task.line,
            "lead_units": task.lead_units,
            "shared_units": task.shared_units,
            "targets": targets,
        }
        if task.cooperating_units:
            record["cooperating_units"] = task.cooperating_units
        records.append(record)
    return records


def _units(tasks: list[dict[str, Any]]) -> list[dict[str, str]]:
    names: list[str] = []
    for task in tasks:
        for name in [*task["lead_units"], *task["shared_units"], *task.get("cooperating_units", [])]:
            if name not in names:
                names.append(name)
    return [{"name": name, "kind": unit_kind(name)} for name in names]


def _box_section(sections: list[Section], line: int) -> str | None:
    """Where a box belongs: never to a run-in （一） heading (its 一、 section holds it), and a box
    closing the last section of its parent illustrates the parent as a whole."""
    section = section_at(sections, line)
    by_key = {s.key: s for s in sections}
    if section is not None and section.rank >= 4 and section.parent:
        section = by_key[section.parent]
    if section is not None and section.parent:
        siblings = [s for s in sections if s.parent == section.parent]
        if siblings and siblings[-1].key == section.key:
            section = by_key[section.parent]
    return section.key if section else None


def _boxes(boxes: list[Box], sections: list[Section]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    seen: dict[int, int] = {}
    for box in boxes:
        seen[box.number] = seen.get(box.number, 0) + 1
        record: dict[str, Any] = {
            "number": box.number,
            "title_as_written": box.title_as_written,
            "title": box.title,
            "kind": box.kind,
            "line": box.line,
            "section": _box_section(sections, box.line),
            "text": box.text,
            "projects": [
                {
                    "key": f"{box.number}.{i}",
                    "name": p.name,
                    "group": p.group,
                    "line": p.line,
                    "description": box.project_descriptions[i - 1] if box.project_descriptions else "",
                }
                for i, p in enumerate(box.projects, start=1)
            ],
        }
        if seen[box.number] > 1 or box.number == 0:
            record["key"] = f"b{box.number}-{seen[box.number]}"
        records.append(record)
    return records


# The box that gathers projects a plan only names in its running text ("推进A、B等项目").
PROSE_BOX_TITLE = "正文所列重点项目"


def _prose_box(projects: list[Project], sections: list[Section]) -> list[dict[str, Any]]:
    if not projects:
        return []
    return [
        {
            "number": 0,
            "title_as_written": "",
            "title": PROSE_BOX_TITLE,
            "kind": "projects",
            "line": projects[0].line,
            "section": None,
            "text": "",
            "projects": [
                {"key": f"0.{i}", "name": p.name, "group": p.group, "line": p.line, "description": ""}
                for i, p in enumerate(projects, start=1)
            ],
        }
    ]


def _plan(meta: Metadata, sha256: str, start_year: int, end_year: int, base_year: int) -> dict[str, Any]:
    return {
        "key": plan_key(sha256),
        "title": meta.title,
        "short_title": meta.short_title,
        "kind": meta.kind,
        "issuer": meta.issuer,
        "document_number": meta.document_number,
        "signed_on": meta.signed_on.isoformat() if meta.signed_on else None,
        "published_on": meta.published_on.isoformat() if meta.published_on else None,
        "dates_as_written": meta.dates_as_written,
        "dates_note": " ".join(meta.dates_note),
        "start_year": start_year,
        "end_year": end_year,
        "base_year": base_year,
        "vision_year": meta.vision_year if meta.vision_year and meta.vision_year >= end_year else None,
        "parent_plan": None,
        "note": "",
    }
