"""The report tables as pure DataFrame functions: no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from reports import frames

PLANS = pd.DataFrame(
    [
        {
            "id": 1,
            "key": "p",
            "title": "某区规划",
            "short_title": "",
            "start_year": 2021,
            "end_year": 2025,
            "base_year": 2020,
        }
    ]
)


def indicator(pk: int, name: str, **fields) -> dict:
    row = {
        "id": pk,
        "plan_id": 1,
        "order": pk,
        "parent_id": None,
        "category": "经济发展",
        "number": str(pk),
        "name": name,
        "unit_of_measure": "%",
        "attribute": "expected",
        "baseline_year": 2020,
        "baseline_text": "10",
        "baseline_value": 10,
        "target_year": 2025,
        "target_text": "20",
        "target_value": 20,
        "annual_text": "",
    }
    return row | fields


def evaluation(pk: int, status: str, **fields) -> dict:
    row = {
        "indicator_id": pk,
        "year": 2022,
        "status": status,
        "expected": 14,
        "completion": 0.4,
        "time_progress": 0.4,
        "actual": 14,
        "assessed": 14,
        "target_value": 20,
        "rule": "level_linear",
        "explanation": f"说明{pk}",
    }
    return row | fields


def table(indicators, evaluations, figures=(), units=()):
    return frames.monitoring_table(
        plans=PLANS,
        indicators=frames.frame(indicators, list(indicator(0, "").keys())),
        evaluations=frames.frame(evaluations, list(evaluation(0, "").keys())),
        figures=frames.frame(figures, ["indicator_id", "year", "value", "judgement", "explanation"]),
        units=frames.frame(units, ["indicator_id", "role", "unit_id", "unit__name"]),
        year=2022,
        years=[2021, 2022],
    )


def test_monitoring_rows_carry_figures_evaluation_and_units():
    result = table(
        [indicator(1, "甲"), indicator(2, "乙", parent_id=1, attribute="binding", category="")],
        [evaluation(1, "on_track")],
        figures=[
            {"indicator_id": 1, "year": 2021, "value": 12, "judgement": "", "explanation": ""},
            {"indicator_id": 1, "year": 2022, "value": 14, "judgement": "", "explanation": "按期完成"},
        ],
        units=[
            {"indicator_id": 1, "role": "cooperating", "unit_id": 2, "unit__name": "统计局"},
            {"indicator_id": 1, "role": "lead", "unit_id": 1, "unit__name": "发改局"},
        ],
    )
    first, second = result.to_dict("records")
    assert (first["2021"], first["2022"], first["status_label"]) == (12.0, 14.0, "基本符合预期")
    assert first["units"] == "发改局、统计局"  # the lead first
    assert first["unit_explanation"] == "按期完成"
    assert (second["name"], second["attribute"], second["binding"]) == ("其中：乙", "约束性", True)
    assert (second["status"], second["category"], pd.isna(second["2021"])) == ("no_data", "其他", True)


def test_categories_keep_their_first_appearance_order():
    result = table(
        [
            indicator(1, "甲", category="民生"),
            indicator(2, "乙", category="经济"),
            indicator(3, "丙", category="民生"),
        ],
        [],
    )
    assert list(result["name"]) == ["甲", "丙", "乙"]


def test_attention_lists_binding_not_met_first_then_not_met_then_lagging():
    result = table(
        [
            indicator(1, "滞后约束", attribute="binding"),
            indicator(2, "未达标预期"),
            indicator(3, "滞后预期"),
            indicator(4, "未达标约束", attribute="binding"),
            indicator(5, "正常"),
        ],
        [
            evaluation(1, "lagging"),
            evaluation(2, "not_met"),
            evaluation(3, "lagging"),
            evaluation(4, "not_met"),
            evaluation(5, "ahead"),
        ],
    )
    assert list(frames.attention_table(result)["name"]) == [
        "未达标约束",
        "未达标预期",
        "滞后约束",
        "滞后预期",
    ]
    counts = frames.headline_counts(result)
    assert counts | {} == {
        "total": 5,
        "good": 1,
        "achieved_early": 0,
        "ahead": 1,
        "on_track": 0,
        "lagging": 2,
        "not_met": 2,
        "binding_not_met": 1,
        "pending": 0,
        "no_data": 0,
    }
    summary = frames.status_counts(result)
    assert list(summary["count"]) == [0, 1, 0, 2, 2, 0, 0]
    assert summary["share"].sum() == 1


def test_an_empty_plan_gives_empty_tables_not_errors():
    result = table([], [])
    assert result.empty and "status_label" in result.columns
    assert frames.attention_table(result).empty
    assert frames.headline_counts(result)["total"] == 0
    assert list(frames.status_counts(result)["count"]) == [0] * 7


def test_overdue_means_deadline_passed_and_not_submitted():
    now = datetime(2024, 2, 1, tzinfo=UTC)
    result = frames.task_table(
        plans=PLANS,
        tasks=pd.DataFrame(
            [
                {"id": 10, "plan_id": 1, "number": 1, "title": "任务一"},
                {"id": 11, "plan_id": 1, "number": 2, "title": "任务二"},
            ]
        ),
        task_units=pd.DataFrame([{"task_id": 10, "role": "lead", "unit_id": 1, "unit__name": "科技局"}]),
        targets=pd.DataFrame(
            [
                {
                    "id": 100,
                    "task_id": 10,
                    "name": "甲",
                    "target_text": "10场以上",
                    "unit_of_measure": "场",
                    "target_year": 2023,
                },
                {
                    "id": 101,
                    "task_id": 10,
                    "name": "乙",
                    "target_text": "8个以上",
                    "unit_of_measure": "个",
                    "target_year": 2023,
                },
                {
                    "id": 102,
                    "task_id": 10,
                    "name": "丙",
                    "target_text": "5个",
                    "unit_of_measure": "个",
                    "target_year": 2023,
                },
            ]
        ),
        entries=pd.DataFrame(
            [
                {"indicator_id": 100, "state": "submitted", "value": 12, "judgement": "", "explanation": ""},
                {"indicator_id": 101, "state": "draft", "value": 3, "judgement": "", "explanation": ""},
            ]
        ),
        evaluations=frames.frame([], ["indicator_id", "year", "status"]),
        deadlines=pd.DataFrame([{"plan_id": 1, "deadline": datetime(2024, 1, 31, tzinfo=UTC)}]),
        year=2023,
        now=now,
    )
    rows = {(r["task_number"], r["target"]): r for r in result.to_dict("records")}
    assert rows[(1, "甲")]["overdue"] is False or not rows[(1, "甲")]["overdue"]
    assert rows[(1, "乙")]["overdue"] and rows[(1, "丙")]["overdue"]
    assert rows[(1, "丙")]["entry_state"] == frames.NOT_ENTERED
    assert not rows[(2, "")]["overdue"] and rows[(2, "")]["unit"] == ""  # a task without targets or units
    summary = frames.task_unit_summary(result).set_index("unit").loc["科技局"]
    assert (summary["tasks"], summary["targets"], summary["reported"], summary["overdue"]) == (1, 3, 1, 2)


def test_projects_sum_approved_investment_and_take_the_latest_stage():
    result = frames.project_table(
        plans=PLANS,
        projects=pd.DataFrame(
            [
                {
                    "id": 1,
                    "plan_id": 1,
                    "box__title": "专栏1",
                    "name": "甲",
                    "group": "",
                    "stage": "reserve",
                    "planned_investment": 100,
                    "completed_investment": None,
                },
                {
                    "id": 2,
                    "plan_id": 1,
                    "box__title": None,
                    "name": "乙",
                    "group": "",
                    "stage": "preparatory",
                    "planned_investment": None,
                    "completed_investment": 7,
                },
            ]
        ),
        units=frames.frame([], ["project_id", "role", "unit_id", "unit__name"]),
        progress=pd.DataFrame(
            [
                {"project_id": 1, "year": 2022, "stage": "construction", "investment_in_period": 30},
                {"project_id": 1, "year": 2023, "stage": "completed", "investment_in_period": 20},
            ]
        ),
    )
    first, second = result.to_dict("records")
    assert (first["stage"], first["completed"], first["completion"], first["latest_year"]) == (
        "completed",
        50,
        0.5,
        2023,
    )
    # no approved report: not reported (the recorded stage is kept beside it), never counted as 储备
    assert (second["stage"], second["recorded_stage"]) == (frames.NOT_REPORTED, "preparatory")
    assert (second["completed"], pd.isna(second["completion"])) == (7, True)
    stages = frames.stage_summary(result).set_index("stage")
    assert stages.loc["completed", "projects"] == 1 and stages.loc["reserve", "projects"] == 0
    assert stages.loc[frames.NOT_REPORTED, "projects"] == 1
    # a stage whose projects have no planned investment shows none, not 0.00
    assert pd.isna(stages.loc[frames.NOT_REPORTED, "planned"])
    assert stages.loc[frames.NOT_REPORTED, "without_planned"] == 1


def test_a_shared_task_figure_is_listed_once_with_all_its_units():
    result = frames.task_table(
        plans=PLANS,
        tasks=pd.DataFrame([{"id": 10, "plan_id": 1, "number": 1, "title": "任务一"}]),
        task_units=pd.DataFrame(
            [
                {"task_id": 10, "role": "cooperating", "unit_id": 3, "unit__name": "财政局"},
                {"task_id": 10, "role": "lead", "unit_id": 1, "unit__name": "科技局"},
                {"task_id": 10, "role": "lead", "unit_id": 2, "unit__name": "科协"},
            ]
        ),
        targets=pd.DataFrame(
            [
                {
                    "id": 100,
                    "task_id": 10,
                    "name": "甲",
                    "target_text": "10场",
                    "unit_of_measure": "场",
                    "target_year": 2023,
                }
            ]
        ),
        entries=pd.DataFrame(
            [{"indicator_id": 100, "state": "approved", "value": 12, "judgement": "", "explanation": ""}]
        ),
        evaluations=pd.DataFrame([{"indicator_id": 100, "year": 2023, "status": "on_track"}]),
        deadlines=frames.frame([], ["plan_id", "deadline"]),
        year=2023,
        now=datetime(2024, 2, 1, tzinfo=UTC),
    )
    assert len(result) == 3  # one row per unit, for the summary by unit
    items = frames.task_items(result)
    assert len(items) == 1
    item = items.iloc[0]
    assert item["units"] == "科协（牵头）、科技局（牵头）、财政局（配合）"  # leads first
    # met in the target year of a one-year list: completed, not "on track"
    assert item["assessment"] == frames.COMPLETED_LABEL
    assert set(frames.task_unit_summary(result)["unit"]) == {"财政局", "科技局", "科协"}


def test_a_level_with_a_yearly_growth_figure_shows_its_actual_yearly_growth():
    result = table(
        [
            indicator(
                1,
                "地区生产总值",
                annual_text="6",
                baseline_value=100,
                target_value=None,
                unit_of_measure="亿元",
            )
        ],
        [evaluation(1, "on_track", rule="level_compound")],
        figures=[{"indicator_id": 1, "year": 2022, "value": 121, "judgement": "", "explanation": ""}],
    )
    row = result.iloc[0]
    assert row["annual"] == "6"
    assert row["actual_growth"] == 10.0  # (121 / 100) ** (1 / 2) − 1
    assert row["serial"] == 1
    # a share (%) rises in points a year: 50 → 53 over two years is 1.5 points a year
    share = table(
        [indicator(1, "城镇化率", annual_text="[1.5]", baseline_value=50, target_value=None)],
        [evaluation(1, "on_track", rule="level_linear")],
        figures=[{"indicator_id": 1, "year": 2022, "value": 53, "judgement": "", "explanation": ""}],
    )
    assert share.iloc[0]["actual_growth"] == 1.5


def test_the_unit_summary_has_no_row_without_a_unit():
    rows = pd.DataFrame(
        [
            {"unit": "", "plan": "p", "task_number": 1, "target": "", "entry_state": "", "overdue": False},
            {
                "unit": "科技局",
                "plan": "p",
                "task_number": 2,
                "target": "甲",
                "entry_state": "",
                "overdue": True,
            },
        ]
    )
    assert list(frames.task_unit_summary(rows)["unit"]) == ["科技局"]
