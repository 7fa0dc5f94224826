"""Changelist exports of key projects and their progress (see plans/exports.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from import_export import resources

from plans.exports import column, names_of, plain
from projects.models import KeyProject, ProjectProgress


class KeyProjectResource(resources.ModelResource):
    plan = column("plan", _("plan"))
    box = column("box", _("box"))
    group = column("group", _("group"))
    name = column("name", _("name"))
    stage = column("stage", _("stage"))
    planned_investment = column("planned_investment", _("planned investment (万元)"))
    completed_investment = column("completed_investment", _("completed investment (万元)"))
    units = column("responsibilities", _("responsible units"))

    class Meta:
        model = KeyProject
        fields = (
            "id",
            "plan",
            "box",
            "group",
            "name",
            "stage",
            "planned_investment",
            "completed_investment",
            "units",
        )
        export_order = fields

    def dehydrate_plan(self, project: KeyProject) -> str:
        return str(project.plan)

    def dehydrate_box(self, project: KeyProject) -> str:
        return str(project.box or "")

    def dehydrate_stage(self, project: KeyProject) -> str:
        return str(project.get_stage_display())

    def dehydrate_planned_investment(self, project: KeyProject) -> str:
        return plain(project.planned_investment)

    def dehydrate_completed_investment(self, project: KeyProject) -> str:
        return plain(project.completed_investment)

    def dehydrate_units(self, project: KeyProject) -> str:
        return names_of(project.responsibilities)


class ProjectProgressResource(resources.ModelResource):
    plan = column("project__plan", _("plan"))
    project = column("project", _("key project"))
    year = column("year", _("year"))
    quarter = column("quarter", _("quarter"))
    stage = column("stage", _("stage"))
    investment_in_period = column("investment_in_period", _("investment in the period (万元)"))
    explanation = column("explanation", _("explanation"))
    state = column("state", _("state"))
    return_reason = column("return_reason", _("reason for return"))
    created_by = column("created_by", _("entered by"))

    class Meta:
        model = ProjectProgress
        fields = (
            "id",
            "plan",
            "project",
            "year",
            "quarter",
            "stage",
            "investment_in_period",
            "explanation",
            "state",
            "return_reason",
            "created_by",
        )
        export_order = fields

    def dehydrate_plan(self, entry: ProjectProgress) -> str:
        return str(entry.project.plan)

    def dehydrate_project(self, entry: ProjectProgress) -> str:
        return str(entry.project)

    def dehydrate_stage(self, entry: ProjectProgress) -> str:
        return str(entry.get_stage_display())

    def dehydrate_investment_in_period(self, entry: ProjectProgress) -> str:
        return plain(entry.investment_in_period)

    def dehydrate_state(self, entry: ProjectProgress) -> str:
        return str(entry.get_state_display())

    def dehydrate_created_by(self, entry: ProjectProgress) -> str:
        return str(entry.created_by or "")
