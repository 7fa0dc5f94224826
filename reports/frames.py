"""The reports' tables as pure DataFrame transformations: rows in, report tables out, no database.

Column names here are internal (English); the writers put the (translated) headers on them. Input
frames have the columns of the matching `values()` selector in reports/selectors.py.

Why this module is long: pure DataFrame transformations for every table of every report kind, tested
without a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from indicators.domain.early_warning import Colour
from indicators.domain.evaluation import Status
from indicators.domain.forecasting import Outlook
from indicators.summary import category_of

STATUS_LABELS: dict[str, str] = {status.value: status.label for status in Status}
# The order reports list statuses in: best first, then those that say nothing about performance.
STATUS_SEQUENCE: tuple[Status, ...] = (
    Status.ACHIEVED_EARLY,
    Status.AHEAD,
    Status.ON_TRACK,
    Status.LAGGING,
    Status.NOT_MET,
    Status.PENDING,
    Status.NO_DATA,
)
GOOD = (Status.ACHIEVED_EARLY, Status.AHEAD, Status.ON_TRACK)
ATTENTION = (Status.NOT_MET, Status.LAGGING)
ATTRIBUTE_LABELS = {"expected": "预期性", "binding": "约束性", "": ""}
SUB_INDICATOR_PREFIX = "其中："


def frame(
    rows: Iterable[Mapping[str, Any]] | Iterable[Sequence[Any]], columns: Sequence[str]
) -> pd.DataFrame:
    """A DataFrame with exactly these columns, even when there are no rows (rows: dicts keyed by
    column, or tuples in the order of the columns)."""
    return pd.DataFrame(list(rows), columns=list(columns))


def numeric(series: pd.Series) -> pd.Series:
    return pd.to_numeric(series, errors="coerce").astype("float64")


def text_map(keys: pd.Series, mapping: pd.Series) -> pd.Series:
    """Look keys up in a mapping of texts; missing keys give an empty text."""
    return keys.map(mapping).astype("object").fillna("")


def year_column(year: int) -> str:
    return str(year)


def joined_units(units: pd.DataFrame, key: str) -> pd.Series:
    """Unit names per item, leads first, joined with 、 (vectorised: one pass per position)."""
    if units.empty:
        return pd.Series(dtype="object")
    ranked = units.assign(_rank=(units["role"] != "lead").astype(int))
    ranked = ranked.sort_values([key, "_rank"], kind="stable").drop_duplicates([key, "unit__name"])
    position = ranked.groupby(key, sort=False).cumcount()
    names = ranked["unit__name"].astype("object")
    result = names[position == 0].set_axis(ranked.loc[position == 0, key])
    for n in range(1, int(position.max()) + 1):
        more = names[position == n].set_axis(ranked.loc[position == n, key])
        result = result + ("、" + more).reindex(result.index).fillna("")
    return result


# --- indicator monitoring --------------------------------------------------------------------


def monitoring_table(
    *,
    plans: pd.DataFrame,
    indicators: pd.DataFrame,
    evaluations: pd.DataFrame,
    figures: pd.DataFrame,
    units: pd.DataFrame,
    year: int,
    years: Sequence[int],
) -> pd.DataFrame:
    """One row per main indicator: what the plan says, the figures of `years`, the year's evaluation.

    `evaluations` holds the stored evaluations of `year` only; `figures` the approved yearly
    figures; an indicator without a stored evaluation is reported as 无数据.
    """
    columns = [
        "indicator_id",
        "plan_id",
        "plan",
        "category",
        "number",
        "name",
        "unit_of_measure",
        "attribute",
        "binding",
        "serial",
        "baseline",
        "target",
        "annual",
        "target_value",
        "target_year",
        *[year_column(y) for y in years],
        "actual_growth",
        "assessed",
        "expected",
        "completion",
        "time_progress",
        "status",
        "status_label",
        "assessment",
        "forecast",
        "can_complete",
        "warning",
        "warning_explanation",
        "units",
        "lead_units",
        "unit_explanation",
        "explanation",
        "rule",
    ]
    if indicators.empty:
        return frame([], columns)
    table = indicators.rename(columns={"id": "indicator_id"}).copy()
    titles = plans.set_index("id")
    table["plan"] = table["plan_id"].map(
        titles["short_title"].where(titles["short_title"] != "", titles["title"])
    )
    table["category"] = table["category"].fillna("").map(category_of)
    table["name"] = table["name"].where(table["parent_id"].isna(), SUB_INDICATOR_PREFIX + table["name"])
    table["binding"] = table["attribute"] == "binding"
    table["attribute"] = table["attribute"].fillna("").map(ATTRIBUTE_LABELS).fillna("")
    table["baseline"] = table["baseline_text"].fillna("")
    table["target"] = table["target_text"].fillna("")
    table["annual"] = table["annual_text"].fillna("")
    table["target_value"] = numeric(table["target_value"])

    values = figures[figures["year"].isin(list(years))] if not figures.empty else figures
    if values.empty:
        wide = pd.DataFrame(index=pd.Index([], name="indicator_id"))
    else:
        wide = values.assign(value=numeric(values["value"])).pivot_table(
            index="indicator_id", columns="year", values="value", aggfunc="first"
        )
    for y in years:
        column = (
            table["indicator_id"].map(wide[y])
            if y in wide.columns
            else pd.Series(float("nan"), index=table.index)
        )
        table[year_column(y)] = column.astype("float64")

    current = (
        evaluations[evaluations["year"] == year].set_index("indicator_id") if not evaluations.empty else None
    )
    for name in ("assessed", "expected", "completion", "time_progress"):
        table[name] = (
            numeric(table["indicator_id"].map(current[name])) if current is not None else float("nan")
        )
    for name in ("status", "explanation", "rule"):
        table[name] = table["indicator_id"].map(current[name]) if current is not None else None
    table["status"] = table["status"].fillna(Status.NO_DATA.value)
    table["explanation"] = table["explanation"].fillna("")
    table["rule"] = table["rule"].fillna("")
    table["status_label"] = table["status"].map(STATUS_LABELS)
    table["assessment"] = assessment_labels(table, year)
    table["actual_growth"] = actual_growth(table, years)

    def stored(name: str) -> pd.Series:
        """An optional stored column (forecast, warning) per indicator; missing when not kept."""
        if current is None or name not in current:
            return pd.Series(None, index=table.index, dtype="object")
        return table["indicator_id"].map(current[name])

    table["forecast"] = numeric(stored("forecast_value"))
    table["can_complete"] = stored("forecast_outlook").map(OUTLOOK_LABELS).fillna("")
    table["warning"] = stored("warning").map(WARNING_LABELS).fillna("")
    table["warning_explanation"] = stored("warning_explanation").astype("object").fillna("")
    table["units"] = text_map(table["indicator_id"], joined_units(units, "indicator_id"))
    table["lead_units"] = text_map(table["indicator_id"], joined_units(lead_units(units), "indicator_id"))
    this_year = figures[figures["year"] == year].set_index("indicator_id") if not figures.empty else None
    table["unit_explanation"] = (
        text_map(table["indicator_id"], this_year["explanation"]) if this_year is not None else ""
    )
    # categories in the order they first appear in each plan, indicators in plan order within them
    table = table.sort_values(["plan_id", "order"], kind="stable")
    table["_position"] = range(len(table))
    table["_category_rank"] = table.groupby(["plan_id", "category"], sort=False)["_position"].transform("min")
    table = table.sort_values(["plan_id", "_category_rank", "_position"], kind="stable")
    table["serial"] = table.groupby("plan_id").cumcount() + 1
    return table[columns].reset_index(drop=True)


# Rules whose assessed value is an average rate or a running total (not the year's level).
AVERAGE_OR_TOTAL_RULES = frozenset(
    {
        "rate_average",
        "rate_final",
        "cumulative_share",
        "cumulative_cap",
        "reduction_compound",
        "relative_compare",
        "relative_final",
    }
)
COMPLETED_LABEL = "已完成"
# 能否完成: the forecast's outlook (unknown reads as blank); the 预警 colours worth a word
OUTLOOK_LABELS = {outlook.value: outlook.label for outlook in Outlook if outlook != Outlook.UNKNOWN}
WARNING_LABELS = {colour.value: colour.label for colour in Colour if colour != Colour.GREEN}


def assessment_labels(table: pd.DataFrame, year: int) -> pd.Series:
    """The 进展评价 column: a good status in or after the target year is 已完成, else the class."""
    final = table["target_year"].notna() & (numeric(table["target_year"]) <= year)
    good = table["status"].isin([status.value for status in GOOD])
    return table["status_label"].where(~(final & good), COMPLETED_LABEL)


def actual_growth(table: pd.DataFrame, years: Sequence[int]) -> pd.Series:
    """实际年均增速 or 累计: the average rate or running total judged, or, for a level with a yearly
    growth figure, the compound growth of the latest figure over the baseline (in %; in points a
    year for a level measured in %)."""
    result = table["assessed"].where(table["rule"].isin(AVERAGE_OR_TOTAL_RULES))
    if not years:
        return result
    figures = table[[year_column(y) for y in years]].to_numpy()
    # the column of each row's latest figure (the last column, a gap, for a row without any)
    last = len(years) - 1 - pd.notna(figures)[:, ::-1].argmax(axis=1)
    latest = pd.Series(figures[np.arange(len(figures)), last], index=table.index)
    latest_year = pd.Series(np.asarray(years)[last], index=table.index)
    baseline = numeric(table["baseline_value"])
    span = latest_year - numeric(table["baseline_year"])
    growing = (
        (table["annual"] != "")
        & result.isna()
        & latest.notna()
        & (baseline > 0)
        & (span > 0)
        & ~table["rule"].isin(AVERAGE_OR_TOTAL_RULES)
    )
    years_elapsed = span.where(span > 0)
    compound = ((latest / baseline) ** (1 / years_elapsed) - 1) * 100
    # a level that is itself a percentage (城镇化率 %) grows in points a year, not in %
    points = (latest - baseline) / years_elapsed
    average = compound.where(table["unit_of_measure"] != "%", points)
    return result.where(~growing, average.round(2)).astype("float64")


def lead_units(units: pd.DataFrame) -> pd.DataFrame:
    """The units that answer for an item (牵头, or each unit of a shared task), without co-operators."""
    return units[units["role"].isin(["lead", "shared"])] if not units.empty else units


def status_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Every status (in the published order) with its count and share of all indicators."""
    counts = table["status"].value_counts() if not table.empty else pd.Series(dtype="int64")
    total = int(counts.sum())
    rows = [
        {
            "status": status.value,
            "status_label": status.label,
            "count": int(counts.get(status.value, 0)),
            "share": (int(counts.get(status.value, 0)) / total) if total else float("nan"),
        }
        for status in STATUS_SEQUENCE
    ]
    return frame(rows, ["status", "status_label", "count", "share"])


