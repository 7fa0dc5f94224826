"""The planning office's dashboard for a plan year: statuses, categories, binding misses, late units."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.dashboard import status_chart
from indicators.domain.evaluation import Status
from indicators.models import Indicator
from progress.models import LockException
from tests.admin_entry.conftest import YEAR, figure, page

pytestmark = pytest.mark.django_db

DASHBOARD = "admin:plan_dashboard"


def url(world, plan=None, year: int = YEAR) -> str:
    return f"{reverse(DASHBOARD)}?plan={(plan or world.plan).pk}&year={year}"


def chart(html: str) -> dict[str, int]:
    return {status: int(n) for status, n in re.findall(r'data-status="(\w+)" data-count="(\d+)"', html)}


def test_indicators_are_counted_per_status_with_a_chart(client, world, open_year):
    figure(world, world.science_indicator, "20", state="approved")  # the target, in the target year
    html = page(client, world.office, url(world))
    counts = chart(html)
    assert set(counts) == {status.value for status in Status}
    assert sum(counts.values()) == 3  # two table indicators and a task target
    assert counts["no_data"] == 2 and counts[world.science_indicator.evaluations.get(year=YEAR).status] == 1
    assert "<svg" in html and 'class="status-chart"' in html


def test_statuses_link_to_the_filtered_indicator_list(client, world, open_year):
    html = page(client, world.office, url(world))
    link = re.search(r'<a href="([^"]+)"><text[^>]*>无数据', html).group(1).replace("&amp;", "&")
    listing = page(client, world.office, link)
    assert "研发经费投入强度" in listing and "高端学术交流活动" in listing


def test_categories_fall_back_to_the_task_of_a_sub_target(client, world):
    Indicator.objects.filter(pk=world.science_indicator.pk).update(category="创新驱动")
    html = page(client, world.office, url(world))
    assert "创新驱动" in html and "任务1" in html


def test_binding_indicators_not_met_are_listed(client, world, open_year):
    Indicator.objects.filter(pk=world.industry_indicator.pk).update(attribute="binding")
    figure(world, world.industry_indicator, "12", state="approved", by=world.bob)  # short of 20 in 2025
    assert world.industry_indicator.evaluations.get(year=YEAR).status == Status.NOT_MET.value
    html = page(client, world.office, url(world))
    section = html.split('id="binding-module"')[1].split('id="units-module"')[0]
    assert "规模以上工业增加值增速" in section and "研发经费投入强度" not in section


def test_units_missing_figures_past_the_deadline_are_flagged(client, world, closed_year):
    figure(world, world.industry_indicator, "12", state="submitted", by=world.office)
    LockException.objects.create(
        plan=world.plan, year=YEAR, unit=world.science, expires_at=timezone.now() + timedelta(days=2)
    )
    html = page(client, world.office, url(world))
    units = html.split('id="units-missing"')[1]
    science = re.search(r'data-unit="市科技局".*?</tr>', units, re.S).group(0)
    assert re.findall(r'class="num[^"]*">(\d+)</td>', science) == ["3", "0", "3"]  # indicator, task, project
    assert "alert" in science  # the deadline has passed
    assert "年" in science  # its lock exception's expiry, in Chinese format
    industry = re.search(r'data-unit="市工业和信息化局".*?</tr>', units, re.S).group(0)
    assert re.findall(r'class="num[^"]*">(\d+)</td>', industry)[0] == "1"  # the project; the figure is in


def test_every_number_links_to_its_rows_and_last_year_is_compared(client, world, open_year):
    figure(world, world.science_indicator, "14", year=YEAR - 1, state="approved")
    figure(world, world.science_indicator, "18", state="approved")
    html = page(client, world.office, url(world))
    approved = re.search(r'id="approved-figures"><a href="([^"]+)">(\d+)</a>', html)
    assert approved.group(2) == "1" and "state__exact=approved" in approved.group(1)
    comparison = re.search(r'id="year-on-year".*?</table>', html, re.S).group(0)
    status = world.science_indicator.evaluations.get(year=YEAR).status
    row = re.search(rf'<tr data-status="{status}">.*?</tr>', comparison, re.S).group(0)
    assert f"eval_year={YEAR}" in row and 'id="status-legend"' in html


def test_all_submitted_is_said_only_when_no_indicator_lacks_a_figure_and_a_unit(client, world, open_year):
    from progress.services import entry_save, entry_submit
    from projects.models import ProjectProgress
    from tests.conftest import make_indicator

    for indicator in (world.science_indicator, world.task_target):
        figure(world, indicator, "12", state="submitted")
    figure(world, world.industry_indicator, "3", state="submitted", by=world.bob)
    for project, user in ((world.science_project, world.alice), (world.industry_project, world.bob)):
        progress = ProjectProgress(project=project, year=YEAR, stage="construction")
        entry_submit(entry=entry_save(entry=progress, user=user), user=user)
    assert "所有单位均已提交数据" in page(client, world.office, url(world))
    orphan = make_indicator(world.plan, "r9", "无人负责的指标")
    html = page(client, world.office, url(world))
    assert 'id="unowned"' in html and orphan.name in html
    assert "所有单位均已提交数据" not in html


def test_a_reporter_gets_no_dashboard(client, world):
    client.force_login(world.alice)
    assert client.get(reverse(DASHBOARD)).status_code == 403


def test_viewers_see_the_dashboard(client, world):
    assert "status-chart" in page(client, world.viewer, url(world))


def test_another_jurisdictions_plan_cannot_be_chosen(client, world):
    html = page(client, world.charlie, url(world))
    assert sum(chart(html).values()) == 1  # 济南's one indicator, none of 泰安's
    assert f'value="{world.plan.pk}"' not in html  # not offered
    assert f'<option value="{world.other_plan.pk}" selected' in html  # its own plan instead


def test_a_year_outside_the_plan_falls_back_to_the_reporting_year(client, world):
    html = page(client, world.office, url(world, year=1999))
    assert re.search(r'<option value="\d{4}" selected>(\d{4})</option>', html).group(1) in {
        str(year) for year in world.plan.years
    }


def test_the_chart_is_plain_svg_drawn_from_counts():
    svg = str(status_chart([(Status.ON_TRACK, 3), (Status.NO_DATA, 0)]))
    assert svg.startswith("<svg") and svg.count("<rect") == 2
    assert 'data-status="on_track" data-count="3"' in svg and "基本符合预期" in svg
