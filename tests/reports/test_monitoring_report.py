"""The annual monitoring report, checked cell by cell against the stored evaluations."""

from __future__ import annotations

from collections import Counter

import pytest

from indicators.domain.evaluation import Status
from indicators.domain.forecasting import Outlook
from indicators.models import IndicatorEvaluation, ProgressEntry
from reports import frames
from reports.models import RunState
from reports.services import report_build_now
from tests.reports.conftest import TAISHAN_FIGURES
from tests.reports.helpers import (
    ABOUT,
    ATTENTION,
    BY_CATEGORY,
    CHARTS,
    INDICATORS,
    SUMMARY,
    header,
    records,
    workbook,
)

pytestmark = pytest.mark.django_db

YEAR = 2023


@pytest.fixture
def report(taishan):
    run = report_build_now(kind="monitoring", year=YEAR, plan=taishan.plan)
    assert run.state == RunState.DONE, run.error
    return run


def stored(taishan) -> dict[str, IndicatorEvaluation]:
    rows = IndicatorEvaluation.objects.filter(indicator__plan=taishan.plan, year=YEAR).select_related(
        "indicator"
    )
    return {row.indicator.name: row for row in rows}


def test_every_indicator_row_matches_its_stored_evaluation(taishan, report):
    evaluations = stored(taishan)
    rows = records(workbook(report).worksheets[INDICATORS])
    assert len(rows) == 16
    approved = {
        (entry.indicator.name, entry.year): float(entry.value)
        for entry in ProgressEntry.objects.filter(
            indicator__plan=taishan.plan, state="approved"
        ).select_related("indicator")
    }
    for row in rows:
        name = row[header("Indicator")]
        evaluation = evaluations[name]
        indicator = evaluation.indicator
        assert row[header("Progress assessment")] == Status(evaluation.status).label, name
        averaged = evaluation.rule in frames.AVERAGE_OR_TOTAL_RULES
        for column, value in [
            ("Expected value", evaluation.expected),
            ("Completion", evaluation.completion),
            ("Time progress", evaluation.time_progress),
            *([("Actual yearly growth or cumulative", evaluation.assessed)] if averaged else []),
        ]:
            cell = row[header(column)]
            if value is None:
                assert cell is None, (name, column)
            else:
                assert cell == pytest.approx(float(value)), (name, column)
        assert row[header("How the status was decided")] == evaluation.explanation
        assert row[header("Target value")] == (indicator.target_text or None)
        assert row[header("Yearly growth / cumulative")] == (indicator.annual_text or None)
        # the forecast of the target year and whether it will be met, from the stored evaluation
        forecast = row[header("Forecast end-of-period value")]
        if evaluation.forecast_value is None:
            assert forecast is None, name
        else:
            assert forecast == pytest.approx(float(evaluation.forecast_value)), name
        outlook = Outlook(evaluation.forecast_outlook)
        assert row[header("Can the target be met")] == (outlook.label if outlook != Outlook.UNKNOWN else None)
        if not averaged and not indicator.annual_text:
            assert row[header("Actual yearly growth or cumulative")] is None, name
        assert row[header("Baseline value")] == (indicator.baseline_text or None)
        assert row[header("Unit of measure")] == (indicator.unit_of_measure or None)
        assert row[header("Attribute")] == {"binding": "约束性", "expected": "预期性"}[indicator.attribute]
        assert row[header("Category")] == indicator.category
        assert row[header("Responsible unit")] == "区政府"
        for year in (2021, 2022, 2023):
            assert row[header("%(year)s figure", year=year)] == approved.get((name, year)), (name, year)


def test_the_categories_come_in_plan_order(taishan, report):
    categories = [row[header("Category")] for row in records(workbook(report).worksheets[INDICATORS])]
    assert list(dict.fromkeys(categories)) == ["经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"]


