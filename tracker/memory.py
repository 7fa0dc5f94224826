"""Memory management for work on thousands of rows at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector paused while a batch builds objects that live until its end.

    Evaluating a province makes a few hundred thousand objects (rows, figures, specs, results) and
    no reference cycles: reference counting frees all of it. The collector, counting allocations,
    would walk the young objects every 700 of them and the whole heap once or twice per batch
    (about a sixth of the evaluation) for cycles it cannot find; paused, it runs again afterwards
    on what survived. Nested pauses leave it to the outermost."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
