"""Screenshots of the main pages with the `make run` data, for docs/screenshots/.

    .venv/bin/python -m tests.e2e.screenshots [output directory]

Builds a throwaway SQLite database the way `make setup` does (migrate, seed_plans,
create_demo_accounts), adds a few figures in every state through the workflow services, serves it
with `runserver` and photographs, in Debian's Chromium at 1440 and 390 px, the pages in `PAGES`:
a reporter's start page and the entry page of a returned figure, the office's review list and
dashboard, a district plan's indicator as the city office reads it. Chinese text needs a CJK font
(fonts-noto-cjk). The browser journeys (tests/e2e/test_journeys.py, E2E_SCREENSHOTS=…) add the
pages on the way of each journey.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

DEMO_FIGURES = r"""
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from indicators.models import Indicator, ProgressEntry
from progress.services import entry_approve, entry_return, entry_save, entry_submit
from progress.models import EntryDeadline, LockException
from plans.models import Plan, Unit

plan = Plan.objects.get(key="taian-2023-green-lowcarbon-tasks")
office, kjj, gxj = (User.objects.get(username=name) for name in ("fgw", "kjj", "gxj"))
EntryDeadline.objects.update_or_create(
    plan=plan, year=2023, defaults={"deadline": timezone.now() + timedelta(days=5)}
)
LockException.objects.get_or_create(
    plan=plan, year=2023, unit=Unit.objects.get(name="市市场监管局", jurisdiction=plan.jurisdiction),
    defaults={"expires_at": timezone.now() + timedelta(days=12), "granted_by": office,
              "reason": "统计快报推迟发布"},
)


def target(indicator, share):
    base = indicator.target_value or Decimal(10)
    return (base * Decimal(share)).quantize(Decimal("1"))


def report(user, indicator, share, state):
    entry = entry_save(
        entry=ProgressEntry(indicator=indicator, year=2023, value=target(indicator, share),
                            explanation="据统计快报", data_source="市统计局"),
        user=user,
    )
    if state != "draft":
        entry = entry_submit(entry=entry, user=user)
    if state == "approved":
        entry_approve(entry=entry, user=office)
    if state == "returned":
        entry_return(entry=entry, user=office, reason="与统计局口径不一致，请核实后重报")


def mine(user):
    return [i for i in Indicator.objects.for_user(user).filter(plan=plan).order_by("order")
            if not i.is_qualitative and i.target_value is not None]


plans_for = {
    kjj: [(1.2, "approved"), (1.0, "approved"), (0.8, "approved"), (1.1, "returned"), (1.0, "submitted"),
          (0.9, "draft")],
    gxj: [(1.3, "approved"), (1.0, "approved"), (0.6, "approved"), (0.95, "approved"), (1.0, "submitted"),
          (1.05, "submitted")],
}
for user, figures in plans_for.items():
    for indicator, (share, state) in zip(mine(user), figures):
        if not ProgressEntry.objects.filter(indicator=indicator, year=2023).exists():
            report(user, indicator, share, state)
# The reminders the daily job sends the day before the deadline, for the log pages.
from reports.services import deadline_reminders_send

deadline_reminders_send(today=timezone.localdate() + timedelta(days=4))
print("demo figures in place")
"""

# Approved figures of 2023 for the plan indicators the demo catalogue links (families pages).
FAMILY_FIGURES = r"""
from decimal import Decimal
import random

from families.models import IndicatorLink
from indicators.models import ProgressEntry
from indicators.services import evaluations_refresh

rng = random.Random(2026)
linked = IndicatorLink.objects.select_related("indicator__plan").filter(
    indicator__plan__start_year__lte=2023, indicator__plan__end_year__gte=2023
)
for link in linked:
    indicator = link.indicator
    base = indicator.baseline_value or Decimal(5)
    value = (base * Decimal(1 + rng.randint(-3, 6) / 100)).quantize(Decimal("0.01"))
    ProgressEntry.objects.get_or_create(
        indicator=indicator, year=2023, quarter=None, defaults={"value": value, "state": "approved"}
    )
evaluations_refresh(indicator_ids=[link.indicator_id for link in linked])
print("family figures in place")
"""


WIDTHS = (1440, 390)
# (login, path or a selector clicked on the start page, file name)
PAGES = [
    ("kjj", "/admin/", "start-page"),
    ("kjj", 'tr.worklist-row[data-state="returned"] a.entry-button', "entry-page-returned"),
    ("fgw", "#start-panel a.review-link", "review-list"),
    ("fgw", "/admin/indicators/indicator/dashboard/", "dashboard"),
    ("fgw", "/admin/indicators/indicator/", "indicator-list"),
    ("fgw", "/admin/plans/plan/", "plan-list"),
    # the demo catalogue's first entry (地区生产总值增速) in a fresh database
    ("admin", "/admin/families/commonindicator/1/comparison/?year=2023", "comparison"),
    ("fgw", "/admin/families/commonindicator/family/?year=2023", "plan-family"),
    ("fgw", "/admin/families/commonindicator/suggestions/", "link-suggestions"),
    ("fgw", "/api/docs/", "api-docs"),
    ("fgw", "/admin/reports/reminderlog/", "reminders-sent"),
    ("fgw", "/admin/reports/reportrun/add/", "report-request"),
    ("kjj", "/admin/reports/reportrun/add/", "report-request-reporter"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def main(output: Path) -> None:
    from playwright.sync_api import sync_playwright

    from importer.demo import DEMO_PASSWORD

    output.mkdir(parents=True, exist_ok=True)
    only = set(filter(None, os.environ.get("SCREENSHOT_PAGES", "").split(",")))  # e.g. "dashboard,comparison"
    with tempfile.TemporaryDirectory(prefix="plan-tracker-shots-") as scratch:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "DJANGO_DEBUG": "true",
            "DJANGO_MEDIA_ROOT": f"{scratch}/media",
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_plans")
        manage(env, "create_demo_accounts")
        manage(env, "shell", "-c", DEMO_FIGURES)
        manage(env, "create_demo_families")
        manage(env, "shell", "-c", FAMILY_FIGURES)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/admin/login/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for width in WIDTHS:
                    for username, path, name in PAGES:
                        if only and name not in only:
                            continue
                        context = browser.new_context(
                            locale="zh-CN", viewport={"width": width, "height": 900}
                        )
                        page = context.new_page()
                        page.goto(f"{base}/admin/login/")
                        page.fill("#id_username", username)
                        page.fill("#id_password", DEMO_PASSWORD)
                        with page.expect_navigation():
                            page.click('input[type="submit"]')
                        page.goto(base + path if path.startswith("/") else base + "/admin/")
                        page.wait_for_load_state("networkidle")  # the API docs fetch their schema
                        if not path.startswith("/"):  # a link on the start page, followed
                            with page.expect_navigation():
                                page.click(path)
                        page.screenshot(path=str(output / f"{name}-{width}.png"), full_page=True)
                        print(output / f"{name}-{width}.png")
                        context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