def test_the_summary_counts_each_status(taishan, report):
    counts = Counter(Status(e.status).label for e in stored(taishan).values())
    rows = records(workbook(report).worksheets[SUMMARY])
    assert [row[header("Status")] for row in rows] == [
        "提前实现",
        "快于预期",
        "基本符合预期",
        "滞后",
        "未达标",
        "待评定",
        "无数据",
    ]
    assert {row[header("Status")]: row[header("Indicators")] for row in rows} == {
        label: counts.get(label, 0) for label in [s.label for s in Status]
    }
    assert sum(row[header("Indicators")] for row in rows) == 16
    by_category = records(workbook(report).worksheets[BY_CATEGORY])
    assert sum(row[header("Total")] for row in by_category) == 16


def test_binding_not_met_come_first_then_lagging_with_the_units_explanation(taishan, report):
    evaluations = stored(taishan)
    assert evaluations["森林覆盖率"].status == Status.NOT_MET  # binding, fell below 39.44
    assert evaluations["常住人口城镇化率"].status == Status.LAGGING
    rows = records(workbook(report).worksheets[ATTENTION])
    flagged = {name for name, e in evaluations.items() if e.status in {Status.NOT_MET, Status.LAGGING}}
    assert {row[header("Indicator")] for row in rows} == flagged
    first = rows[0]
    assert first[header("Indicator")] == "森林覆盖率"
    assert first[header("Attribute")] == "约束性"
    assert first[header("Status")] == "未达标"
    assert first[header("Responsible unit")] == "区政府"
    assert first[header("Unit's explanation")] == "受森林火灾影响，覆盖率下降。"
    statuses = [row[header("Status")] for row in rows]
    assert statuses == sorted(statuses, key=["未达标", "滞后"].index)


def test_the_sheets_are_formatted_for_reading(taishan, report):
    book = workbook(report)
    sheet = book.worksheets[INDICATORS]
    assert sheet.freeze_panes == "D2"  # the header row and the indicator's name stay in view
    heads = {cell.value: cell for cell in sheet[1]}
    assert heads[header("Progress assessment")].font.bold
    completion = heads[header("Completion")].column_letter
    expected = heads[header("Expected value")].column_letter
    assert sheet[f"{completion}2"].number_format == "0.0%"
    assert sheet[f"{expected}2"].number_format == "0.00"
    assert sheet.column_dimensions[heads[header("Indicator")].column_letter].width >= 20
    status = heads[header("Progress assessment")].column_letter
    rules = [
        rule for item in sheet.conditional_formatting for rule in item.rules if status in str(item.sqref)
    ]
    assert {rule.formula[0] for rule in rules} >= {'"滞后"', '"未达标"', '"提前实现"'}


def test_charts_are_embedded(taishan, report):
    book = workbook(report)
    # the status overview, then one per indicator with figures, on a sheet of their own
    assert len(book.worksheets[CHARTS]._images) == 1 + len(TAISHAN_FIGURES)
    assert not book.worksheets[SUMMARY]._images
    about = [row[0] for row in book.worksheets[ABOUT].iter_rows(values_only=True)]
    assert "泰山区" in str(about[0])


def test_a_plan_without_figures_says_so(seeded):
    from plans.models import Plan

    plan = Plan.objects.get(key="zhangdian-14th-fyp")
    run = report_build_now(kind="monitoring", year=2022, plan=plan)
    assert run.state == RunState.DONE, run.error
    book = workbook(run)
    about = "\n".join(
        str(cell) for row in book.worksheets[ABOUT].iter_rows(values_only=True) for cell in row if cell
    )
    assert (
        header(
            "No figures up to %(year)s have been approved: every indicator is reported as having no data.",
            year=2022,
        )
        in about
    )
    statuses = {row[header("Progress assessment")] for row in records(book.worksheets[INDICATORS])}
    assert statuses <= {"无数据", "待评定"}


def test_a_task_list_without_main_indicators_says_so(seeded):
    from plans.models import Plan

    plan = Plan.objects.get(key="taian-2023-green-lowcarbon-tasks")
    run = report_build_now(kind="monitoring", year=2023, plan=plan)
    assert run.state == RunState.DONE, run.error
    sheet = workbook(run).worksheets[INDICATORS]
    assert sheet["A2"].value == header(
        "The plan has no main indicators; the quantitative targets of its tasks are in the "
        "task progress bulletin."
    )
