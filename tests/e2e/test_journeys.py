"""The clerk's and the office's journeys in a real browser, on a laptop (1440 px) and a phone (390 px).

Each journey counts the clicks from the start page, and every page on the way must fit the window
(no horizontal scrolling) and show no English (`check_page`). Screenshots are kept, see conftest.
"""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from indicators.models import ProgressEntry
from progress.models import EntryDeadline, EntryState
from tests.admin_entry.conftest import figure

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.parametrize("width", [1440, 390])]

YEAR = 2025
REASON = "与统计局口径不一致，请核实后重报"
SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"


@pytest.fixture
def open_year(world):
    return EntryDeadline.objects.create(
        plan=world.plan, year=YEAR, deadline=timezone.now() + timedelta(days=10)
    )


def row(page, name: str):
    return page.locator(f'tr.worklist-row[data-name="{name}"]')


def click(page, selector: str, clicks: list[str]) -> None:
    """A click that loads a page, counted."""
    with page.expect_navigation():
        page.click(selector)
    clicks.append(selector)


def run_action(page, action: str, clicks: list[str]) -> None:
    page.select_option('select[name="action"]', action)
    click(page, 'button[name="index"]', clicks)


def chart_count(page, status: str) -> int:
    return int(page.locator(f'svg.status-chart g.bar[data-status="{status}"]').get_attribute("data-count"))


def test_a_reporter_enters_and_submits_a_figure_in_two_clicks(
    live_server, world, open_year, login, check_page, width
):
    indicator = world.science_indicator
    alice = login("alice", width=width)
    check_page(alice, "reporter-start")
    clicks: list[str] = []
    click(alice, f'tr.worklist-row[data-name="{indicator.name}"] a.entry-button', clicks)
    check_page(alice, "reporter-entry")
    alice.fill('input[name="value"]', "2.35")
    alice.fill('textarea[name="explanation"]', "据统计快报")
    click(alice, "#save-and-submit", clicks)
    assert len(clicks) == 2
    assert alice.url == f"{live_server.url}/admin/"  # back on the start page
    message = alice.locator("ul.messagelist .success").inner_text()
    assert f"已提交 {YEAR} 年 研发经费投入强度 的数据" in message and "下一项：" in message
    assert row(alice, indicator.name).get_attribute("data-state") == "submitted"
    check_page(alice, "reporter-submitted")
    entry = ProgressEntry.objects.get(indicator=indicator, year=YEAR)
    assert (entry.state, entry.value) == (EntryState.SUBMITTED, Decimal("2.35"))
    # The next open item is one click away.
    click(alice, "ul.messagelist a.next-item", clicks)
    assert "高端学术交流活动" in alice.locator("h1").inner_text()


