"""The planning office's dashboard: one plan year at a glance.

Indicators per status (with a small inline SVG chart) and per category, binding indicators not
met, and the units still owing figures near or past the deadline. Reads come from
indicators.dashboard_selectors in a constant number of queries; the chart is drawn here, without
JavaScript.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from accounts.policy import may_see_dashboard
from indicators.dashboard_selectors import dashboard_plans, plan_dashboard
from indicators.domain.evaluation import Status
from indicators.palette import STATUS_COLOURS
from indicators.summary import default_year
from plans.admin_base import requested_year
from progress.selectors import DEADLINE_NEAR

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin


BAR_WIDTH = 360
ROW_HEIGHT = 26
LABEL_WIDTH = 110


def status_chart(counts: list[tuple[Status, int]], link: Any = None) -> SafeString:
    """Horizontal bars, one per status, as inline SVG; each bar links to its indicators when `link`."""
    top = max((count for _status, count in counts), default=0) or 1
    height = ROW_HEIGHT * len(counts) + 6
    bars = []
    for index, (status, count) in enumerate(counts):
        y = index * ROW_HEIGHT + 3
        width = round(BAR_WIDTH * count / top)
        bar = format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="13" fill="#333">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"></rect>'
            '<text x="{}" y="{}" font-size="13" fill="#333">{}</text>',
            LABEL_WIDTH - 8,
            y + 16,
            status.label,
            LABEL_WIDTH,
            y + 2,
            max(width, 2 if count else 0),
            ROW_HEIGHT - 8,
            STATUS_COLOURS[status],
            LABEL_WIDTH + max(width, 0) + 6,
            y + 16,
            count,
        )
        if link is not None and count:
            bar = format_html('<a href="{}">{}</a>', link(status), bar)
        bars.append(
            format_html('<g class="bar" data-status="{}" data-count="{}">{}</g>', status.value, count, bar)
        )
    return format_html(
        '<svg class="status-chart" role="img" aria-label="{}" width="{}" height="{}" '
        'viewBox="0 0 {} {}" xmlns="http://www.w3.org/2000/svg">{}</svg>',
        _("Indicators per status"),
        LABEL_WIDTH + BAR_WIDTH + 50,
        height,
        LABEL_WIDTH + BAR_WIDTH + 50,
        height,
        format_html_join("", "{}", ((bar,) for bar in bars)),
    )


def dashboard(request: HttpRequest, model_admin: ModelAdmin) -> HttpResponse:
    user = request.user
    if not may_see_dashboard(user):
        raise PermissionDenied
    plans = dashboard_plans(user)
    chosen = request.GET.get("plan", "")
    plan = next((p for p in plans if str(p.pk) == chosen), plans[0] if plans else None)
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "title": _("Monitoring dashboard"),
        "opts": model_admin.model._meta,
        "plans": plans,
        "plan": plan,
    }
    if plan is not None:
        year = requested_year(request, plan=plan) or default_year(plan)
        now = timezone.now()
        board = plan_dashboard(user=user, plan=plan, year=year, now=now)
        indicators_url = reverse("admin:indicators_indicator_changelist")
        entry_filter = {"plan": plan.pk, "year__exact": year}
        entries_url = reverse("admin:indicators_progressentry_changelist")

        def status_link(status: Status, in_year: int = year) -> str:
            query = {"plan": plan.pk, "eval_year": in_year, "eval_status": status.value}
            return f"{indicators_url}?{urlencode(query)}"

        context.update(
            {
                "board": board,
                "year": year,
                "years": list(plan.years),
                "now": now,
                "chart": status_chart(board.status_counts, status_link),
                "categories": [
                    (
                        category,
                        [(status, count, STATUS_COLOURS[status]) for status, count in counts],
                        total,
                    )
                    for category, counts, total in board.categories
                ],
                "units_missing": [
                    (unit, f"{entries_url}?{urlencode({**entry_filter, 'unit': unit.unit_id})}")
                    for unit in board.units_missing()
                ],
                "deadline_passed": board.deadline is not None and now > board.deadline,
                "deadline_near": board.deadline is not None and now <= board.deadline <= now + DEADLINE_NEAR,
                "submitted_url": f"{entries_url}?"
                + urlencode({"plan": plan.pk, "year__exact": year, "state__exact": "submitted"}),
                "approved_url": f"{entries_url}?"
                + urlencode({"plan": plan.pk, "year__exact": year, "state__exact": "approved"}),
                "binding_not_met_url": f"{indicators_url}?"
                + urlencode(
                    {
                        "plan": plan.pk,
                        "eval_year": year,
                        "eval_status": Status.NOT_MET.value,
                        "attribute__exact": "binding",
                    }
                ),
                "previous_year": year - 1,
                "comparison": [
                    {
                        "status": status.value,
                        "label": status.label,
                        "colour": STATUS_COLOURS[status],
                        "now": now_count,
                        "before": before,
                        "change": now_count - before,
                        "now_url": status_link(status),
                        "before_url": status_link(status, year - 1),
                    }
                    for status, now_count, before in board.status_comparison
                ],
                "unowned": board.unowned_without_figure,
                "indicators_url": f"{indicators_url}?{urlencode({'plan': plan.pk, 'eval_year': year})}",
            }
        )
    request.current_app = model_admin.admin_site.name
    return TemplateResponse(request, "admin/indicators/dashboard.html", context)
