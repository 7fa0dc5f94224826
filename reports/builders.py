"""Build a Report (reports/content.py) for a kind, a set of plans and a year.

Data comes from the `values()` selectors, a chunk of plans at a time (so memory stays bounded by
the chunk plus the report's own rows), through the pure DataFrame functions in reports/frames.py.
Evaluations are the stored IndicatorEvaluation rows; an indicator without one for the year (a store
not refreshed yet) is evaluated in one batch for the whole chunk, never one query per indicator.

Charts: the status overview is always drawn. Per-indicator charts (figures against the expected
path and the target) are drawn for single-plan reports only, for at most CHART_CAP indicators: a
province-wide report would otherwise spend minutes drawing 6,000 charts nobody reads in one file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.summary import year_evaluations
from plans.models import Plan, ResponsibilityRole
from progress.models import EntryState
from projects.models import ProjectStage
from reports import charts, frames, selectors
from reports.content import Column, Heading, Image, Paragraph, Picture, Report, Sheet, Table
from reports.models import ReportKind

PLAN_CHUNK = 25
CHART_CAP = 60
DOCX_TABLE_ROWS = 400


def chunks(items: Sequence[int], size: int = PLAN_CHUNK) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def middle_year(plan: Plan) -> int:
    """The year a mid-term evaluation looks at: 2023 for 2021–2025."""
    return plan.start_year + (plan.end_year - plan.start_year) // 2


def scope_title(plans: Sequence[Plan], jurisdiction_name: str | None) -> str:
    if jurisdiction_name:
        return jurisdiction_name
    plan = plans[0]
    return plan.short_title or plan.title


def local_text(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def pct(share: float | None) -> str:
    return "" if share is None or pd.isna(share) else f"{share * 100:.1f}%"


# --- indicator reports (monitoring, mid-term) ------------------------------------------------


@dataclass
class IndicatorData:
    table: pd.DataFrame
    years: list[int]
    paths: dict[int, dict[int, float]]
    computed: int  # indicators evaluated on the fly (no stored evaluation for the year)


def indicator_data(plan_ids: Sequence[int], year: int, *, with_paths: bool) -> IndicatorData:
    """The monitoring table of the plans, a chunk of plans at a time (five queries a chunk)."""
    plans = frames.frame(selectors.plan_rows(plan_ids), selectors.PLAN_COLUMNS)
    start = int(plans["start_year"].min()) if not plans.empty else year
    years = list(range(start, year + 1))
    computed = 0
    paths: dict[int, dict[int, float]] = {}

    def chunk_table(chunk: list[int]) -> pd.DataFrame:
        nonlocal computed
        indicators = frames.frame(selectors.main_indicator_rows(chunk), selectors.INDICATOR_COLUMNS)
        evaluated, extra = (
            year_evaluations([int(pk) for pk in indicators["id"]], year) if not indicators.empty else ([], 0)
        )
        computed += extra
        if with_paths and not indicators.empty:
            every_year = frames.frame(selectors.evaluation_rows(chunk, None), selectors.EVALUATION_COLUMNS)
            paths.update(frames.expected_paths(every_year))
        return frames.monitoring_table(
            plans=plans,
            indicators=indicators,
            evaluations=frames.frame(evaluated, selectors.EVALUATION_COLUMNS),
            figures=frames.frame(
                selectors.approved_figure_rows(chunk, year) if not indicators.empty else [],
                selectors.FIGURE_COLUMNS,
            ),
            units=frames.frame(
                selectors.indicator_unit_rows(chunk) if not indicators.empty else [],
                ["indicator_id", *selectors.UNIT_COLUMNS],
            ),
            year=year,
            years=years,
        )

    parts = [chunk_table(chunk) for chunk in chunks(plan_ids)] or [chunk_table([])]
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return IndicatorData(table=table, years=years, paths=paths, computed=computed)


def indicator_columns(years: Sequence[int], *, multi_plan: bool, midterm: bool) -> list[Column]:
    return [
        *([Column("plan", _("Plan"))] if multi_plan else []),
        Column("category", _("Category")),
        Column("number", _("No.")),
        Column("name", _("Indicator")),
        Column("unit_of_measure", _("Unit of measure")),
        Column("attribute", _("Attribute")),
        Column("baseline", _("Baseline")),
        Column("target", _("Target (as written)")),
        *[Column(frames.year_column(y), _("%(year)s figure") % {"year": y}, "number") for y in years],
        Column(
            "assessed",
            _("Assessed value (period average or total)") if midterm else _("Assessed value"),
            "number",
        ),
        Column("expected", _("Expected value"), "number"),
        Column("completion", _("Completion"), "percent"),
        Column("time_progress", _("Time progress"), "percent"),
        Column("status_label", _("Status")),
        Column("units", _("Responsible unit")),
        Column("unit_explanation", _("Unit's explanation"), "long_text"),
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


def headline_text(counts: dict[str, int]) -> str:
    return _(
        "Of the %(total)s main indicators, %(good)s are on track or ahead of expectations "
        "(%(achieved_early)s achieved early, %(ahead)s ahead, %(on_track)s on track), "
        "%(lagging)s are lagging and %(not_met)s are not met; %(undetermined)s cannot be assessed yet."
    ) % {**counts, "undetermined": counts["pending"] + counts["no_data"]}


def indicator_charts(data: IndicatorData, plan: Plan, labels: dict[str, str]) -> list[Image]:
    table = data.table
    year_columns = [frames.year_column(y) for y in data.years]
    drawable = table[table[year_columns].notna().any(axis=1)] if year_columns else table
    images = []
    for row in drawable.head(CHART_CAP).itertuples(index=False, name=None):
        values = dict(zip(table.columns, row, strict=True))
        figures_by_year = {
            y: float(values[column])
            for y, column in zip(data.years, year_columns, strict=True)
            if not pd.isna(values[column])
        }
        target = values["target_value"]
        images.append(
            Image(
                charts.indicator_chart(
                    title=str(values["name"]),
                    unit=str(values["unit_of_measure"] or ""),
                    figures=figures_by_year,
                    expected=data.paths.get(int(values["indicator_id"]), {}),
                    target=None if pd.isna(target) else float(target),
                    target_year=None if pd.isna(values["target_year"]) else int(values["target_year"]),
                    labels=labels,
                ),
                caption=f"{values['category']} · {values['name']}（{values['status_label']}）",
            )
        )
    return images


def overview_chart(table: pd.DataFrame, title: str) -> Image:
    crosstab = frames.category_status_table(table)
    categories = list(crosstab["category"]) if not crosstab.empty else []
    counts = {
        status.label: [int(v) for v in crosstab[status.label]] if not crosstab.empty else []
        for status in frames.STATUS_SEQUENCE
    }
    return Image(
        charts.status_overview_chart(categories=categories, counts=counts, title=title), caption=title
    )


def build_indicator_report(
    *,
    plans: Sequence[Plan],
    year: int,
    midterm: bool,
    jurisdiction_name: str | None = None,
    charts_wanted: bool = True,
) -> Report:
    plan_ids = [plan.pk for plan in plans]
    single = len(plans) == 1
    draw_each = charts_wanted and single
    data = indicator_data(plan_ids, year, with_paths=draw_each)
    table = data.table
    counts = frames.headline_counts(table)
    scope = scope_title(plans, jurisdiction_name)
    if midterm:
        title = _("%(scope)s: mid-term evaluation of the plan (%(year)s)") % {"scope": scope, "year": year}
    else:
        title = _("%(scope)s: indicator monitoring report %(year)s") % {"scope": scope, "year": year}

    facts = [(_("Year"), str(year))]
    if single:
        plan = plans[0]
        time_share = (
            (year - plan.base_year) / (plan.end_year - plan.base_year)
            if plan.end_year > plan.base_year
            else 1
        )
        facts += [
            (_("Plan"), plan.title),
            (_("Plan period"), f"{plan.start_year}–{plan.end_year}"),
            (_("Time progress"), pct(min(max(time_share, 0), 1))),
        ]
    else:
        facts += [(_("Jurisdiction"), scope), (_("Plans"), str(len(plans)))]
    facts += [(_("Main indicators"), str(counts["total"])), (_("Generated at"), local_text(timezone.now()))]

    notes = []
    if table.empty:
        notes.append(
            _(
                "The plan has no main indicators; the quantitative targets of its tasks are in the "
                "task progress bulletin."
            )
        )
    elif not table[[frames.year_column(y) for y in data.years]].notna().any().any():
        notes.append(
            _("No figures up to %(year)s have been approved: every indicator is reported as having no data.")
            % {"year": year}
        )
    notes.append(
        _(
            "Statuses are the stored evaluations of %(year)s: growth rates are judged on their average "
            "over the elapsed years, cumulative targets against the share of time elapsed."
        )
        % {"year": year}
    )
    if data.computed:
        notes.append(
            _("%(count)s evaluations were not stored yet and were computed for this report.")
            % {"count": data.computed}
        )
    if not draw_each:
        notes.append(
            _(
                "Charts per indicator are drawn for single-plan reports only (at most %(cap)s); the status "
                "overview is always drawn."
            )
            % {"cap": CHART_CAP}
        )

    summary_sheet = Sheet(
        title=_("Summary"),
        frame=frames.status_counts(table),
        columns=[
            Column("status_label", _("Status")),
            Column("count", _("Indicators"), "integer"),
            Column("share", _("Share"), "percent"),
        ],
        status_column="status_label",
    )
    categories = frames.category_status_table(table)
    category_sheet = Sheet(
        title=_("By category"),
        frame=categories,
        columns=[
            Column("category", _("Category")),
            *[Column(status.label, status.label, "integer") for status in frames.STATUS_SEQUENCE],
            Column("total", _("Total"), "integer"),
        ],
    )
    attention = Sheet(
        title=_("Attention"),
        frame=frames.attention_table(table),
        columns=attention_columns(multi_plan=not single),
        status_column="status_label",
        empty_message=_("No indicator is lagging or not met."),
    )
    indicator_sheet = Sheet(
        title=_("Indicators"),
        frame=table,
        columns=indicator_columns(data.years, multi_plan=not single, midterm=midterm),
        status_column="status_label",
        freeze_columns=4 if not single else 3,
        empty_message=notes[0] if table.empty else "",
    )
    overview = overview_chart(table, _("Indicators by category and status"))
    summary_sheet.images.append(overview)
    labels = {"figures": _("Approved figures"), "expected": _("Expected path"), "target": _("Target")}
    each = indicator_charts(data, plans[0], labels) if draw_each and not table.empty else []

    blocks = (
        midterm_blocks(table, counts, data, overview, each, year=year, multi_plan=not single)
        if midterm
        else monitoring_blocks(table, counts, data, overview, each, multi_plan=not single)
    )
    return Report(
        title=title,
        facts=facts,
        notes=notes,
        sheets=[summary_sheet, category_sheet, attention, indicator_sheet],
        blocks=blocks,
        charts=each,
        summary={"counts": counts, "rows": len(table), "charts": len(each) + 1},
        about_title=_("About"),
        charts_title=_("Charts"),
    )


def short_columns(*, multi_plan: bool) -> list[Column]:
    """The columns an indicator table in the Word document has room for."""
    return [
        *([Column("plan", _("Plan"))] if multi_plan else []),
        Column("name", _("Indicator")),
        Column("unit_of_measure", _("Unit of measure")),
        Column("attribute", _("Attribute")),
        Column("baseline", _("Baseline")),
        Column("target", _("Target (as written)")),
        Column("assessed", _("Assessed value"), "number"),
        Column("expected", _("Expected value"), "number"),
        Column("completion", _("Completion"), "percent"),
        Column("status_label", _("Status")),
        Column("units", _("Responsible unit")),
    ]


def category_tables(table: pd.DataFrame, *, multi_plan: bool) -> list[Heading | Paragraph | Table]:
    blocks: list[Heading | Paragraph | Table] = []
    overflow = _("The full table is in the Excel version of this report.")
    for category, part in table.groupby("category", sort=False):
        counts = frames.headline_counts(part)
        blocks.append(Heading(str(category), 2))
        blocks.append(
            Paragraph(
                _(
                    "%(category)s: %(total)s indicators, %(good)s on track or ahead, %(lagging)s lagging, "
                    "%(not_met)s not met."
                )
                % {"category": category, **counts}
            )
        )
        sheet = Sheet(title=str(category), frame=part, columns=short_columns(multi_plan=multi_plan))
        blocks.append(Table(sheet, max_rows=DOCX_TABLE_ROWS, overflow_note=overflow))
    return blocks


def monitoring_blocks(
    table: pd.DataFrame,
    counts: dict[str, int],
    data: IndicatorData,
    overview: Image,
    each: list[Image],
    *,
    multi_plan: bool,
) -> list[Any]:
    attention = frames.attention_table(table)
    blocks: list[Any] = [Heading(_("Summary"), 1), Paragraph(headline_text(counts)), Picture(overview, 15)]
    blocks.append(Heading(_("Indicators to watch: not met and lagging"), 1))
    blocks.append(
        Table(
            Sheet(
                title="",
                frame=attention,
                columns=attention_columns(multi_plan=multi_plan),
                empty_message=_("No indicator is lagging or not met."),
            ),
            max_rows=DOCX_TABLE_ROWS,
        )
    )
    blocks.append(Heading(_("Indicators by category"), 1))
    blocks += category_tables(table, multi_plan=multi_plan)
    if each:
        blocks.append(Heading(_("Charts"), 1))
        blocks += [Picture(image, 12) for image in each]
    return blocks


def midterm_blocks(
    table: pd.DataFrame,
    counts: dict[str, int],
    data: IndicatorData,
    overview: Image,
    each: list[Image],
    *,
    year: int,
    multi_plan: bool,
) -> list[Any]:
    """The narrative skeleton the office edits: headline counts filled in, the rest marked 【请补充】."""
    binding = int(table["binding"].sum()) if not table.empty else 0
    blocks: list[Any] = [
        Heading(_("I. Overall assessment"), 1),
        Paragraph(headline_text(counts)),
        Paragraph(
            _("Of the %(binding)s binding indicators, %(binding_not_met)s are not met.")
            % {"binding": binding, "binding_not_met": counts["binding_not_met"]}
        ),
        Paragraph(
            _(
                "The assessment uses the figures approved up to %(year)s. Growth rates are judged on "
                "their average over the elapsed years, so one bad year does not make a five-year target "
                "lag by itself."
            )
            % {"year": year}
        ),
        Paragraph(_("[To be completed by the office: overall progress of the plan.]")),
        Picture(overview, 15),
        Heading(_("II. Progress of the main indicators"), 1),
    ]
    for block in category_tables(table, multi_plan=multi_plan):
        blocks.append(block)
        if isinstance(block, Table):
            blocks.append(Paragraph(_("[To be completed by the office: the main achievements.]")))
    blocks.append(Heading(_("III. Main problems"), 1))
    attention = frames.attention_table(table)
    if attention.empty:
        blocks.append(Paragraph(_("No indicator is lagging or not met.")))
    for row in attention.itertuples(index=False):
        text = f"{row.name}（{row.status_label}）：{row.explanation}"
        if row.unit_explanation:
            text += _(" Explanation of the responsible unit: %(text)s") % {"text": row.unit_explanation}
        blocks.append(Paragraph(text, style="List Bullet"))
    blocks.append(Paragraph(_("[To be completed by the office: causes of the problems.]")))
    blocks.append(Heading(_("IV. Measures for the remaining period"), 1))
    blocks.append(Paragraph(_("[To be completed by the office: measures for the remaining period.]")))
    if each:
        blocks.append(Heading(_("Annex: charts"), 1))
        blocks += [Picture(image, 12) for image in each]
    return blocks


# --- tasks -----------------------------------------------------------------------------------


def build_task_report(
    *, plans: Sequence[Plan], year: int, jurisdiction_name: str | None = None, now: datetime | None = None
) -> Report:
    now = now or timezone.now()
    plan_ids = [plan.pk for plan in plans]
    plans_frame = frames.frame(selectors.plan_rows(plan_ids), selectors.PLAN_COLUMNS)

    def chunk_table(chunk: list[int]) -> pd.DataFrame:
        targets = frames.frame(
            selectors.task_target_rows(chunk), ["id", "task_id", "name", "target_text", "unit_of_measure"]
        )
        evaluated, _computed = year_evaluations([int(pk) for pk in targets["id"]], year)
        return frames.task_table(
            plans=plans_frame,
            tasks=frames.frame(selectors.task_rows(chunk), ["id", "plan_id", "number", "title"]),
            task_units=frames.frame(selectors.task_unit_rows(chunk), ["task_id", *selectors.UNIT_COLUMNS]),
            targets=targets,
            entries=frames.frame(
                selectors.task_entry_rows(chunk, year),
                ["indicator_id", "state", "value", "judgement", "explanation"],
            ),
            evaluations=frames.frame(evaluated, selectors.EVALUATION_COLUMNS),
            deadlines=frames.frame(selectors.deadline_rows(chunk, year), ["plan_id", "deadline"]),
            year=year,
            now=now,
        )

    parts = [chunk_table(chunk) for chunk in chunks(plan_ids)] or [chunk_table([])]
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    roles = {role.value: str(role.label) for role in ResponsibilityRole}
    states = {state.value: str(state.label) for state in EntryState} | {frames.NOT_ENTERED: _("Not entered")}
    table["role_label"] = table["role"].map(roles).fillna("")
    table["entry_state_label"] = table["entry_state"].map(states).fillna("")
    table["deadline_text"] = table["deadline"].map(
        lambda moment: local_text(moment) if isinstance(moment, datetime) else ""
    )
    by_unit = frames.task_unit_summary(table)
    overdue = table[table["overdue"]].reset_index(drop=True)
    scope = scope_title(plans, jurisdiction_name)
    single = len(plans) == 1
    columns = [
        Column("unit", _("Responsible unit")),
        Column("role_label", _("Role")),
        *([Column("plan", _("Plan"))] if not single else []),
        Column("task_number", _("Task no."), "integer"),
        Column("task_title", _("Task")),
        Column("target", _("Quantitative target")),
        Column("target_text", _("Target (as written)")),
        Column("entry_state_label", _("Entry state")),
        Column("value", _("%(year)s figure") % {"year": year}, "number"),
        Column("status_label", _("Status")),
        Column("deadline_text", _("Deadline")),
        Column("overdue", _("Overdue"), "flag"),
        Column("unit_explanation", _("Unit's explanation"), "long_text"),
    ]
    unit_columns = [
        Column("unit", _("Responsible unit")),
        Column("tasks", _("Tasks"), "integer"),
        Column("targets", _("Quantitative targets"), "integer"),
        Column("reported", _("Figures submitted or approved"), "integer"),
        Column("overdue", _("Overdue items"), "integer"),
    ]
    no_tasks = _("The plan has no key tasks.")
    notes = [no_tasks] if table.empty else []
    if not table.empty and not overdue.empty:
        notes.append(_("%(count)s items are overdue.") % {"count": len(overdue)})
    sheets = [
        Sheet(_("By unit"), by_unit, unit_columns, empty_message=no_tasks),
        Sheet(
            _("Overdue"),
            overdue,
            columns,
            status_column="status_label",
            freeze_columns=1,
            empty_message=_("Nothing is overdue."),
        ),
        Sheet(
            _("Tasks"), table, columns, status_column="status_label", freeze_columns=1, empty_message=no_tasks
        ),
    ]
    blocks: list[Any] = [
        Heading(_("By unit"), 1),
        Table(sheets[0], max_rows=DOCX_TABLE_ROWS),
        Heading(_("Overdue"), 1),
        Table(
            sheets[1],
            max_rows=DOCX_TABLE_ROWS,
            overflow_note=_("The full table is in the Excel version of this report."),
        ),
        Heading(_("Tasks"), 1),
        Table(
            sheets[2],
            max_rows=DOCX_TABLE_ROWS,
            overflow_note=_("The full table is in the Excel version of this report."),
        ),
    ]
    return Report(
        title=_("%(scope)s: task progress bulletin %(year)s") % {"scope": scope, "year": year},
        facts=[
            (_("Year"), str(year)),
            (_("Tasks"), str(table["task_number"].nunique() if single else len(table))),
            (_("Generated at"), local_text(now)),
        ],
        notes=notes,
        sheets=sheets,
        blocks=blocks,
        summary={"rows": len(table), "overdue": len(overdue), "units": len(by_unit)},
        about_title=_("About"),
        charts_title=_("Charts"),
    )


# --- key projects ----------------------------------------------------------------------------


def build_project_report(*, plans: Sequence[Plan], year: int, jurisdiction_name: str | None = None) -> Report:
    plan_ids = [plan.pk for plan in plans]
    plans_frame = frames.frame(selectors.plan_rows(plan_ids), selectors.PLAN_COLUMNS)
    project_columns = [
        "id",
        "plan_id",
        "box__title",
        "name",
        "group",
        "stage",
        "planned_investment",
        "completed_investment",
    ]

    def chunk_table(chunk: list[int]) -> pd.DataFrame:
        return frames.project_table(
            plans=plans_frame,
            projects=frames.frame(selectors.project_rows(chunk), project_columns),
            units=frames.frame(selectors.project_unit_rows(chunk), ["project_id", *selectors.UNIT_COLUMNS]),
            progress=frames.frame(
                selectors.project_progress_rows(chunk, year),
                ["project_id", "year", "stage", "investment_in_period"],
            ),
        )

    parts = [chunk_table(chunk) for chunk in chunks(plan_ids)] or [chunk_table([])]
    table = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    stages = {stage.value: str(stage.label) for stage in ProjectStage}
    table["stage_label"] = table["stage"].map(stages).fillna("")
    by_stage = frames.stage_summary(table)
    by_stage["stage_label"] = by_stage["stage"].map(stages)
    single = len(plans) == 1
    scope = scope_title(plans, jurisdiction_name)
    money = [
        Column("planned", _("Planned investment (10,000 yuan)"), "number"),
        Column("completed", _("Completed investment (10,000 yuan)"), "number"),
        Column("completion", _("Investment completion"), "percent"),
    ]
    no_projects = _("The plan lists no key projects.")
    sheets = [
        Sheet(
            _("By stage"),
            by_stage,
            [Column("stage_label", _("Stage")), Column("projects", _("Projects"), "integer"), *money],
        ),
        Sheet(
            _("Projects"),
            table,
            [
                *([Column("plan", _("Plan"))] if not single else []),
                Column("box", _("Box (专栏)")),
                Column("name", _("Project")),
                Column("group", _("Group")),
                Column("stage_label", _("Stage")),
                Column("units", _("Responsible unit")),
                *money,
                Column("latest_year", _("Latest approved report"), "integer"),
            ],
            freeze_columns=2,
            empty_message=no_projects,
        ),
    ]
    return Report(
        title=_("%(scope)s: key project progress bulletin %(year)s") % {"scope": scope, "year": year},
        facts=[
            (_("Year"), str(year)),
            (_("Projects"), str(len(table))),
            (_("Generated at"), local_text(timezone.now())),
        ],
        notes=[no_projects] if table.empty else [],
        sheets=sheets,
        blocks=[
            Heading(_("By stage"), 1),
            Table(sheets[0]),
            Heading(_("Projects"), 1),
            Table(
                sheets[1],
                max_rows=DOCX_TABLE_ROWS,
                overflow_note=_("The full table is in the Excel version of this report."),
            ),
        ],
        summary={
            "rows": len(table),
            "stages": {row.stage: int(row.projects) for row in by_stage.itertuples()},
        },
        about_title=_("About"),
        charts_title=_("Charts"),
    )


def build(
    kind: str,
    *,
    plans: Sequence[Plan],
    year: int,
    jurisdiction_name: str | None = None,
    charts_wanted: bool = True,
) -> Report:
    if kind in (ReportKind.MONITORING, ReportKind.MIDTERM):
        return build_indicator_report(
            plans=plans,
            year=year,
            midterm=kind == ReportKind.MIDTERM,
            jurisdiction_name=jurisdiction_name,
            charts_wanted=charts_wanted,
        )
    if kind == ReportKind.TASKS:
        return build_task_report(plans=plans, year=year, jurisdiction_name=jurisdiction_name)
    return build_project_report(plans=plans, year=year, jurisdiction_name=jurisdiction_name)
