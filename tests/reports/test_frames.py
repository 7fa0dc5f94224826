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
                {"id": 100, "task_id": 10, "name": "甲", "target_text": "10场以上", "unit_of_measure": "场"},
                {"id": 101, "task_id": 10, "name": "乙", "target_text": "8个以上", "unit_of_measure": "个"},
                {"id": 102, "task_id": 10, "name": "丙", "target_text": "5个", "unit_of_measure": "个"},
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
    assert (second["stage"], second["completed"], pd.isna(second["completion"])) == ("preparatory", 7, True)
    stages = frames.stage_summary(result).set_index("stage")
    assert stages.loc["completed", "projects"] == 1 and stages.loc["reserve", "projects"] == 0
