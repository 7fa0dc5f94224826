"""The admin index's start panel: a unit's list of what to report, or the office's links."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from accounts.policy import may_configure, may_enter_figures, may_see_dashboard, may_use_admin

register = template.Library()


def is_reporting_user(user: Any) -> bool:
    """Someone who enters figures for their unit and does not run plans: a unit's reporter."""
    return may_use_admin(user) and may_enter_figures(user) and not may_configure(user) and bool(user.unit_id)


@register.simple_tag(takes_context=True)
def index_role(context: Any) -> str:
    return "reporter" if is_reporting_user(context["request"].user) else ""


@register.inclusion_tag("admin/includes/start_panel.html", takes_context=True)
def start_panel(context: Any) -> dict[str, Any]:
    """Reporters get their unit's list (本单位待填报) on the index; the office and viewers the dashboard."""
    from indicators.admin_views import worklist_context

    request = context["request"]
    user = request.user
    if not may_use_admin(user):
        return {}
    if is_reporting_user(user):
        return {**worklist_context(request), "show_worklist": True, "csrf_token": context.get("csrf_token")}
    if may_see_dashboard(user):
        entries = reverse("admin:indicators_progressentry_changelist")
        return {
            "show_dashboard": True,
            "dashboard_url": reverse("admin:plan_dashboard"),
            "review_url": f"{entries}?{urlencode({'state__exact': 'submitted'})}",
            "deadlines_url": reverse("admin:progress_entrydeadline_changelist"),
            "import_url": reverse("importer:upload"),
            "may_configure": may_configure(user),
        }
    return {}
