"""POST a figure with 8 concurrent clients against gunicorn, as units do in the days before a deadline.

Starts gunicorn on a free local port (as the README's deployment: sync workers, here as many as
clients can keep busy on this machine), drives it with 8 client threads that each post their share
of new figures over plain HTTP, reports the median and p95 latency and every error, and stops it.
The figures are posted to years whose stored figures are set aside first and put back afterwards.

Every worker is warmed up first (a few reads through the same authentication and views), so the
figures are those of a running server, not of workers still importing the application. The CPU
time the server's processes and the clients spent per request is printed beside them: on a shared
two-core machine it says what the latency is made of (PostgreSQL's own processes are not counted).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.db import transaction

from accounts.models import User
from bench.province import END, bench_user, province_plans, token_key
from indicators.models import Indicator, ProgressEntry

CLIENTS = 8
PER_CLIENT = 40
WORKERS = 4
WARM_UP = 5  # reads per client before the timing
YEARS = (END - 1, END)
LOG = Path("bench-results/gunicorn.log")  # the server's own errors, if any


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "tracker.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=LOG.open("wb"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children (gunicorn's workers)."""
    ticks = 0
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for process in [pid, *map(int, children.read_text().split() if children.exists() else [])]:
        fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def warm_up(port: int, key: str) -> None:
    """Each worker serves its first requests (imports, URLs, translations) before the timing."""

    def reads() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(WARM_UP):
            connection.request(
                "GET", "/api/v1/progress/?page_size=1", headers={"Authorization": f"Token {key}"}
            )
            connection.getresponse().read()
            connection.close()

    threads = [threading.Thread(target=reads) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def client(
    port: int, key: str, rows: list[dict[str, object]], latencies: list[float], errors: Counter[str]
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Token {key}", "Content-Type": "application/json"}
    for row in rows:
        started = time.perf_counter()
        try:
            connection.request("POST", "/api/v1/progress/", json.dumps(row), headers)
            response = connection.getresponse()
            response.read()
            if response.status != 201:
                errors[f"HTTP {response.status}"] += 1
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except OSError as error:
            errors[type(error).__name__] += 1
            connection.close()
        latencies.append(time.perf_counter() - started)


def main() -> None:
    office = bench_user("bench-office", User.Role.PLANNING_OFFICE)
    key = token_key(office, "bench-concurrency", read_only=False)
    indicators = list(Indicator.objects.filter(plan__in=province_plans()[:5]).order_by("pk"))
    slots = [(item.pk, year) for item in indicators for year in YEARS][: CLIENTS * PER_CLIENT]
    stored = ProgressEntry.objects.filter(indicator__in=indicators, year__in=YEARS)
    kept = list(stored)
    stored.delete()
    port = free_port()
    server = start_gunicorn(port)
    try:
        warm_up(port, key)
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        threads = [
            threading.Thread(
                target=client,
                args=(
                    port,
                    key,
                    [
                        {"indicator": pk, "year": year, "value": "12.5", "explanation": "统计快报"}
                        for pk, year in slots[n::CLIENTS]
                    ],
                    latencies,
                    errors,
                ),
            )
            for n in range(CLIENTS)
        ]
        started, server_cpu, client_cpu = time.perf_counter(), cpu_seconds(server.pid), time.process_time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        server_cpu = cpu_seconds(server.pid) - server_cpu
        client_cpu = time.process_time() - client_cpu
    finally:
        server.terminate()
        server.wait(timeout=30)
        with transaction.atomic():
            ProgressEntry.objects.filter(indicator__in=indicators, year__in=YEARS).delete()
            ProgressEntry.objects.bulk_create(kept)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    per_request = 1000 / len(latencies)  # seconds in total to milliseconds per request
    print(
        f"  POST /api/v1/progress/, {CLIENTS} clients × {PER_CLIENT}, gunicorn {WORKERS} workers: "
        f"median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"{len(latencies) / elapsed:.0f} requests/s, "
        f"errors {sum(errors.values())}{f' {dict(errors)}, see {LOG}' if errors else ''}; CPU per request: "
        f"server {server_cpu * per_request:.1f} ms, clients {client_cpu * per_request:.1f} ms",
        flush=True,
    )
