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


def test_paired_rounds_alternate_and_ratio_is_per_round(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench import timing

    calls: list[str] = []
    durations = iter([1.0, 3.0, 2.0, 2.0, 1.0, 5.0, 1.0, 2.0])  # warm-up round, then three rounds
    monkeypatch.setattr(timing, "seconds_of", lambda step: (step(), next(durations))[1])

    paired = timing.paired_seconds(lambda: calls.append("bare"), lambda: calls.append("work"), repeat=3)

    assert calls == ["bare", "work"] * 4
    assert paired.ratios == (1.0, 5.0, 2.0)
    assert (paired.bare, paired.work, paired.ratio) == (1.0, 2.0, 2.0)


@pytest.mark.django_db(transaction=True)
def test_paired_rounds_with_prepare_roll_each_run_back() -> None:
    from bench import timing
    from plans.models import Jurisdiction

    def prepare() -> None:
        Jurisdiction.objects.create(name="基准县", level=Jurisdiction.Level.COUNTY)

    seen: list[int] = []
    timing.paired_seconds(
        lambda: seen.append(Jurisdiction.objects.filter(name="基准县").count()),
        lambda: seen.append(Jurisdiction.objects.filter(name="基准县").count()),
        repeat=2,
        prepare=prepare,
    )
    assert seen == [1] * 6
    assert not Jurisdiction.objects.filter(name="基准县").exists()
