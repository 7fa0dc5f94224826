"""`make bench`: run every benchmark module bench/bench_*.py (each has a `main()`), in name order.

    python -m bench [--scale N] [name …]      e.g. python -m bench --scale 10 api evaluation

Benchmarks measure the numbers the issues ask for on generated data; they print, they do not assert.
Each scale has its own database, so the province of one scale is generated once and reused.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import statistics
import time
import warnings
from pathlib import Path

import django


def database_url(scale: int) -> str:
    """BENCH_DATABASE_URL (a database name suffixed `_x<scale>` above scale 1, created when absent),
    else SQLite files."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if url is None:
        name = "bench.sqlite3" if scale == 1 else f"bench-x{scale}.sqlite3"
        return f"sqlite:///{Path('bench-results', name).resolve()}"
    import psycopg

    base, _, name = url.rpartition("/")
    scaled = name if scale == 1 else f"{name}_x{scale}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [scaled]).fetchone():
            admin.execute(f'CREATE DATABASE "{scaled}"')
    return f"{base}/{scaled}"


def machine() -> str:
    model = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return (
        f"{os.cpu_count()} CPUs ({model}), load {os.getloadavg()[0]:.1f}, "
        f"pure-Python reference {reference_ms():.0f} ms"
    )


def reference_ms() -> float:
    """The median of five runs of a fixed pure-Python loop, in ms: how fast this machine runs Python
    just now. Shared virtual machines vary by half from one minute to the next; printed at the start
    and the end of a run, it says how far a run's figures can be compared with another's."""
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(1_000_000):
            total += number
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--scale", type=int, default=1, help="province size: 1 is 6,000 indicators")
    parser.add_argument("only", nargs="*", help="benchmarks to run (api, bulk, evaluation, …)")
    arguments = parser.parse_args()
    # Benchmarks serve no static files; WhiteNoise's notice that none are collected is noise here.
    warnings.filterwarnings("ignore", message="No directory at")
    # Benchmarks never touch the development database: BENCH_DATABASE_URL, else a file of their own.
    Path("bench-results").mkdir(exist_ok=True)
    os.environ["DATABASE_URL"] = database_url(arguments.scale)
    os.environ["BENCH_SCALE"] = str(arguments.scale)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.province import ensure_evaluations, ensure_province, refresh_statistics

    call_command("migrate", verbosity=0)
    ensure_province(scale=arguments.scale)
    ensure_evaluations()
    refresh_statistics()
    print(f"# {connection.vendor}, scale {arguments.scale}, {machine()}", flush=True)
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        if arguments.only and path.stem.removeprefix("bench_") not in arguments.only:
            continue
        print(f"== {path.stem}", flush=True)
        importlib.import_module(f"bench.{path.stem}").main()
    print(
        f"# at the end: load {os.getloadavg()[0]:.1f}, pure-Python reference {reference_ms():.0f} ms",
        flush=True,
    )


if __name__ == "__main__":
    main()
