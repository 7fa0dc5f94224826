"""The bulletins: task progress (per target, per unit, overdue) and key projects (per stage)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pandas as pd
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.models import Indicator
from plans.models import Plan
from progress.models import EntryState
from projects.models import ProjectStage
from reports import frames, selectors
from reports.builders.common import (
    DOCX_TABLE_ROWS,
    Snapshot,
    chinese_date,
    local_text,
    scope_title,
)
from reports.builders.indicators import evaluations_of_year, plan_facts
from reports.content import Column, Heading, Report, Sheet, Table
from supervision.bulletin import BY_UNIT_COLUMNS, COMPLETION_COLUMNS, LAGGING_COLUMNS, WARNING_COLUMNS
from supervision.selectors import bulletin_headers, task_bulletin

OVERFLOW = gettext_noop("The full table is in the Excel version of this report.")

# --- tasks -----------------------------------------------------------------------------------


def collect_tasks(
    *,
    plans: Sequence[Plan],
    year: int,
    jurisdiction_name: str | None,
    now: datetime | None = None,
    unit_id: int | None = None,
) -> Snapshot:
    now = now or timezone.now()
    plan_ids = [plan.pk for plan in plans]
    plans_frame = frames.frame(selectors.plan_rows(plan_ids), selectors.PLAN_COLUMNS)

    targets = frames.frame(selectors.task_target_rows(plan_ids, unit_id), selectors.TASK_TARGET_COLUMNS)
    evaluated, _computed = evaluations_of_year(
        plan_ids, targets["id"], year, origins=[Indicator.Origin.TASK], unit_id=unit_id
    )
    table = frames.task_table(
        plans=plans_frame,
        tasks=frames.frame(selectors.task_rows(plan_ids, unit_id), ["id", "plan_id", "number", "title"]),
        task_units=frames.frame(
            selectors.task_unit_rows(plan_ids, unit_id), ["task_id", *selectors.UNIT_COLUMNS]
        ),
        targets=targets,
        entries=frames.frame(
            selectors.task_entry_rows(plan_ids, year, unit_id),
            ["indicator_id", "state", "value", "judgement", "explanation"],
        ),
        evaluations=evaluated,
        deadlines=frames.frame(selectors.deadline_rows(plan_ids, year), ["plan_id", "deadline"]),
        year=year,
        now=now,
    )
    table["deadline"] = table["deadline"].map(
        lambda moment: local_text(moment) if isinstance(moment, datetime) else ""
    )
    # The supervision of the tasks in words (督查督办): feedback states, milestones, open issues.
    supervision = task_bulletin(
        plan_ids=plan_ids, today=timezone.localdate(now), only_tasks=selectors.unit_task_ids(unit_id)
    )
    lagging = supervision.lagging.assign(plan=supervision.lagging["plan_id"].map(plan_titles(plans)))
    warnings = supervision.warnings.assign(
        plan=supervision.warnings["plan_id"].map(plan_titles(plans)),
        level=supervision.warnings["level"].map(CARD_LABELS),
    )
    return Snapshot(
        kind="tasks",
        year=year,
        scope=scope_title(plans, jurisdiction_name),
        generated_at=now,
        plans=[plan_facts(plan) for plan in plans],
        tables={
            "tasks": table,
            "supervision_by_unit": supervision.by_unit,
            "supervision_lagging": lagging,
            "supervision_warnings": warnings,
        },
    )


def plan_titles(plans: Sequence[Plan]) -> dict[int, str]:
    return {plan.pk: plan.short_title or plan.title for plan in plans}


CARD_LABELS = {"red": gettext_noop("Red"), "yellow": gettext_noop("Yellow")}


def supervision_sheets(snapshot: Snapshot) -> list[Sheet]:
    """The 督查通报 proper: per unit the tasks done, on schedule, lagging, not started, overdue
    milestones and open 督办事项; the lagging tasks with their reasons; the red/yellow list."""
    headers = bulletin_headers()

    def columns(keys: list[str], integers: tuple[str, ...] = ()) -> list[Column]:
        return [
            Column(key, str(headers.get(key, _("Plan"))), "integer" if key in integers else "text")
            for key in keys
        ]

    counts = ("tasks", *COMPLETION_COLUMNS, "no_feedback", "overdue_milestones", "open_issues")
    tables = snapshot.tables
    by_unit = tables.get("supervision_by_unit", pd.DataFrame(columns=BY_UNIT_COLUMNS))
    lagging = tables.get("supervision_lagging", pd.DataFrame(columns=[*LAGGING_COLUMNS, "plan"]))
    cards = tables.get("supervision_warnings", pd.DataFrame(columns=[*WARNING_COLUMNS, "plan"]))
    if "level" in cards:
        cards = cards.assign(level=cards["level"].map(lambda text: _(text) if text else ""))
    nothing = _("No task feedback has been approved yet.")
    return [
        Sheet(_("Supervision by unit"), by_unit, columns(BY_UNIT_COLUMNS, counts), empty_message=nothing),
        Sheet(
            _("Lagging tasks"),
            lagging,
            columns(
                ["unit", "plan", "task_number", "task_title", "completion", "period", "reason", "measures"]
            ),
            empty_message=_("No task is lagging."),
        ),
        Sheet(
            _("Red and yellow list"),
            cards,
            columns(["level", "unit", "plan", "task_number", "task_title", "why"]),
            empty_message=_("No task is on the red or yellow list."),
        ),
    ]


def task_columns(year: int, *, single: bool) -> list[Column]:
    return [
        *([Column("plan", _("Plan"))] if not single else []),
        Column("task_number", _("Task no."), "integer"),
        Column("task_title", _("Task")),
        Column("target", _("Quantitative target")),
        Column("target_text", _("Target (as written)")),
        Column("value", _("%(year)s figure") % {"year": year}, "figure", unit_key="unit_of_measure"),
        Column("assessment", _("Status")),
        Column("units", _("Responsible unit")),
        Column("entry_state_label", _("Entry state")),
        Column("deadline", _("Deadline")),
        Column("overdue", _("Overdue"), "flag"),
        Column("unit_explanation", _("Unit's explanation"), "long_text"),
    ]


def compose_tasks(snapshot: Snapshot) -> Report:
    long = snapshot.tables["tasks"]
    states = {state.value: str(state.label) for state in EntryState} | {frames.NOT_ENTERED: _("Not entered")}
    items = frames.task_items(long)
    items["entry_state_label"] = items["entry_state"].map(states).fillna("") if not items.empty else ""
    by_unit = frames.task_unit_summary(long)
    overdue = items[items["overdue"].astype(bool)].reset_index(drop=True) if not items.empty else items
    without_unit = int((long["unit"] == "").sum()) if not long.empty else 0
    single = snapshot.single
    columns = task_columns(snapshot.year, single=single)
    unit_columns = [
        Column("unit", _("Responsible unit")),
        Column("tasks", _("Tasks"), "integer"),
        Column("targets", _("Quantitative targets"), "integer"),
        Column("reported", _("Figures submitted or approved"), "integer"),
        Column("overdue", _("Overdue items"), "integer"),
    ]
    no_tasks = _("The plan has no key tasks.")
    notes = [no_tasks] if items.empty else []
    if not overdue.empty:
        notes.append(_("%(count)s items are overdue.") % {"count": len(overdue)})
    if without_unit:
        notes.append(
            _("%(count)s task rows name no responsible unit and are left out of the summary by unit.")
            % {"count": without_unit}
        )
    notes.append(_("A task shared by several units is listed once, with all its units (lead units first)."))
    supervision = supervision_sheets(snapshot)
    sheets = [
        Sheet(_("By unit"), by_unit, unit_columns, empty_message=no_tasks),
        Sheet(
            _("Overdue"),
            overdue,
            columns,
            status_column="assessment",
            freeze_columns=2,
            empty_message=_("Nothing is overdue."),
        ),
        Sheet(
            _("Tasks"), items, columns, status_column="assessment", freeze_columns=2, empty_message=no_tasks
        ),
        *supervision,
    ]
    docx_columns = [
        c for c in columns if c.key not in ("target_text", "entry_state_label", "deadline", "overdue")
    ]
    blocks: list[Any] = [
        Heading(_("I. Supervision of the tasks by unit"), 1),
        Table(supervision[0], max_rows=DOCX_TABLE_ROWS),
        Heading(_("Red and yellow list"), 2),
        Table(supervision[2], max_rows=DOCX_TABLE_ROWS, overflow_note=_(OVERFLOW)),
        Heading(_("Lagging tasks and their reasons"), 2),
        Table(supervision[1], max_rows=DOCX_TABLE_ROWS, overflow_note=_(OVERFLOW)),
        Heading(_("II. Figures reported by unit"), 1),
        Table(sheets[0], max_rows=DOCX_TABLE_ROWS),
        Heading(_("III. Overdue items"), 1),
        Table(
            Sheet("", overdue, docx_columns, empty_message=_("Nothing is overdue.")),
            max_rows=DOCX_TABLE_ROWS,
            overflow_note=_(OVERFLOW),
        ),
        Heading(_("IV. Progress of the quantitative targets"), 1),
        Table(
            Sheet("", items, docx_columns, empty_message=no_tasks),
            max_rows=DOCX_TABLE_ROWS,
            overflow_note=_(OVERFLOW),
        ),
    ]
    tasks = items["task_number"].nunique() if single and not items.empty else len(items)
    return Report(
        title=_("%(scope)s: task progress bulletin %(year)s")
        % {"scope": snapshot.scope, "year": snapshot.year},
        facts=[
            (_("Year"), str(snapshot.year)),
            (_("Tasks"), str(tasks)),
            (_("Generated at"), local_text(snapshot.generated_at)),
        ],
        notes=notes,
        sheets=sheets,
        blocks=blocks,
        summary={"rows": len(items), "overdue": len(overdue), "units": len(by_unit)},
        about_title=_("About"),
        charts_title=_("Charts"),
        issued_on=chinese_date(snapshot.generated_at),
    )


# --- key projects ----------------------------------------------------------------------------

PROJECT_COLUMNS = [
    "id",
    "plan_id",
    "box__title",
    "name",
    "group",
    "stage",
    "planned_investment",
    "completed_investment",
]


def collect_projects(
    *, plans: Sequence[Plan], year: int, jurisdiction_name: str | None, unit_id: int | None = None
) -> Snapshot:
    plan_ids = [plan.pk for plan in plans]
    plans_frame = frames.frame(selectors.plan_rows(plan_ids), selectors.PLAN_COLUMNS)

    table = frames.project_table(
        plans=plans_frame,
        projects=frames.frame(selectors.project_rows(plan_ids, unit_id), PROJECT_COLUMNS),
        units=frames.frame(
            selectors.project_unit_rows(plan_ids, unit_id), ["project_id", *selectors.UNIT_COLUMNS]
        ),
        progress=frames.frame(
            selectors.project_progress_rows(plan_ids, year, unit_id),
            ["project_id", "year", "stage", "investment_in_period"],
        ),
    )
    return Snapshot(
        kind="projects",
        year=year,
        scope=scope_title(plans, jurisdiction_name),
        generated_at=timezone.now(),
        plans=[plan_facts(plan) for plan in plans],
        tables={"projects": table},
    )


def compose_projects(snapshot: Snapshot) -> Report:
    table = snapshot.tables["projects"].copy()
    stages = {stage.value: str(stage.label) for stage in ProjectStage} | {
        frames.NOT_REPORTED: _("Not reported")
    }
    table["stage_label"] = table["stage"].map(stages).fillna("") if not table.empty else ""
    table["recorded_stage_label"] = table["recorded_stage"].map(stages).fillna("") if not table.empty else ""
    by_stage = frames.stage_summary(table)
    by_stage["stage_label"] = by_stage["stage"].map(stages)
    single = snapshot.single
    money = [
        Column("planned", _("Planned investment (10,000 yuan)"), "number"),
        Column("completed", _("Completed investment (10,000 yuan)"), "number"),
        Column("completion", _("Investment completion"), "percent"),
    ]
    no_projects = _("The plan lists no key projects.")
    notes = [no_projects] if table.empty else []
    without_planned = int(table["planned"].isna().sum()) if not table.empty else 0
    if without_planned:
        notes.append(
            _(
                "%(count)s of %(total)s projects have no planned investment recorded (the plan document "
                "does not state it): enter it on the project in the admin."
            )
            % {"count": without_planned, "total": len(table)}
        )
    not_reported = int((table["stage"] == frames.NOT_REPORTED).sum()) if not table.empty else 0
    if not_reported:
        notes.append(
            _(
                "%(count)s projects have no approved progress report up to %(year)s and are counted as "
                "not reported."
            )
            % {"count": not_reported, "year": snapshot.year}
        )
    project_columns = [
        *([Column("plan", _("Plan"))] if not single else []),
        Column("box", _("Box (专栏)")),
        Column("name", _("Project")),
        Column("stage_label", _("Stage")),
        Column("units", _("Responsible unit")),
        *money,
        Column("latest_year", _("Latest approved report"), "integer"),
    ]
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
                *project_columns[:4],
                Column("recorded_stage_label", _("Stage as recorded")),
                *project_columns[4:],
            ],
            freeze_columns=2,
            empty_message=no_projects,
        ),
    ]
    return Report(
        title=_("%(scope)s: key project progress bulletin %(year)s")
        % {"scope": snapshot.scope, "year": snapshot.year},
        facts=[
            (_("Year"), str(snapshot.year)),
            (_("Projects"), str(len(table))),
            (_("Generated at"), local_text(snapshot.generated_at)),
        ],
        notes=notes,
        sheets=sheets,
        blocks=[
            Heading(_("I. Projects by stage"), 1),
            Table(sheets[0]),
            Heading(_("II. Progress of the projects"), 1),
            Table(
                Sheet("", table, project_columns, empty_message=no_projects),
                max_rows=DOCX_TABLE_ROWS,
                overflow_note=_(OVERFLOW),
            ),
        ],
        summary={
            "rows": len(table),
            "stages": {row.stage: int(row.projects) for row in by_stage.itertuples()},
        },
        about_title=_("About"),
        charts_title=_("Charts"),
        issued_on=chinese_date(snapshot.generated_at),
    )
