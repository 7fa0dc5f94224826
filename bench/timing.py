"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(work: Callable[[], object], *, repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def report(label: str, seconds: float, baseline: float | None = None) -> None:
    ratio = f"  ({seconds / baseline:.1f}× the bare fetch)" if baseline else ""
    print(f"  {label:<60} {seconds * 1000:9.1f} ms{ratio}", flush=True)
