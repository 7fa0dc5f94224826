"""The mid-term evaluation: the middle year, the period averages, and a narrative skeleton in Word."""

from __future__ import annotations

import io

import pytest
from docx import Document

from indicators.domain.evaluation import Status
from indicators.models import IndicatorEvaluation
from reports.models import RunState
from reports.services import report_build_now
from tests.reports.helpers import INDICATORS, header, records, workbook

pytestmark = pytest.mark.django_db


def document(run):
    with run.file.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def counts_of(plan, year):
    statuses = list(
        IndicatorEvaluation.objects.filter(indicator__plan=plan, year=year).values_list("status", flat=True)
    )

    def count(*wanted):
        return sum(1 for status in statuses if status in wanted)

    return {
        "total": len(statuses),
        "good": count(Status.ACHIEVED_EARLY, Status.AHEAD, Status.ON_TRACK),
        "achieved_early": count(Status.ACHIEVED_EARLY),
        "ahead": count(Status.AHEAD),
        "on_track": count(Status.ON_TRACK),
        "lagging": count(Status.LAGGING),
        "not_met": count(Status.NOT_MET),
        "undetermined": count(Status.PENDING, Status.NO_DATA),
    }


def test_the_narrative_has_the_headline_counts_filled_in(taishan):
    run = report_build_now(kind="midterm", year=None, plan=taishan.plan, fmt="docx")
    assert run.state == RunState.DONE, run.error
    assert run.year == 2023  # the middle year of 2021–2025
    counts = counts_of(taishan.plan, 2023)
    assert counts["total"] == 16 and counts["good"] >= 3 and counts["not_met"] == 1
    texts = [paragraph.text for paragraph in document(run).paragraphs]
    headline = header(
        "Of the %(total)s main indicators, %(good)s are on track or ahead of expectations "
        "(%(achieved_early)s achieved early, %(ahead)s ahead, %(on_track)s on track), "
        "%(lagging)s are lagging and %(not_met)s are not met; %(undetermined)s cannot be assessed yet.",
        **counts,
    )
    assert headline in texts
    assert f"{counts['total']}项主要指标中，{counts['good']}项基本符合或快于预期" in headline
    # the binding indicators are named, with the veto test: 森林覆盖率 fell below its floor
    assert any(text.startswith("规划共有约束性指标4项：") and "森林覆盖率" in text for text in texts)
    assert (
        header(
            "Veto test of the binding indicators: failed, %(count)s not met (%(names)s).",
            count=1,
            names="森林覆盖率",
        )
        in texts
    )
    # per category, the counts per class with the indicators named
    forest_category = taishan.indicators["r15"].category
    assert any(
        text.startswith(f"{forest_category}类共") and "未达标1项（森林覆盖率）" in text for text in texts
    )
    # the problems section names the indicator not met and the lagging one, with the unit's explanation
    problems = [text for text in texts if text.startswith(("1. ", "2. "))]
    assert [p.split("（")[0] for p in problems] == ["1. 森林覆盖率", "2. 常住人口城镇化率"]
    assert "受森林火灾影响" in problems[0] and "区政府" in problems[0]
    # the office's parts are marked for editing
    assert header("[To be completed by the office: measures for the remaining period.]") in texts


def test_rates_are_judged_on_their_average_over_the_elapsed_years(taishan):
    # 地区生产总值增速: 8.0, 3.0, 5.5 against 5.5 a year; 2022 alone would lag, the average does not
    run = report_build_now(kind="midterm", year=2023, plan=taishan.plan)
    row = next(
        r
        for r in records(workbook(run).worksheets[INDICATORS])
        if r[header("Indicator")] == "地区生产总值增速"
    )
    average = ((1.08 * 1.03 * 1.055) ** (1 / 3) - 1) * 100
    assert row[header("Actual yearly growth or cumulative")] == pytest.approx(average, abs=1e-4)
    assert row[header("Yearly growth / cumulative")] not in ("", "-", None)  # the 5.5 a year
    assert row[header("Progress assessment")] == "基本符合预期"
    stored = IndicatorEvaluation.objects.get(indicator__plan=taishan.plan, indicator__key="r1", year=2022)
    assert stored.status != Status.ON_TRACK or stored.actual is not None


def test_the_docx_has_the_indicator_tables_and_charts(taishan):
    run = report_build_now(kind="monitoring", year=2023, plan=taishan.plan, fmt="docx")
    doc = document(run)
    names = {cell.text for table in doc.tables for row in table.rows[1:] for cell in row.cells}
    assert {"地区生产总值增速", "森林覆盖率", "亿元GDP生产安全事故死亡率"} <= names
    assert len(doc.inline_shapes) == 1 + 6  # the overview and one chart per indicator with figures
