"""A figure's whole round trip, as people do it in the admin, in a real browser.

alice (市科技局) logs in, sees only her unit's items, enters a figure and submits it; the planning
office returns it with a reason; alice sees the reason, corrects the figure and submits again; the
office approves it, and the plan's dashboard moves the indicator out of "no data".
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import ProgressEntry
from progress.models import EntryDeadline, EntryState

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = 2025
REASON = "与统计局口径不一致，请核实后重报"


def row(page, name: str):
    return page.locator(f'tr.worklist-row[data-name="{name}"]')


def chart_count(page, status: str) -> int:
    return int(page.locator(f'svg.status-chart g.bar[data-status="{status}"]').get_attribute("data-count"))


def run_action(page, action: str) -> None:
    page.select_option('select[name="action"]', action)
    with page.expect_navigation():
        page.click('button[name="index"]')


def test_enter_submit_return_fix_resubmit_approve(live_server, world, login):
    EntryDeadline.objects.create(plan=world.plan, year=YEAR, deadline=timezone.now() + timedelta(days=10))
    indicator = world.science_indicator

    # The reporter's start page is the admin index: her unit's items for the open year, nothing else.
    alice = login("alice")
    names = set(alice.locator("tr.worklist-row").evaluate_all("rows => rows.map(r => r.dataset.name)"))
    assert names == {"研发经费投入强度", "高端学术交流活动", "泰山创新谷"}
    assert "规模以上工业增加值增速" not in alice.content()
    assert row(alice, indicator.name).get_attribute("data-state") == "missing"

    # Enter the figure inline under the indicator, the new row already on the open year.
    with alice.expect_navigation():
        row(alice, indicator.name).locator("a.entry-link").click()
    assert alice.input_value('input[name="entries-0-year"]') == str(YEAR)
    assert "20" in alice.locator(".field-target_text").inner_text()  # the target, read-only, above
    for column in ("target_for_year", "previous_figure", "evaluation"):  # and beside the new row
        assert alice.locator(f"#entries-0 td.field-{column}").count() == 1
    alice.fill('input[name="entries-0-value"]', "12.5")
    with alice.expect_navigation():
        alice.click('input[name="_continue"]')
    assert alice.locator(".errornote").count() == 0, alice.locator(".errornote").inner_text()
    entry = ProgressEntry.objects.get(indicator=indicator, year=YEAR)
    assert (entry.state, entry.created_by) == (EntryState.DRAFT, world.alice)

    # Submit it from the start page.
    alice.goto(f"{live_server.url}/admin/indicators/progressentry/worklist/")
    row(alice, indicator.name).locator('input[type="checkbox"]').check()
    with alice.expect_navigation():
        alice.click("#submit-selected")
    assert row(alice, indicator.name).get_attribute("data-state") == "submitted"

    # The office returns it with a reason, asked for on an intermediate page.
    office = login("office")
    office.goto(f"{live_server.url}/admin/indicators/progressentry/?state__exact=submitted")
    office.locator(f'input.action-select[value="{entry.pk}"]').check()
    run_action(office, "return_selected")
    assert office.locator("#entries-to-return").inner_text().startswith(indicator.name)
    office.fill('textarea[name="reason"]', REASON)
    with office.expect_navigation():
        office.click("#confirm-return")
    assert office.locator("ul.messagelist .success").count() == 1
    entry.refresh_from_db()
    assert (entry.state, entry.return_reason) == (EntryState.RETURNED, REASON)

    # The reporter sees the reason, corrects the figure and submits again.
    alice.goto(f"{live_server.url}/admin/")
    assert row(alice, indicator.name).get_attribute("data-state") == "returned"
    assert REASON in row(alice, indicator.name).inner_text()
    with alice.expect_navigation():
        row(alice, indicator.name).locator("a.entry-link").click()
    alice.fill('input[name="entries-0-value"]', "13.2")
    with alice.expect_navigation():
        alice.click('input[name="_continue"]')
    assert alice.locator(".errornote").count() == 0, alice.locator(".errornote").inner_text()
    alice.goto(f"{live_server.url}/admin/indicators/progressentry/worklist/")
    row(alice, indicator.name).locator('input[type="checkbox"]').check()
    with alice.expect_navigation():
        alice.click("#submit-selected")
    assert row(alice, indicator.name).get_attribute("data-state") == "submitted"

    # The office approves; the dashboard's status of the year changes.
    dashboard = f"{live_server.url}/admin/indicators/indicator/dashboard/?plan={world.plan.pk}&year={YEAR}"
    office.goto(dashboard)
    no_data_before = chart_count(office, "no_data")
    office.goto(f"{live_server.url}/admin/indicators/progressentry/?state__exact=submitted")
    office.locator(f'input.action-select[value="{entry.pk}"]').check()
    run_action(office, "approve_selected")
    assert office.locator("ul.messagelist .success").count() == 1
    entry.refresh_from_db()
    assert (entry.state, entry.value) == (EntryState.APPROVED, Decimal("13.2"))
    office.goto(dashboard)
    assert chart_count(office, "no_data") == no_data_before - 1
    status = indicator.evaluations.get(year=YEAR).status
    assert status != "no_data" and chart_count(office, status) >= 1

    # And the reporter's list shows it approved.
    alice.goto(f"{live_server.url}/admin/")
    assert row(alice, indicator.name).get_attribute("data-state") == "approved"
