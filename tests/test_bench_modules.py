"""Every benchmark module imports: `make bench` is run rarely, so a stale import would go unnoticed."""

import importlib
import pkgutil

import pytest

import bench

MODULES = sorted(
    info.name for info in pkgutil.iter_modules(bench.__path__, "bench.") if info.name != "bench.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_benchmark_module_imports(name: str) -> None:
    importlib.import_module(name)
