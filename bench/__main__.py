"""`make bench`: run every benchmark module bench/bench_*.py (each has a `main()`), in name order.

Benchmarks measure the numbers the issues ask for on generated data; they print, they do not assert.
"""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from pathlib import Path

import django


def main() -> None:
    # Benchmarks serve no static files; WhiteNoise's notice that none are collected is noise here.
    warnings.filterwarnings("ignore", message="No directory at")
    # Benchmarks never touch the development database: BENCH_DATABASE_URL, else a file of their own.
    Path("bench-results").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{Path('bench-results/bench.sqlite3').resolve()}"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    django.setup()
    from django.core.management import call_command

    from bench.province import ensure_province

    call_command("migrate", verbosity=0)
    ensure_province()
    only = sys.argv[1:]
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        print(f"== {path.stem}", flush=True)
        importlib.import_module(f"bench.{path.stem}").main()


if __name__ == "__main__":
    main()