def test_the_office_returns_the_reporter_fixes_the_office_approves(
    live_server, world, open_year, login, check_page, width
):
    indicator = world.science_indicator
    entry = figure(world, indicator, "12.5", state="submitted")

    # The office: start page → figures awaiting approval → tick → return with a reason.
    office = login("office", width=width)
    check_page(office, "office-start")
    clicks: list[str] = []
    click(office, "#start-panel a.review-link", clicks)
    check_page(office, "office-review-list")
    office.locator(f'input.action-select[value="{entry.pk}"]').check()
    run_action(office, "return_selected", clicks)
    assert office.locator("#entries-to-return").inner_text().startswith(indicator.name)
    office.fill('textarea[name="reason"]', REASON)
    click(office, "#confirm-return", clicks)
    assert office.locator("ul.messagelist .success").count() == 1
    entry.refresh_from_db()
    assert (entry.state, entry.return_reason) == (EntryState.RETURNED, REASON)

    # The reporter sees the reason on the start page, opens the figure, corrects and resubmits.
    alice = login("alice", width=width)
    assert REASON in row(alice, indicator.name).inner_text()
    clicks = []
    click(alice, f'tr.worklist-row[data-name="{indicator.name}"] a.entry-button', clicks)
    assert REASON in alice.locator("#return-reason").inner_text()
    assert alice.locator("#entry-history tbody tr").count() == 3  # entered, submitted, returned
    check_page(alice, "reporter-returned-entry")
    alice.fill('input[name="value"]', "13.2")
    click(alice, "#save-and-submit", clicks)
    assert len(clicks) == 2
    assert row(alice, indicator.name).get_attribute("data-state") == "submitted"

    # The office approves after a confirmation page; the dashboard moves it out of "no data".
    dashboard = f"{live_server.url}/admin/indicators/indicator/dashboard/?plan={world.plan.pk}&year={YEAR}"
    office.goto(dashboard)
    no_data_before = chart_count(office, "no_data")
    office.goto(f"{live_server.url}/admin/")
    clicks = []
    click(office, "#start-panel a.review-link", clicks)
    office.locator(f'input.action-select[value="{entry.pk}"]').check()
    run_action(office, "approve_selected", clicks)
    assert indicator.name in office.locator("#entries-to-approve").inner_text()
    check_page(office, "office-approve-confirmation")
    click(office, "#confirm-approve", clicks)
    assert len(clicks) == 3
    assert office.locator("ul.messagelist .success").count() == 1
    entry.refresh_from_db()
    assert (entry.state, entry.value) == (EntryState.APPROVED, Decimal("13.2"))
    office.goto(dashboard)
    assert chart_count(office, "no_data") == no_data_before - 1
    check_page(office, "office-dashboard")


def test_the_template_round_trip(live_server, world, open_year, login, check_page, width, tmp_path):
    alice = login("alice", width=width)
    with alice.expect_download() as download:
        alice.click("#start-panel a.template-link")
    path = tmp_path / "template.xlsx"
    download.value.save_as(path)
    workbook = load_workbook(path)
    sheet = workbook.active
    for number in range(4, sheet.max_row + 1):
        if sheet.cell(row=number, column=1).value == world.science_indicator.pk:
            sheet[f"J{number}"] = "22家"  # a unit in the number cell: refused
        elif sheet.cell(row=number, column=1).value == world.task_target.pk:
            sheet[f"J{number}"] = 12
    buffer = io.BytesIO()
    workbook.save(buffer)
    clicks: list[str] = []
    click(alice, "#start-panel a.upload-link", clicks)
    check_page(alice, "reporter-upload")
    alice.set_input_files(
        'input[name="file"]',
        files=[{"name": "填报.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}],
    )
    click(alice, "#check-upload", clicks)
    assert "研发经费投入强度" in alice.locator("#refusals").inner_text()
    assert "22家" in alice.locator("#refusals").inner_text()
    check_page(alice, "reporter-upload-preview")
    click(alice, "#confirm-rest", clicks)  # 保存其余 1 行
    assert ProgressEntry.objects.get().indicator == world.task_target
    assert "已保存 1 行" in alice.locator("ul.messagelist").inner_text()
    with alice.expect_download() as refused:
        alice.click("ul.messagelist a#download-refused")
    path = tmp_path / "refused.xlsx"
    refused.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(min_row=4, values_only=True))
    assert [row[0] for row in rows] == [world.science_indicator.pk]


def test_the_office_previews_a_plan_document(live_server, world, login, check_page, width):
    admin = login("admin", width=width)
    clicks: list[str] = []
    click(admin, "#open-import", clicks)
    check_page(admin, "import-upload")
    source = min(SOURCES.glob("*.txt"), key=lambda path: path.stat().st_size)
    document = {"name": "规划文件.txt", "mimeType": "text/plain", "buffer": source.read_bytes()}
    admin.set_input_files('input[name="document"]', files=[document])
    click(admin, 'input[type="submit"]', clicks)
    assert len(clicks) == 2
    assert admin.locator("#content-main").inner_text().strip()
    check_page(admin, "import-preview")