def category_status_table(table: pd.DataFrame) -> pd.DataFrame:
    """Categories (in report order) × status labels, with a total per category."""
    labels = [status.label for status in STATUS_SEQUENCE]
    if table.empty:
        return frame([], ["category", *labels, "total"])
    order = list(dict.fromkeys(table["category"]))
    crosstab = pd.crosstab(table["category"], table["status_label"]).reindex(
        index=order, columns=labels, fill_value=0
    )
    crosstab["total"] = crosstab.sum(axis=1)
    return crosstab.reset_index().rename(columns={"index": "category"})


def attention_table(table: pd.DataFrame) -> pd.DataFrame:
    """Not met and lagging indicators: binding not met first, then not met, binding lagging, lagging."""
    columns = [
        "plan",
        "category",
        "name",
        "attribute",
        "status_label",
        "units",
        "unit_explanation",
        "explanation",
    ]
    flagged = table[table["status"].isin([s.value for s in ATTENTION])].copy()
    if flagged.empty:
        return frame([], columns)
    flagged["_rank"] = (flagged["status"] != Status.NOT_MET.value).astype(int) * 2 + (
        ~flagged["binding"]
    ).astype(int)
    return flagged.sort_values("_rank", kind="stable")[columns].reset_index(drop=True)


def headline_counts(table: pd.DataFrame) -> dict[str, int]:
    """The numbers the narrative quotes: total, on track or better (with its parts), lagging, …"""
    counts = table["status"].value_counts() if not table.empty else pd.Series(dtype="int64")

    def count(*statuses: Status) -> int:
        return int(sum(int(counts.get(status.value, 0)) for status in statuses))

    return {
        "total": len(table),
        "good": count(*GOOD),
        "achieved_early": count(Status.ACHIEVED_EARLY),
        "ahead": count(Status.AHEAD),
        "on_track": count(Status.ON_TRACK),
        "lagging": count(Status.LAGGING),
        "not_met": count(Status.NOT_MET),
        "binding_not_met": int(
            ((table["status"] == Status.NOT_MET.value) & table["binding"]).sum() if not table.empty else 0
        ),
        "pending": count(Status.PENDING),
        "no_data": count(Status.NO_DATA),
    }


