"""The offline API docs work under the Content-Security-Policy (no violation, operations shown)."""

from __future__ import annotations

TIMEOUT_MS = 20_000


def test_the_api_docs_render_without_a_policy_violation(browser, live_server, world, tmp_path):
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/api/docs/", timeout=TIMEOUT_MS)
    page.wait_for_selector(".opblock", timeout=TIMEOUT_MS)
    assert page.locator(".opblock").count() > 20
    page.screenshot(path=str(tmp_path / "api-docs.png"))
    violations = [text for text in console if "Content Security Policy" in text]
    assert violations == []
    page.close()


def test_the_admin_works_under_the_policy(login, live_server, world):
    page = login("office")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{live_server.url}/admin/indicators/progressentry/add/", timeout=TIMEOUT_MS)
    page.wait_for_selector("#progressentry_form", timeout=TIMEOUT_MS)
    assert [text for text in console if "Content Security Policy" in text] == []
