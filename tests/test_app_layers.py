"""The apps are floors: each imports only the floors below it, so there is no import cycle between apps.

The table below is the one statement of the layering (README "What is where" explains it). Every
module of every app is read with `ast`, including imports made inside functions or only for type
checking, since either would tie the floors together again.
"""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# app -> the apps it may import. `projects` sits beside `indicators`, not on it.
ALLOWED: dict[str, set[str]] = {
    "accounts": set(),
    "plans": {"accounts"},
    "progress": {"accounts", "plans"},
    "indicators": {"accounts", "plans", "progress"},
    "projects": {"accounts", "plans", "progress"},
    "families": {"accounts", "plans", "progress", "indicators"},
    "supervision": {"accounts", "plans", "progress", "indicators"},
    "reports": {"accounts", "plans", "progress", "indicators", "projects", "families", "supervision"},
    "importer": {"accounts", "plans", "progress", "indicators", "projects"},
    "api": {"accounts", "plans", "progress", "indicators", "projects", "families", "supervision"},
}


def imported_apps(path: Path) -> set[tuple[str, int]]:
    """(app, line) for every import of one of the apps in the module."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in ALLOWED}
    return found


def app_modules(app: str) -> list[Path]:
    return sorted(path for path in (ROOT / app).rglob("*.py") if "tests" not in path.relative_to(ROOT).parts)


def test_the_layering_has_no_cycle() -> None:
    try:
        order = list(TopologicalSorter(ALLOWED).static_order())
    except CycleError as error:  # pragma: no cover - the table itself is wrong
        pytest.fail(f"the allowed imports form a cycle: {error.args[1]}")
    assert set(order) == set(ALLOWED)


def test_every_app_is_in_the_table() -> None:
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps == set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_floors_below_it(app: str) -> None:
    modules = app_modules(app)
    assert modules, f"no modules found for {app}"
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in modules
        for imported, line in sorted(imported_apps(path))
        if imported != app and imported not in ALLOWED[app]
    ]
    assert wrong == []