def expected_paths(evaluations: pd.DataFrame) -> dict[int, dict[int, float]]:
    """indicator id → {year: expected value}, from the stored evaluations of every plan year."""
    if evaluations.empty:
        return {}
    rows = evaluations.assign(expected=numeric(evaluations["expected"])).dropna(subset=["expected"])
    return {
        int(indicator_id): dict(zip(group["year"].astype(int), group["expected"], strict=True))
        for indicator_id, group in rows.groupby("indicator_id")
    }


# --- task progress ---------------------------------------------------------------------------

NOT_ENTERED = "not_entered"


def task_table(
    *,
    plans: pd.DataFrame,
    tasks: pd.DataFrame,
    task_units: pd.DataFrame,
    targets: pd.DataFrame,
    entries: pd.DataFrame,
    evaluations: pd.DataFrame,
    deadlines: pd.DataFrame,
    year: int,
    now: datetime,
) -> pd.DataFrame:
    """One row per responsible unit, task and quantitative sub-target (or the task alone).

    A sub-target is *overdue* when the plan's entry deadline for the year has passed and its yearly
    entry is not submitted or approved. `entries` are the yearly entries of the year, any state.
    """
    columns = [
        "unit",
        "role",
        "plan",
        "task_number",
        "task_title",
        "indicator_id",
        "target",
        "target_text",
        "unit_of_measure",
        "entry_state",
        "value",
        "status",
        "status_label",
        "assessment",
        "deadline",
        "overdue",
        "unit_explanation",
    ]
    if tasks.empty:
        return frame([], columns)
    titles = plans.set_index("id")
    base = tasks.rename(columns={"id": "task_id", "number": "task_number", "title": "task_title"})
    base["plan"] = base["plan_id"].map(
        titles["short_title"].where(titles["short_title"] != "", titles["title"])
    )
    if targets.empty:
        targets = frame([], ["id", "task_id", "name", "target_text", "unit_of_measure", "target_year"])
    rows = base.merge(
        targets.rename(columns={"id": "indicator_id", "name": "target"}), on="task_id", how="left"
    )
    rows["target"] = rows["target"].fillna("")
    rows["target_text"] = rows["target_text"].fillna("")
    rows["unit_of_measure"] = rows["unit_of_measure"].fillna("")
    by_indicator = entries.set_index("indicator_id") if not entries.empty else None
    has_target = rows["indicator_id"].notna()
    if by_indicator is not None:
        rows["entry_state"] = rows["indicator_id"].map(by_indicator["state"])
        rows["value"] = numeric(rows["indicator_id"].map(by_indicator["value"]))
        rows["unit_explanation"] = rows["indicator_id"].map(by_indicator["explanation"]).fillna("")
    else:
        rows["entry_state"], rows["value"], rows["unit_explanation"] = None, float("nan"), ""
    rows["entry_state"] = rows["entry_state"].where(~has_target | rows["entry_state"].notna(), NOT_ENTERED)
    rows["entry_state"] = rows["entry_state"].fillna("")
    current = (
        evaluations[evaluations["year"] == year].set_index("indicator_id") if not evaluations.empty else None
    )
    rows["status"] = rows["indicator_id"].map(current["status"]) if current is not None else None
    rows["status"] = rows["status"].where(~has_target, rows["status"].fillna(Status.NO_DATA.value)).fillna("")
    rows["status_label"] = rows["status"].map(STATUS_LABELS).fillna("")
    rows["assessment"] = assessment_labels(rows, year)
    due = deadlines.set_index("plan_id")["deadline"] if not deadlines.empty else pd.Series(dtype="object")
    rows["deadline"] = rows["plan_id"].map(due)
    passed = rows["deadline"].map(lambda moment: moment is not None and not pd.isna(moment) and moment < now)
    rows["overdue"] = has_target & passed & ~rows["entry_state"].isin(["submitted", "approved"])
    if task_units.empty:
        task_units = frame([], ["task_id", "role", "unit_id", "unit__name"])
    rows = rows.merge(
        task_units.rename(columns={"unit__name": "unit"})[["task_id", "unit", "role"]],
        on="task_id",
        how="left",
    )
    rows["unit"] = rows["unit"].fillna("")
    rows["role"] = rows["role"].fillna("")
    rows = rows.sort_values(["unit", "plan_id", "task_number"], kind="stable")
    return rows[columns].reset_index(drop=True)


