"""The indicator reports (annual monitoring, mid-term evaluation): collect and compose.

Data comes from the `values()` selectors, one fetch per table for all the plans (a fixed number of
queries however many plans and indicators), through the pure DataFrame functions in
reports/frames.py. Evaluations are the stored IndicatorEvaluation rows; an indicator without one for
the year (a store not refreshed yet) is evaluated in one batch, never one query per indicator.

Charts: the status overview is always drawn. Per-indicator charts (figures against the expected
path and the target) are drawn for single-plan reports only, for at most CHART_CAP indicators: a
province-wide report would otherwise spend minutes drawing 6,000 charts nobody reads in one file.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.summary import MAIN_ORIGINS, year_evaluations
from plans.models import Plan
from reports import charts, frames, selectors
from reports.builders.common import Snapshot, chinese_date, local_text, pct, scope_title
from reports.builders.narrative import annex, midterm_blocks, monitoring_blocks
from reports.content import Column, Image, Report, Sheet

CHART_CAP = 60


@dataclass
class IndicatorData:
    table: pd.DataFrame
    years: list[int]
    paths: dict[int, dict[int, float]]
    computed: int  # indicators evaluated on the fly (no stored evaluation for the year)


def indicator_data(
    plan_ids: Sequence[int], year: int, *, with_paths: bool, unit_id: int | None = None
) -> IndicatorData:
    """The monitoring table of the plans (with a unit, of the indicators it answers for): one
    `values()` fetch per table, whatever the number of plans and indicators (five queries, a sixth
    for the expected paths; two without indicators)."""
    plans = frames.frame(selectors.plan_rows(plan_ids), selectors.PLAN_COLUMNS)
    start = int(plans["start_year"].min()) if not plans.empty else year
    years = list(range(start, year + 1))
    indicators = float_frame(
        selectors.main_indicator_rows(plan_ids, unit_id),
        selectors.INDICATOR_COLUMNS,
        selectors.INDICATOR_DECIMALS,
    )
    present = not indicators.empty
    evaluated, computed = evaluations_of_year(
        plan_ids, indicators["id"], year, origins=MAIN_ORIGINS, unit_id=unit_id
    )
    every_year = selectors.evaluation_rows(plan_ids, None, unit_id=unit_id) if present and with_paths else []
    table = frames.monitoring_table(
        plans=plans,
        indicators=indicators,
        evaluations=evaluated,
        figures=float_frame(
            selectors.approved_figure_rows(plan_ids, year, unit_id=unit_id) if present else [],
            selectors.FIGURE_COLUMNS,
            selectors.FIGURE_DECIMALS,
        ),
        units=frames.frame(
            selectors.indicator_unit_rows(plan_ids, unit_id) if present else [],
            ["indicator_id", *selectors.UNIT_COLUMNS],
        ),
        year=year,
        years=years,
    )
    paths = frames.expected_paths(
        float_frame(every_year, selectors.EVALUATION_COLUMNS, selectors.EVALUATION_DECIMALS)
    )
    return IndicatorData(table=table, years=years, paths=paths, computed=computed)


def float_frame(
    rows: Iterable[Sequence[Any]], columns: Sequence[str], decimals: Sequence[str]
) -> pd.DataFrame:
    """A frame of rows read `with_floats`, the decimals rounded to the places the fields keep: SQLite
    stores a decimal as a double that may be a unit in the last place off the one Decimal gives, and
    the report shows the Decimal's."""
    table = frames.frame(rows, columns)
    return table.astype(dict.fromkeys(decimals, "float64")).round(
        dict.fromkeys(decimals, selectors.DECIMAL_PLACES)
    )


def evaluations_of_year(
    plan_ids: Sequence[int],
    indicator_ids: pd.Series,
    year: int,
    *,
    origins: Collection[str],
    unit_id: int | None = None,
) -> tuple[pd.DataFrame, int]:
    """The stored evaluations of the year of the plans' indicators of these origins (one query, by
    plan: a list of indicator ids would outgrow SQLite's parameter limit at province scale), the
    missing ones computed in one batch, and how many were computed."""
    if indicator_ids.empty:
        return frames.frame([], selectors.EVALUATION_COLUMNS), 0
    stored = float_frame(
        selectors.evaluation_rows(plan_ids, [year], origins=origins, unit_id=unit_id),
        selectors.EVALUATION_COLUMNS,
        selectors.EVALUATION_DECIMALS,
    )
    missing = indicator_ids[~indicator_ids.isin(stored["indicator_id"])]
    if missing.empty:
        return stored, 0
    computed, count = year_evaluations(sorted(set(missing.tolist())), year)
    return pd.concat([stored, frames.frame(computed, selectors.EVALUATION_COLUMNS)], ignore_index=True), count


