"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from django.db import transaction


def median_seconds(work: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def median_seconds_rolled_back(
    prepare: Callable[[], object], work: Callable[[], object], *, repeat: int = 3
) -> float:
    """Time `work` after an untimed `prepare`, both in a transaction rolled back after each run."""
    samples = []
    for _ in range(repeat):
        with transaction.atomic():
            prepare()
            started = time.perf_counter()
            work()
            samples.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return statistics.median(samples)


def report(label: str, seconds: float, baseline: float | None = None, note: str = "") -> None:
    ratio = f"  ({seconds / baseline:.1f}× the bare fetch)" if baseline else ""
    print(f"  {label:<60} {seconds * 1000:9.1f} ms{ratio}{note}", flush=True)