ROLE_NOTES = {"lead": "（牵头）", "cooperating": "（配合）", "shared": ""}


def task_items(table: pd.DataFrame) -> pd.DataFrame:
    """One row per task and quantitative target, whatever the number of units sharing it: the units
    joined (leads first, co-operators marked), so a shared task's figure appears once."""
    if table.empty:
        return table.assign(units="")
    rows = table.assign(
        _key=table["plan"].astype(str) + "#" + table["task_number"].astype(str) + "#" + table["target"],
        _rank=(table["role"] != "lead").astype(int) + (table["role"] == "cooperating").astype(int),
        _unit=table["unit"] + table["role"].map(ROLE_NOTES).fillna(""),
    )
    ranked = rows[rows["unit"] != ""].sort_values(["_key", "_rank"], kind="stable")
    units = ranked.groupby("_key", sort=False)["_unit"].agg("、".join)
    items = rows.drop_duplicates("_key").copy()
    items["units"] = items["_key"].map(units).fillna("")
    items = items.sort_values(["plan", "task_number"], kind="stable")
    return items.drop(columns=["_key", "_rank", "_unit", "unit", "role"]).reset_index(drop=True)


def task_unit_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per unit: tasks, sub-targets, figures submitted or approved, overdue items (rows without a
    unit are left out: the notes count them)."""
    columns = ["unit", "tasks", "targets", "reported", "overdue"]
    table = table[table["unit"] != ""] if not table.empty else table
    if table.empty:
        return frame([], columns)
    with_target = table["target"] != ""
    summary = table.assign(
        _key=table["plan"].astype(str) + "#" + table["task_number"].astype(str),
        _target=with_target,
        _reported=with_target & table["entry_state"].isin(["submitted", "approved"]),
    ).groupby("unit", sort=True)
    result = pd.DataFrame(
        {
            "tasks": summary["_key"].nunique(),
            "targets": summary["_target"].sum(),
            "reported": summary["_reported"].sum(),
            "overdue": summary["overdue"].sum(),
        }
    ).reset_index()
    return result[columns].astype(
        {"tasks": "int64", "targets": "int64", "reported": "int64", "overdue": "int64"}
    )


# --- key projects ----------------------------------------------------------------------------

NOT_REPORTED = "not_reported"
STAGE_ORDER = ("reserve", "preparatory", "construction", "completed", NOT_REPORTED)


def project_table(
    *, plans: pd.DataFrame, projects: pd.DataFrame, units: pd.DataFrame, progress: pd.DataFrame
) -> pd.DataFrame:
    """One row per key project: its stage as last reported, investment.

    The stage is the latest approved report's; a project no unit has reported on is 未填报
    (NOT_REPORTED), not the stage recorded on the project (储备 by default, never confirmed).
    Completed investment is the sum of the approved yearly figures up to the year where there are
    any, else the figure recorded on the project.
    """
    columns = [
        "plan",
        "box",
        "name",
        "group",
        "stage",
        "recorded_stage",
        "units",
        "planned",
        "completed",
        "completion",
        "latest_year",
    ]
    if projects.empty:
        return frame([], columns)
    titles = plans.set_index("id")
    table = projects.rename(columns={"box__title": "box"}).copy()
    table["plan"] = table["plan_id"].map(
        titles["short_title"].where(titles["short_title"] != "", titles["title"])
    )
    table["box"] = table["box"].fillna("")
    table["planned"] = numeric(table["planned_investment"])
    table["completed"] = numeric(table["completed_investment"])
    table["latest_year"] = float("nan")
    table["recorded_stage"] = table["stage"]
    table["stage"] = NOT_REPORTED
    if not progress.empty:
        reported = progress.assign(investment=numeric(progress["investment_in_period"]))
        latest = reported.sort_values("year").groupby("project_id").last()
        sums = reported.groupby("project_id")["investment"].sum(min_count=1)
        has_progress = table["id"].isin(latest.index)
        table["stage"] = table["stage"].where(~has_progress, table["id"].map(latest["stage"]))
        table["completed"] = table["completed"].where(~has_progress, table["id"].map(sums))
        table["latest_year"] = numeric(table["id"].map(latest["year"]))
    table["completion"] = (table["completed"] / table["planned"]).where(table["planned"] > 0)
    table["units"] = text_map(table["id"], joined_units(units, "project_id"))
    return table[columns].reset_index(drop=True)


def stage_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per stage, in pipeline order: projects, planned and completed investment, completion."""
    rows = []
    for stage in STAGE_ORDER:
        part = table[table["stage"] == stage] if not table.empty else table
        # min_count: a stage whose projects have no investment recorded shows blank, not 0.00
        planned = float(part["planned"].sum(min_count=1)) if not part.empty else float("nan")
        completed = float(part["completed"].sum(min_count=1)) if not part.empty else float("nan")
        rows.append(
            {
                "stage": stage,
                "projects": len(part),
                "planned": planned,
                "completed": completed,
                "completion": completed / planned if planned and not pd.isna(planned) else float("nan"),
                "without_planned": int(part["planned"].isna().sum()) if not part.empty else 0,
            }
        )
    return frame(rows, ["stage", "projects", "planned", "completed", "completion", "without_planned"])
