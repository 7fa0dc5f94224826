"""The importer against the developer corpus (tests/corpus): the figures `make accuracy` prints for
real plans in other layouts may not fall.

Floors are the measured precision and recall less two points (rounded down), so that a change
that loses items on a real document fails here; 1 stays 1. The corpus is a development set: the
rules it drove are written for layouts (see importer/parsing), and tests/importer/test_tables_by_header.py
and test_tasks.py check the same layouts on small documents of their own.
"""

from __future__ import annotations

from functools import cache

import pytest

from importer.accuracy import CORPUS_KINDS, Score, score_corpus
from importer.management.commands.import_accuracy import CORPUS_DIR

FLOORS: dict[str, dict[str, tuple[float, float]]] = {
    "c01": {
        "table_rows": (1, 1),
        "cells": (1, 1),
        "attributes": (1, 1),
        "prose_targets": (0.92, 0.92),
        "projects": (1, 1),
        "metadata": (1, 1),
    },
    "c02": {
        "table_rows": (1, 1),
        "cells": (1, 1),
        "attributes": (1, 1),
        "prose_targets": (1, 1),
        "projects": (1, 1),
        "metadata": (1, 1),
    },
    "c03": {
        "table_rows": (1, 1),
        "cells": (1, 1),
        "attributes": (1, 1),
        "prose_targets": (0.83, 0.78),
        "projects": (1, 1),
        "metadata": (1, 1),
    },
    "c04": {
        "table_rows": (1, 1),
        "cells": (1, 1),
        "attributes": (1, 1),
        "prose_targets": (0.82, 0.89),
        "projects": (1, 1),
        "metadata": (1, 1),
    },
    "c05": {
        "table_rows": (1, 1),
        "cells": (1, 1),
        "attributes": (1, 1),
        "prose_targets": (1, 1),
        "tasks": (1, 1),
        "projects": (1, 1),
        "metadata": (1, 1),
    },
    "c06": {
        "prose_targets": (0.79, 1),
        "metadata": (1, 1),
    },
    "c07": {
        "prose_targets": (1, 0.88),
        "tasks": (1, 1),
        "leads": (1, 1),
        "units": (1, 1),
        "metadata": (1, 1),
    },
    "c08": {
        "prose_targets": (1, 1),
        "tasks": (1, 1),
        "units": (1, 1),
        "metadata": (1, 1),
    },
    "c09": {
        "table_rows": (1, 1),
        "cells": (1, 1),
        "attributes": (1, 1),
        "prose_targets": (1, 1),
        "tasks": (1, 1),
        "metadata": (1, 1),
    },
    "c10": {
        "tasks": (1, 1),
        "metadata": (1, 1),
    },
}

GOALS = {"table_rows": 0.95, "cells": 0.95, "tasks": 0.95, "leads": 0.95, "units": 0.95, "projects": 0.9}


@cache
def scores() -> dict[str, dict[str, Score]]:
    return dict(score_corpus(CORPUS_DIR))


def total(kind: str) -> Score:
    whole = Score(kind)
    for by_kind in scores().values():
        part = by_kind[kind]
        whole.expected += part.expected
        whole.found += part.found
        whole.matched += part.matched
    return whole


CASES = [(doc, kind) for doc, kinds in FLOORS.items() for kind in kinds]


@pytest.mark.parametrize(("doc", "kind"), CASES, ids=[f"{doc}-{kind}" for doc, kind in CASES])
def test_corpus_floor(doc, kind):
    score = scores()[doc][kind]
    precision, recall = FLOORS[doc][kind]
    assert score.precision >= precision and score.recall >= recall, (
        f"{doc} {kind}: missed {score.misses[:5]} extra {score.extras[:5]} differs {score.differences[:5]}"
    )


@pytest.mark.parametrize("kind", sorted(GOALS))
def test_corpus_goals_for_rows_cells_tasks_and_units(kind):
    score = total(kind)
    assert score.recall >= GOALS[kind] and score.precision >= GOALS[kind]


def test_corpus_goal_for_prose_targets():
    score = total("prose_targets")
    assert score.recall >= 0.9 and score.precision >= 0.8


def test_every_corpus_document_is_scored_on_every_kind():
    assert set(scores()) == {f"c{n:02d}" for n in range(1, 11)}
    assert all(set(by_kind) == set(CORPUS_KINDS) for by_kind in scores().values())
