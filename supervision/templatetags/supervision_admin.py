"""The start page's task list (本单位重点任务): included by the unit's worklist template."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from progress.models import EntryState
from supervision.models import ContributionState
from supervision.selectors import TaskItem, unit_tasks
from supervision.warnings import warning_items

register = template.Library()

STATE_LABELS: dict[str, Any] = {
    "missing": _("Not entered"),
    **dict(EntryState.choices),
    ContributionState.SENT.value: ContributionState.SENT.label,
}


def task_row(item: TaskItem) -> dict[str, Any]:
    period = item.period
    params = {"task": item.task.pk, "year": period.year}
    params.update({"quarter": period.quarter} if period.quarter else {})
    params.update({"month": period.month} if period.month else {})
    if item.leads:
        existing = item.feedback
        url = (
            reverse("admin:supervision_taskfeedback_change", args=[existing.pk])
            if existing is not None
            else f"{reverse('admin:supervision_taskfeedback_add')}?{urlencode(params)}"
        )
    else:
        existing = item.contribution  # type: ignore[assignment]
        url = (
            reverse("admin:supervision_taskcontribution_change", args=[existing.pk])
            if existing is not None
            else f"{reverse('admin:supervision_taskcontribution_add')}?{urlencode(params)}"
        )
    return {
        "item": item,
        "name": f"{item.task.number}. {item.task.title}",
        "plan": str(item.task.plan),
        "period": period.label(),
        "closes": item.closes,
        "state": item.state,
        "state_label": STATE_LABELS[item.state],
        "completion": existing.get_completion_display() if existing is not None else "",
        "return_reason": getattr(existing, "return_reason", ""),
        "url": url,
    }


@register.inclusion_tag("admin/supervision/includes/task_list.html", takes_context=True)
def unit_task_list(context: Any) -> dict[str, Any]:
    request = getattr(context, "request", None) or context["request"]
    items = unit_tasks(request.user, today=timezone.localdate())
    return {"task_rows": [task_row(item) for item in items], "leads_any": any(item.leads for item in items)}


@register.inclusion_tag("admin/supervision/includes/warning_block.html", takes_context=True)
def warning_block(
    context: Any, *, plan: Any = None, year: int | None = None, worklist: Any = None
) -> dict[str, Any]:
    """The 预警 block on top of a start page: the office's dashboard passes its plan and year; a
    unit's worklist passes itself (each plan at its latest open year, only the unit's warnings)."""
    request = getattr(context, "request", None) or context["request"]
    user = request.user
    if plan is not None and year is not None:
        years, unit_id = {plan.pk: year}, None
    elif worklist is not None and user.unit_id:
        years = {}
        for item in worklist.items:
            years[item.period.plan.pk] = max(item.year, years.get(item.period.plan.pk, item.year))
        unit_id = user.unit_id
    else:
        return {}
    return {"warnings": warning_items(user, years=years, unit_id=unit_id, today=timezone.localdate())}
