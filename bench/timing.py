"""Small timing helpers shared by the benchmarks.

A line's ratio to its bare fetch is measured in rounds: each round times the bare fetch and then the
work, so both see the machine in much the same state. The line prints the median of the rounds'
ratios and their middle half (the quartiles), so a reader sees how far the machine's noise moves it.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

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


def seconds_of(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


@dataclass(frozen=True)
class Paired:
    """Medians of a bare fetch and of the work, timed round by round, and the rounds' ratios."""

    bare: float
    work: float
    ratios: tuple[float, ...]

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)


def paired_seconds(
    bare: Callable[[], object],
    work: Callable[[], object],
    *,
    repeat: int = 7,
    warmup: int = 1,
    prepare: Callable[[], object] | None = None,
) -> Paired:
    """Time `bare` then `work` in each of `repeat` rounds.

    With `prepare`, each of the two runs in a transaction rolled back afterwards, after an untimed
    `prepare` in the same transaction (for work that writes).
    """

    def run(step: Callable[[], object]) -> float:
        scope: AbstractContextManager[object] = transaction.atomic() if prepare else nullcontext()
        with scope:
            if prepare:
                prepare()
            seconds = seconds_of(step)
            if prepare:
                transaction.set_rollback(True)
        return seconds

    for _ in range(warmup):
        run(bare)
        run(work)
    rounds = [(run(bare), run(work)) for _ in range(repeat)]
    return Paired(
        bare=statistics.median(b for b, _ in rounds),
        work=statistics.median(w for _, w in rounds),
        ratios=tuple(w / b for b, w in rounds),
    )


def report(label: str, seconds: float, baseline: float | None = None, note: str = "") -> None:
    ratio = f"  ({seconds / baseline:.1f}× the bare fetch)" if baseline else ""
    print(f"  {label:<60} {seconds * 1000:9.1f} ms{ratio}{note}", flush=True)


def report_paired(bare_label: str, label: str, paired: Paired, note: str = "") -> None:
    """The bare fetch's line, then the work's with its median ratio and the middle half of the rounds'."""
    report(bare_label, paired.bare)
    spread = f"{len(paired.ratios)} round"
    if len(paired.ratios) > 1:
        low, _, high = statistics.quantiles(paired.ratios, n=4, method="inclusive")
        spread = f"middle half {low:.1f}–{high:.1f}× of {len(paired.ratios)} rounds"
    print(
        f"  {label:<60} {paired.work * 1000:9.1f} ms  ({paired.ratio:.1f}× the bare fetch; {spread}){note}",
        flush=True,
    )