def collect_indicators(
    *,
    kind: str,
    plans: Sequence[Plan],
    year: int,
    jurisdiction_name: str | None,
    with_paths: bool,
    unit_id: int | None = None,
) -> Snapshot:
    data = indicator_data([plan.pk for plan in plans], year, with_paths=with_paths, unit_id=unit_id)
    return Snapshot(
        kind=kind,
        year=year,
        scope=scope_title(plans, jurisdiction_name),
        generated_at=timezone.now(),
        plans=[plan_facts(plan) for plan in plans],
        tables={"indicators": data.table},
        facts={
            "years": data.years,
            "computed": data.computed,
            "paths": {str(pk): {str(y): v for y, v in path.items()} for pk, path in data.paths.items()},
            "jurisdiction": bool(jurisdiction_name),
        },
    )


def plan_facts(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "title": plan.title,
        "short_title": plan.short_title,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "base_year": plan.base_year,
    }


def indicator_columns(years: Sequence[int], *, multi_plan: bool) -> list[Column]:
    """The 主要指标完成情况表 as the offices publish it."""
    return [
        *([Column("plan", _("Plan"))] if multi_plan else []),
        Column("serial", _("No."), "integer"),
        Column("category", _("Category")),
        Column("name", _("Indicator")),
        Column("unit_of_measure", _("Unit of measure")),
        Column("attribute", _("Attribute")),
        Column("baseline", _("Baseline value")),
        Column("target", _("Target value")),
        Column("annual", _("Yearly growth / cumulative")),
        *[Column(frames.year_column(y), _("%(year)s figure") % {"year": y}, "number") for y in years],
        Column("actual_growth", _("Actual yearly growth or cumulative"), "number"),
        Column("completion", _("Completion"), "percent"),
        Column("time_progress", _("Time progress"), "percent"),
        Column("assessment", _("Progress assessment")),
        Column("forecast", _("Forecast end-of-period value"), "number"),
        Column("can_complete", _("Can the target be met")),
        Column("lead_units", _("Lead unit")),
        Column("unit_explanation", _("Notes"), "long_text"),
    ]


def detail_columns(years: Sequence[int], *, multi_plan: bool) -> list[Column]:
    """The Excel sheet: the published table, then how each status was decided."""
    return [
        *indicator_columns(years, multi_plan=multi_plan),
        Column("expected", _("Expected value"), "number"),
        Column("units", _("Responsible unit")),
        Column("explanation", _("How the status was decided"), "long_text"),
    ]


def attention_columns(*, multi_plan: bool) -> list[Column]:
    return [
        *([Column("plan", _("Plan"))] if multi_plan else []),
        Column("category", _("Category")),
        Column("name", _("Indicator")),
        Column("attribute", _("Attribute")),
        Column("status_label", _("Status")),
        Column("units", _("Responsible unit")),
        Column("unit_explanation", _("Unit's explanation"), "long_text"),
        Column("explanation", _("How the status was decided"), "long_text"),
    ]


def indicator_charts(snapshot: Snapshot, table: pd.DataFrame, labels: dict[str, str]) -> list[Image]:
    years = [int(y) for y in snapshot.facts["years"]]
    paths = snapshot.facts["paths"]
    year_columns = [frames.year_column(y) for y in years]
    drawable = table[table[year_columns].notna().any(axis=1)] if year_columns else table
    series = []
    for row in drawable.head(CHART_CAP).to_dict("records"):
        target = row["target_value"]
        series.append(
            charts.IndicatorSeries(
                title=str(row["name"]),
                unit=str(row["unit_of_measure"] or ""),
                figures={
                    y: float(row[column])
                    for y, column in zip(years, year_columns, strict=True)
                    if not pd.isna(row[column])
                },
                expected={int(y): v for y, v in paths.get(str(int(row["indicator_id"])), {}).items()},
                target=None if pd.isna(target) else float(target),
                target_year=None if pd.isna(row["target_year"]) else int(row["target_year"]),
                caption=f"{row['category']} · {row['name']}（{row['assessment']}）",
            )
        )
    return [
        Image(png, caption=item.caption)
        for item, png in zip(series, charts.indicator_charts(series, labels), strict=True)
    ]


def overview_chart(table: pd.DataFrame, title: str) -> Image:
    crosstab = frames.category_status_table(table)
    categories = list(crosstab["category"]) if not crosstab.empty else []
    counts = {
        status.value: [int(v) for v in crosstab[status.label]] if not crosstab.empty else []
        for status in frames.STATUS_SEQUENCE
    }
    labels = {status.value: status.label for status in frames.STATUS_SEQUENCE}
    return Image(
        charts.status_overview_chart(categories=categories, counts=counts, labels=labels, title=title),
        caption=title,
    )


