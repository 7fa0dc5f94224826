"""The task bulletin (督查通报) as DataFrames: pure transformations, no database.

Inputs are the frames `supervision.selectors.bulletin_inputs` reads (one `values()` query each);
the output is what a bulletin prints:

- **by_unit**: per feedback unit (the unit answering for the task, see supervision/rules.py) the
  number of tasks, completed, on schedule, lagging, not started, cannot be completed, without
  approved feedback, overdue milestones (counted for their owner unit) and open 督办事项;
- **lagging**: tasks lagging or that cannot be completed, with the reason and measures given;
- **warnings**: the red/yellow list. Red: lagging or cannot be completed, or a 督办事项 past its
  deadline without answer. Yellow (when not red): not started, or an overdue milestone, or a
  督办事项 still open. Each row says why.

A task's state is that of its latest approved feedback (the period with the latest end).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

COMPLETION_COLUMNS = ["completed", "on_schedule", "lagging", "not_started", "cannot_complete"]
BY_UNIT_COLUMNS = [
    "unit",
    "tasks",
    *COMPLETION_COLUMNS,
    "no_feedback",
    "overdue_milestones",
    "open_issues",
]
LAGGING_COLUMNS = [
    "unit",
    "plan_id",
    "task_number",
    "task_title",
    "completion",
    "period",
    "reason",
    "measures",
    "problems",
]
WARNING_COLUMNS = ["level", "unit", "plan_id", "task_number", "task_title", "why"]
RED, YELLOW = "red", "yellow"


@dataclass(frozen=True)
class Bulletin:
    by_unit: pd.DataFrame
    lagging: pd.DataFrame
    warnings: pd.DataFrame


def latest_feedback(feedback: pd.DataFrame) -> pd.DataFrame:
    """One row per task: its approved feedback of the latest period."""
    if feedback.empty:
        return feedback.assign(period_end=pd.Series(dtype="object"))
    return (
        feedback.sort_values(["task_id", "period_end", "id"])
        .drop_duplicates("task_id", keep="last")
        .reset_index(drop=True)
    )


def build_bulletin(
    *,
    tasks: pd.DataFrame,  # id, plan_id, number, title, unit_id, unit (the feedback unit)
    feedback: pd.DataFrame,  # id, task_id, period_end, period, completion, reason, measures, problems
    overdue_milestones: pd.DataFrame,  # task_id, owner_id, owner
    open_issues: pd.DataFrame,  # task_id, deadline, state (open or answered: not closed yet)
    today: date,
    labels: dict[str, str],
) -> Bulletin:
    latest = latest_feedback(feedback)
    table = tasks.merge(
        latest.drop(columns=["id"], errors="ignore"), how="left", left_on="id", right_on="task_id"
    ).drop(columns=["task_id"], errors="ignore")
    table["completion"] = table["completion"].fillna("")
    milestones_per_task = (
        overdue_milestones.groupby("task_id").size()
        if not overdue_milestones.empty
        else pd.Series(dtype="int64")
    )
    issues = (
        open_issues.assign(past=(open_issues["state"] == "open") & (open_issues["deadline"] < today))
        if not open_issues.empty
        else open_issues
    )
    open_per_task = issues.groupby("task_id").size() if not issues.empty else pd.Series(dtype="int64")
    past_per_task = (
        issues[issues["past"]].groupby("task_id").size() if not issues.empty else pd.Series(dtype="int64")
    )
    table["overdue_milestones"] = table["id"].map(milestones_per_task).fillna(0).astype("int64")
    table["open_issues"] = table["id"].map(open_per_task).fillna(0).astype("int64")
    table["issues_past_deadline"] = table["id"].map(past_per_task).fillna(0).astype("int64")
    return Bulletin(
        by_unit=unit_summary(table, overdue_milestones),
        lagging=lagging_list(table, labels),
        warnings=warning_list(table, labels),
    )


def unit_summary(table: pd.DataFrame, overdue_milestones: pd.DataFrame) -> pd.DataFrame:
    if table.empty:
        return pd.DataFrame(columns=BY_UNIT_COLUMNS)
    counts = pd.crosstab(table["unit"], table["completion"]).reindex(columns=COMPLETION_COLUMNS, fill_value=0)
    summary = pd.DataFrame({"tasks": table.groupby("unit").size()})
    summary = summary.join(counts).fillna(0)
    summary["no_feedback"] = table[table["completion"] == ""].groupby("unit").size()
    owners = (
        overdue_milestones.groupby("owner").size()
        if not overdue_milestones.empty
        else pd.Series(dtype="int64")
    )
    summary = summary.reindex(summary.index.union(owners.index))
    summary["overdue_milestones"] = owners
    summary["open_issues"] = table.groupby("unit")["open_issues"].sum()
    summary = summary.fillna(0).astype("int64").rename_axis("unit").reset_index()
    # the units with most to answer for first
    return summary.sort_values(
        ["lagging", "cannot_complete", "overdue_milestones", "unit"], ascending=[False, False, False, True]
    )[BY_UNIT_COLUMNS].reset_index(drop=True)


def lagging_list(table: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    rows = table[table["completion"].isin(["lagging", "cannot_complete"])]
    if rows.empty:
        return pd.DataFrame(columns=LAGGING_COLUMNS)
    rows = rows.rename(columns={"number": "task_number", "title": "task_title"})
    rows = rows.assign(completion=rows["completion"].map(labels))
    return (
        rows.sort_values(["unit", "plan_id", "task_number"])[LAGGING_COLUMNS]
        .fillna("")
        .reset_index(drop=True)
    )


def warning_list(table: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    if table.empty:
        return pd.DataFrame(columns=WARNING_COLUMNS)
    red_state = table["completion"].isin(["lagging", "cannot_complete"])
    red_issue = table["issues_past_deadline"] > 0
    yellow = (
        (table["completion"] == "not_started")
        | (table["overdue_milestones"] > 0)
        | (table["open_issues"] > 0)
    )
    level = pd.Series("", index=table.index)
    level[yellow] = YELLOW
    level[red_state | red_issue] = RED
    flagged = table.assign(level=level)[level != ""]
    if flagged.empty:
        return pd.DataFrame(columns=WARNING_COLUMNS)
    why = flagged.apply(lambda row: reasons(row, labels), axis=1)
    flagged = flagged.assign(why=why).rename(columns={"number": "task_number", "title": "task_title"})
    flagged = flagged.assign(order=flagged["level"].map({RED: 0, YELLOW: 1}))
    return flagged.sort_values(["order", "unit", "plan_id", "task_number"])[WARNING_COLUMNS].reset_index(
        drop=True
    )


def reasons(row: pd.Series, labels: dict[str, str]) -> str:
    parts = []
    if row["completion"] in {"lagging", "cannot_complete", "not_started"}:
        parts.append(labels[row["completion"]])
    if row["overdue_milestones"]:
        parts.append(labels["overdue_milestones"] % {"count": row["overdue_milestones"]})
    if row["issues_past_deadline"]:
        parts.append(labels["issues_past_deadline"] % {"count": row["issues_past_deadline"]})
    elif row["open_issues"]:
        parts.append(labels["open_issues"] % {"count": row["open_issues"]})
    return "；".join(parts)
