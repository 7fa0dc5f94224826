"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Nothing is installed at run time: without /usr/bin/chromium (or the playwright package) these
tests are skipped with the reason. `.ci/run` installs Chromium, so CI runs them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: install Debian's chromium package (.ci/run does) to run it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    # Playwright's sync API runs an event loop in this thread; the test's own database calls (and
    # the live server's) are still synchronous, so Django's async-safety check is lifted meanwhile.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_api.sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Latin words a Chinese page may show: file formats and encodings people know by these names, and
# the logins of the test world (the admin greets a user by login name).
ENGLISH_ALLOWED = {
    *("xlsx", "csv", "docx", "word", "pdf", "txt", "utf", "gbk"),
    *("alice", "bob", "office", "admin"),  # the test logins
}
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "")


@pytest.fixture
def check_page(tmp_path: Path) -> Callable[..., None]:
    """Assert that the page fits its window and speaks Chinese; keep a screenshot of it.

    Screenshots go to $E2E_SCREENSHOTS when set (e.g. docs/screenshots), else to the test's
    temporary directory.
    """
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    def check(page: Any, name: str) -> None:
        width = page.evaluate("window.innerWidth")
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} at {width} px is {scroll} px wide"
        words = set(re.findall(r"[A-Za-z]{2,}", page.evaluate("document.body.innerText")))
        english = {word for word in words if word.lower() not in ENGLISH_ALLOWED}
        assert not english, f"{name} at {width} px shows English: {sorted(english)}"

    return check


@pytest.fixture
def login(browser: Any, live_server: Any, settings: Any) -> Iterator[Callable[..., Any]]:
    """Log a user in through the admin's login form, each in a browser context of their own."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False  # plain http on localhost
    contexts = []

    def log_in(username: str, password: str = PASSWORD, width: int = 1440) -> Any:
        context = browser.new_context(
            locale="zh-CN", viewport={"width": width, "height": 900}, accept_downloads=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click('input[type="submit"]')
        assert "/admin/login/" not in page.url, f"{username} could not log in"
        return page

    yield log_in
    for context in contexts:
        context.close()
