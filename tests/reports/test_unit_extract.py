"""A unit's own extract of a report: only the items the unit answers for, for every report kind; who
may request it, and what a request for a unit that has no extract answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from indicators.models import ProgressEntry, TaskResponsibility
from indicators.services import evaluations_refresh
from plans.models import ResponsibilityRole, Unit
from progress.models import EntryState
from reports import builders, writers
from reports.admin import ReportRequestForm
from reports.models import ReportRun
from reports.services import report_build_now
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"


def figures(world) -> None:
    for indicator, value in ((world.science_indicator, "14"), (world.industry_indicator, "3")):
        ProgressEntry.objects.create(
            indicator=indicator, year=2022, value=Decimal(value), state=EntryState.APPROVED
        )
    evaluations_refresh(plan_ids=[world.plan.pk])


def test_a_monitoring_extract_holds_the_units_indicators_and_counts_them_only(world):
    figures(world)
    with translation.override("zh-hans"):
        whole = builders.build("monitoring", plans=[world.plan], year=2022)
        extract = builders.build("monitoring", plans=[world.plan], year=2022, unit=world.science)
    assert whole.summary["counts"]["total"] == 2
    table = extract.sheets[-1].frame
    assert list(table["name"]) == ["研发经费投入强度"]
    assert extract.summary["counts"]["total"] == 1 and extract.summary["rows"] == 1
    assert sum(extract.sheets[0].frame["count"]) == 1  # the summary sheet counts the subset
    assert extract.title == f"{whole.title}（市科技局）"
    assert ("责任单位", "市科技局") in extract.facts
    assert extract.notes[0].startswith("本报告为市科技局摘报")


def test_a_task_extract_holds_the_units_tasks_and_rows_only(world):
    TaskResponsibility.objects.create(task=world.task, unit=world.industry, role=ResponsibilityRole.LEAD)
    other_task = world.plan.tasks.create(number=2, title="推进制造业升级", text="")
    TaskResponsibility.objects.create(task=other_task, unit=world.industry, role=ResponsibilityRole.LEAD)
    with translation.override("zh-hans"):
        whole = builders.collect("tasks", plans=[world.plan], year=2022)
        extract = builders.collect("tasks", plans=[world.plan], year=2022, unit=world.science)
        report = builders.compose(extract)
    assert set(whole.tables["tasks"]["unit"]) == {"市科技局", "市工业和信息化局"}
    tasks = extract.tables["tasks"]
    assert set(tasks["unit"]) == {"市科技局"} and set(tasks["task_number"]) == {1}
    assert set(extract.tables["supervision_by_unit"]["tasks"]) == {1}  # the one task, led by 市工业和信息化局
    assert report.summary["units"] == 1 and report.summary["rows"] == 1
    assert report.title.endswith("（市科技局）")


def test_a_project_extract_holds_the_units_projects_only(world):
    with translation.override("zh-hans"):
        report = builders.build("projects", plans=[world.plan], year=2022, unit=world.science)
    assert list(report.sheets[1].frame["name"]) == ["泰山创新谷"]
    assert report.summary["rows"] == 1 and sum(report.summary["stages"].values()) == 1


def test_an_extract_edition_rebuilds_as_the_extract(world):
    run = report_build_now(kind="midterm", year=2023, plan=world.plan, unit=world.science, fmt="docx")
    assert run.state == "done", run.error
    assert run.unit_id == world.science.pk and run.summary["unit"] == "市科技局"
    assert "（市科技局）" in run.summary["title"]
    rebuilt = builders.compose(builders.Snapshot.from_json(run.snapshot))
    assert rebuilt.title == run.summary["title"]


@pytest.mark.parametrize("extra", [0, 30])
def test_an_extract_costs_the_queries_of_a_whole_report(world, extra, django_assert_num_queries):
    for n in range(extra):
        indicator = make_indicator(world.plan, f"extra{n}", f"新增指标{n}")
        indicator.responsibilities.create(unit=world.science, role=ResponsibilityRole.LEAD)
    figures(world)
    # plans; indicators; stored evaluations of the year; approved figures; responsible units
    with django_assert_num_queries(5):
        data = builders.indicator_data([world.plan.pk], 2022, with_paths=False, unit_id=world.science.pk)
    assert len(data.table) == 1 + extra
    for kind in ("tasks", "projects"):
        counts = []
        for unit in (None, world.science):
            with translation.override("zh-hans"), CaptureQueriesContext(connection) as queries:
                writers.render(builders.build(kind, plans=[world.plan], year=2022, unit=unit), "xlsx")
            counts.append(len(queries))
        assert counts[0] == counts[1], kind


def request(user, **data):
    client = APIClient()
    client.force_authenticate(user)
    scope = {} if "jurisdiction" in data else {"plan": "taian-plan"}
    return client.post(URL, {"kind": "monitoring", "year": 2022, **scope, **data}, format="json")


def test_a_reporter_requests_their_own_units_extract_only(world):
    assert request(world.alice, unit=world.science.pk).status_code == 202
    assert request(world.alice, unit=world.industry.pk).status_code == 403
    assert request(world.alice).status_code == 403  # a whole plan's report is not theirs
    run = ReportRun.objects.get()
    assert run.unit_id == world.science.pk and run.dedupe_key.endswith(f":u{world.science.pk}")


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        ("other_office", "济南市发展改革委不是泰安市及其下级的单位。"),
        ("office_unit", "市发展改革委在该规划中没有负责的事项，无法生成摘报。"),
    ],
)
def test_a_unit_without_an_extract_of_the_plan_is_refused_on_the_field(world, unit, message):
    target = Unit.objects.get(name="济南市发展改革委") if unit == "other_office" else world.office_unit
    with translation.override("zh-hans"):
        response = request(world.office, unit=target.pk)
    assert response.status_code == 400, response.content
    assert message in str(response.json()), response.json()


def test_a_jurisdiction_wide_extract_and_an_unknown_unit_are_refused_on_the_field(world):
    with translation.override("zh-hans"):
        wide = request(world.office, jurisdiction=world.city.pk, unit=world.science.pk)
        unknown = request(world.office, unit=999999)
    assert wide.status_code == 400 and unknown.status_code == 400
    assert "单位摘报只能针对单个规划" in str(wide.json()) and "该单位不存在" in str(unknown.json())


def test_the_admin_form_fixes_a_reporters_unit_and_offers_the_office_its_units(world):
    mine = ReportRequestForm(user=world.alice)
    assert list(mine.fields["unit"].queryset) == [world.science] and mine.fields["unit"].disabled
    assert "jurisdiction" not in mine.fields and mine.fields["plan"].required  # an extract is of a plan
    offered = set(ReportRequestForm(user=world.office).fields["unit"].queryset)
    assert world.science in offered and world.industry in offered
    assert Unit.objects.get(name="济南市发展改革委") not in offered
    data = {"kind": "monitoring", "plan": world.plan.pk, "unit": world.office_unit.pk, "format": "xlsx"}
    form = ReportRequestForm(data, user=world.office)
    with translation.override("zh-hans"):
        assert not form.is_valid()
        assert "没有负责的事项" in str(form.errors["unit"])


def test_a_reporter_requests_their_extract_in_the_admin_and_sees_only_theirs(world, client):
    client.force_login(world.alice)
    add = "/admin/reports/reportrun/add/"
    page = client.get(add)
    assert page.status_code == 200
    assert 'name="plan"' in page.content.decode() and 'name="jurisdiction"' not in page.content.decode()
    body = {"kind": "projects", "plan": world.plan.pk, "year": "2022", "format": "xlsx"}
    response = client.post(add, {**body, "unit": world.industry.pk})  # a disabled field: their own unit wins
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ReportRun.objects.get()
    assert run.unit_id == world.science.pk and run.requested_by == world.alice
    page = f"/admin/reports/reportrun/{run.pk}/change/"
    assert client.get(page).status_code == 200
    client.force_login(world.bob)
    assert client.get(page).status_code == 302  # the admin's "not found": out of bob's scope