def report_facts(snapshot: Snapshot, total: int) -> list[tuple[str, str]]:
    year = snapshot.year
    facts = [(_("Year"), str(year))]
    if snapshot.single:
        plan = snapshot.plans[0]
        span = plan["end_year"] - plan["base_year"]
        time_share = (year - plan["base_year"]) / span if span > 0 else 1
        facts += [
            (_("Plan period"), f"{plan['start_year']}—{plan['end_year']}"),
            (_("Time progress"), pct(min(max(time_share, 0), 1))),
        ]
    else:
        facts += [(_("Jurisdiction"), snapshot.scope), (_("Plans"), str(len(snapshot.plans)))]
    return [
        *facts,
        (_("Main indicators"), str(total)),
        (_("Generated at"), local_text(snapshot.generated_at)),
    ]


def report_notes(snapshot: Snapshot, table: pd.DataFrame, *, draw_each: bool) -> list[str]:
    year = snapshot.year
    years = [int(y) for y in snapshot.facts["years"]]
    notes = []
    if table.empty:
        notes.append(
            _(
                "The plan has no main indicators; the quantitative targets of its tasks are in the "
                "task progress bulletin."
            )
        )
    elif not table[[frames.year_column(y) for y in years]].notna().any().any():
        notes.append(
            _("No figures up to %(year)s have been approved: every indicator is reported as having no data.")
            % {"year": year}
        )
    notes.append(
        _(
            "Statuses are the evaluations of %(year)s. Growth rates are judged on their average over the "
            "elapsed years (the column “actual yearly growth”), cumulative targets on the running total "
            "against the share of time elapsed; a target met in its target year is reported as completed."
        )
        % {"year": year}
    )
    if snapshot.facts.get("computed"):
        notes.append(
            _("%(count)s evaluations were not stored yet and were computed for this report.")
            % {"count": snapshot.facts["computed"]}
        )
    if not draw_each:
        notes.append(
            _(
                "Charts per indicator are drawn for single-plan reports only (at most %(cap)s); the status "
                "overview is always drawn."
            )
            % {"cap": CHART_CAP}
        )
    return notes


def compose_indicators(snapshot: Snapshot, *, charts_wanted: bool = True) -> Report:
    table = snapshot.tables["indicators"]
    years = [int(y) for y in snapshot.facts["years"]]
    midterm = snapshot.kind == "midterm"
    single = snapshot.single
    draw_each = charts_wanted and single
    counts = frames.headline_counts(table)
    values = {"scope": snapshot.scope, "year": snapshot.year}
    title = (
        _("%(scope)s: mid-term evaluation of the plan (%(year)s)")
        if midterm
        else _("%(scope)s: indicator monitoring report %(year)s")
    ) % values
    notes = report_notes(snapshot, table, draw_each=draw_each)
    overview = overview_chart(table, _("Indicators by category and status"))
    labels = {"figures": _("Approved figures"), "expected": _("Expected path"), "target": _("Target")}
    each = indicator_charts(snapshot, table, labels) if draw_each and not table.empty else []
    main_table = Sheet(
        title=_("Main indicators and their completion"),
        frame=table,
        columns=indicator_columns(years, multi_plan=not single),
        status_column="assessment",
    )
    sheets = [
        Sheet(
            title=_("Summary"),
            frame=frames.status_counts(table),
            columns=[
                Column("status_label", _("Status")),
                Column("count", _("Indicators"), "integer"),
                Column("share", _("Share"), "percent"),
            ],
            status_column="status_label",
        ),
        Sheet(
            title=_("By category"),
            frame=frames.category_status_table(table),
            columns=[
                Column("category", _("Category")),
                *[Column(status.label, status.label, "integer") for status in frames.STATUS_SEQUENCE],
                Column("total", _("Total"), "integer"),
            ],
        ),
        Sheet(
            title=_("Attention"),
            frame=frames.attention_table(table),
            columns=attention_columns(multi_plan=not single),
            status_column="status_label",
            empty_message=_("No indicator is lagging or not met."),
        ),
        Sheet(
            title=_("Indicators"),
            frame=table,
            columns=detail_columns(years, multi_plan=not single),
            status_column="assessment",
            freeze_columns=4 if not single else 3,
            empty_message=notes[0] if table.empty else "",
        ),
    ]
    body = (midterm_blocks if midterm else monitoring_blocks)(
        table, counts, overview=overview, year=snapshot.year
    )
    return Report(
        title=title,
        facts=report_facts(snapshot, counts["total"]),
        notes=notes,
        sheets=sheets,
        blocks=[*body, *annex(main_table, each)],
        annex_from=len(body),
        charts=[overview, *each],
        summary={"counts": counts, "rows": len(table), "charts": len(each) + 1},
        about_title=_("About"),
        charts_title=_("Charts"),
        issued_on=chinese_date(snapshot.generated_at),
    )
