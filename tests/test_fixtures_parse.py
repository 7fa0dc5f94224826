"""The target parser reads every cell of the seeds the way the hand-checked fixtures say."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from importer.seeding import fixture_paths
from indicators.domain.targets import Column, parse_target


def cells() -> Iterator[tuple[str, str, Column, str, dict[str, Any]]]:
    """(id, text, column, indicator name, expected PARSED) for every cell in every fixture."""
    for path in fixture_paths():
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        doc = data["source"][:3]
        for row in data["indicators"]:
            prose = row["origin"] == "text"
            columns = [
                ("baseline", Column.BASELINE),
                ("target", Column.PROSE if prose else Column.TARGET),
                ("annual", Column.ANNUAL),
            ]
            for cell, column in columns:
                if row[cell]:
                    yield (
                        f"{doc}:{row['key']}:{cell}",
                        row[cell]["text"],
                        column,
                        row["name"],
                        row[cell]["parsed"],
                    )
        for task in data["tasks"]:
            for target in task["targets"]:
                yield (
                    f"{doc}:task{task['number']}:{target['key']}",
                    target["target_text"],
                    Column.PROSE,
                    target["name"],
                    target["parsed"],
                )


CELLS = list(cells())


def test_there_are_cells_from_every_document():
    assert {cell_id[:3] for cell_id, *_ in CELLS} == {"000", "001", "002", "003", "004"}
    assert len(CELLS) > 400


@pytest.mark.parametrize(
    ("text", "column", "name", "expected"), [c[1:] for c in CELLS], ids=[c[0] for c in CELLS]
)
def test_parser_agrees_with_the_fixture(text, column, name, expected):
    target = parse_target(text, column=column, indicator_name=name)
    got = {
        "kind": target.kind.value,
        "comparator": target.comparator.value if target.comparator else None,
        "value": target.value,
        "unit": target.unit,
        "relative_to": target.relative_to,
    }
    want = {**expected, "value": Decimal(expected["value"]) if expected["value"] is not None else None}
    assert got == want
