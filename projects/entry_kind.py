"""Key projects as an entry kind of the review workflow (`progress.registry`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse

from progress.registry import EntryKind
from progress.worklist import WorkItem, figure_with_unit
from projects.models import KeyProject, ProjectProgress, ProjectResponsibility

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan


def unit_projects(user: User) -> list[KeyProject]:
    """Key projects the user's own unit answers for (inside the user's scope)."""
    if not user.unit_id:
        return []
    own = ProjectResponsibility.objects.filter(project=OuterRef("pk"), unit_id=user.unit_id)
    return list(
        KeyProject.objects.for_user(user)
        .filter(Exists(own))
        .select_related("plan", "box")
        .order_by("plan__start_year", "plan_id", "order", "pk")
    )


def project_obligations(plan: Plan, user: User) -> QuerySet[Any]:
    """Every unit responsible for a project of the plan owes its progress (one query)."""
    return ProjectResponsibility.objects.filter(project__plan=plan).values_list(
        "unit_id", "unit__name", "project_id"
    )


def project_work(item: WorkItem) -> dict[str, Any]:
    """A project's row on the start page: its box, planned investment, last and this year's progress."""
    project: KeyProject = item.item
    entry: ProjectProgress | None = item.entry
    url = reverse("admin:projects_keyproject_change", args=[project.pk])
    return {
        "group": str(project.box or ""),
        "target": figure_with_unit(project.planned_investment, "万元"),
        "previous": (
            figure_with_unit(item.previous.investment_in_period, "万元") if item.previous is not None else "—"
        ),
        "figure": (
            f"{entry.get_stage_display()}，{figure_with_unit(entry.investment_in_period, '万元')}"
            if entry is not None
            else "—"
        ),
        "url": f"{url}?year={item.year}#progress-group",
        "evaluation_badge": "",  # projects are not evaluated
    }


def project_kind() -> EntryKind:
    return EntryKind(
        name="project",
        entry_model=ProjectProgress,
        unit_items=unit_projects,
        obligations=project_obligations,
        present=project_work,
        submit_field="project_entry",
        revisable_fields=frozenset({"stage", "investment_in_period"}),
    )
