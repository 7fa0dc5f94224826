"""Every API route and every admin changelist, for every kind of caller (issue 12, "kept honest").

The API routes come from the URL resolver: a new route without a row in ROUTES fails
`test_every_api_route_has_a_row`. Objects belong to 市科技局 (alice's unit) in 泰安市's plan.
Callers: alice (the unit's reporter), bob (another unit's reporter), office (泰安市's planning office),
charlie (济南市's office: elsewhere), viewer (泰安市), readonly (the office's read-only token),
anonymous.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from families.models import CommonIndicator
from indicators.models import BulkUpload, Task, TaskResponsibility
from indicators.services import evaluations_refresh
from plans.models import Plan, ResponsibilityRole, Unit
from progress.services import entry_approve, entry_submit
from reports.models import ReportRun
from supervision.models import Milestone, SupervisionSetting, TaskContribution, TaskFeedback
from supervision.services import (
    contribution_save,
    feedback_approve,
    feedback_save,
    feedback_submit,
    issue_answer,
    issue_open,
)
from tests.api.conftest import approved, client_for, draft, project_draft, submitted
from tests.supervision.conftest import PDF_BYTES, upload

CALLERS = ("alice", "bob", "office", "charlie", "viewer", "readonly", "anonymous")


def row(alice, bob, office, charlie, viewer, readonly, anonymous=401):
    return dict(zip(CALLERS, (alice, bob, office, charlie, viewer, readonly, anonymous), strict=True))


# route name → (method, which object, expected status per caller)
ENTRY_ROUTES = {
    "detail": ("get", "submitted", row(200, 404, 200, 404, 404, 200)),
    "history": ("get", "submitted", row(200, 404, 200, 404, 404, 200)),
    "submit": ("post", "draft", row(200, 404, 200, 404, 404, 403)),
    "approve": ("post", "submitted", row(403, 404, 200, 404, 404, 403)),
    "return": ("post", "submitted", row(403, 404, 200, 404, 404, 403)),
    "revise": ("post", "approved", row(403, 404, 200, 404, 403, 403)),
}
ROUTES = {
    "api-root": ("get", None, row(200, 200, 200, 200, 200, 200)),
    "plan-detail": ("get", "plan", row(200, 200, 200, 404, 200, 200)),
    "plan-summary": ("get", "plan", row(200, 200, 200, 404, 200, 200)),
    "indicator-detail": ("get", "indicator", row(200, 404, 200, 404, 200, 200)),
    "task-detail": ("get", "task", row(200, 404, 200, 404, 200, 200)),
    "project-detail": ("get", "project", row(200, 404, 200, 404, 200, 200)),
    "unit-detail": ("get", "unit", row(200, 200, 200, 404, 200, 200)),
    "jurisdiction-detail": ("get", "jurisdiction", row(200, 200, 200, 200, 200, 200)),
    "progress-bulk": ("post", "bulk", row(200, 400, 200, 400, 403, 403)),
    "report-run-detail": ("get", "report", row(404, 404, 200, 404, 200, 200)),
    "report-run-download": ("get", "report", row(404, 404, 200, 404, 200, 200)),
    **{f"progress-{name}": spec for name, spec in ENTRY_ROUTES.items()},
    **{
        f"project-progress-{name}": (method, f"project_{target}", expected)
        for name, (method, target, expected) in ENTRY_ROUTES.items()
    },
}
# list route → which object, and the callers who see it listed (everyone signed in gets a 200)
LISTS = {
    "plan-list": ("plan", {"alice", "bob", "office", "viewer", "readonly"}),
    "indicator-list": ("indicator", {"alice", "office", "viewer", "readonly"}),
    "task-list": ("task", {"alice", "office", "viewer", "readonly"}),
    "project-list": ("project", {"alice", "office", "viewer", "readonly"}),
    "unit-list": ("unit", {"alice", "bob", "office", "viewer", "readonly"}),
    "jurisdiction-list": ("jurisdiction", set(CALLERS) - {"anonymous"}),
    "progress-list": ("submitted", {"alice", "office", "readonly"}),
    "project-progress-list": ("project_submitted", {"alice", "office", "readonly"}),
    "report-run-list": ("report", {"office", "viewer", "readonly"}),
}


def api_route_names() -> set[str]:
    def walk(resolver: URLResolver, prefix: str = ""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and prefix.startswith("api/v1/") and pattern.name:
                yield pattern.name

    return {name for name in walk(get_resolver()) if "format" not in name}


# Plan families, the common indicator catalogue (shared by every signed-in user), warnings, bulk jobs.
ROUTES.update(
    {
        "common-indicator-detail": ("get", "common", row(200, 200, 200, 200, 200, 200)),
        "common-indicator-comparison": ("get", "common", row(200, 200, 200, 200, 200, 200)),
        "common-indicator-link": ("post", "common", row(403, 404, 200, 404, 403, 403)),
        "indicator-link": ("put", "indicator", row(403, 404, 200, 404, 403, 403)),
        "indicator-yearly-targets": ("get", "indicator", row(200, 404, 200, 404, 200, 200)),
        "plan-family-detail": ("get", "plan", row(200, 200, 200, 404, 200, 200)),
        "plan-family-roll-ups": ("get", "plan", row(200, 200, 200, 404, 200, 200)),
        "plan-family-baseline-offers": ("get", "plan", row(200, 200, 200, 404, 200, 200)),
        # the office may; this baseline is no estimate, so its refusal names the field
        "plan-family-replace-baseline": ("post", "plan", row(403, 404, 400, 404, 403, 403)),
        "plan-warnings": ("get", "plan", row(200, 200, 200, 404, 200, 200)),
        "progress-bulk-job": ("get", "bulk_job", row(200, 404, 404, 404, 404, 404)),  # the uploader's own
    }
)
# Task supervision: task 1 is led by alice's unit; feedback is reviewed like figures (viewers see it
# approved only); milestones, issues and contributions are read by whoever sees the task.
FEEDBACK_ROUTES = {
    "detail": ("get", "feedback_submitted", row(200, 404, 200, 404, 404, 200)),
    "history": ("get", "feedback_submitted", row(200, 404, 200, 404, 404, 200)),
    "submit": ("post", "feedback_draft", row(200, 404, 200, 404, 404, 403)),
    "approve": ("post", "feedback_submitted", row(403, 404, 200, 404, 404, 403)),
    "return": ("post", "feedback_submitted", row(403, 404, 200, 404, 404, 403)),
    "revise": ("post", "feedback_approved", row(400, 404, 400, 404, 400, 403)),  # never offered
}
ROUTES.update(
    {
        **{f"task-feedback-{name}": spec for name, spec in FEEDBACK_ROUTES.items()},
        "task-attachment-detail": ("get", "attachment", row(200, 404, 200, 404, 404, 200)),
        "task-attachment-download": ("get", "attachment", row(200, 404, 200, 404, 404, 200)),
        "task-contribution-detail": ("get", "contribution", row(200, 404, 200, 404, 200, 200)),
        "task-contribution-send": ("post", "contribution", row(200, 404, 403, 404, 403, 403)),
        "milestone-detail": ("get", "milestone", row(200, 404, 200, 404, 200, 200)),
        "milestone-complete": ("post", "milestone", row(200, 404, 200, 404, 403, 403)),
        "supervision-issue-detail": ("get", "issue", row(200, 404, 200, 404, 200, 200)),
        "supervision-issue-answer": ("post", "issue", row(200, 404, 200, 404, 403, 403)),
        "supervision-issue-close": ("post", "issue_answered", row(403, 404, 200, 404, 403, 403)),
        "task-supervision-timeline": ("get", "supervised_task", row(200, 404, 200, 404, 200, 200)),
        "task-supervision-bulletin": ("get", "bulletin", row(400, 400, 200, 400, 200, 200)),  # on `plan`
    }
)
LISTS.update(
    {
        "common-indicator-list": ("common", set(CALLERS) - {"anonymous"}),
        "task-feedback-list": ("feedback_submitted", {"alice", "office", "readonly"}),
        "task-attachment-list": ("attachment", {"alice", "office", "readonly"}),
        "task-contribution-list": ("contribution", {"alice", "office", "viewer", "readonly"}),
        "milestone-list": ("milestone", {"alice", "office", "viewer", "readonly"}),
        "supervision-issue-list": ("issue", {"alice", "office", "viewer", "readonly"}),
    }
)


# A unit's own extract (市科技局's, of 泰安市's plan): for the unit's reporter, and for the office
# and viewers like the plan's reports; another unit's reporter gets the 404 of a run they cannot see.
EXTRACT_ROUTES = {
    "report-run-detail": row(200, 404, 200, 404, 200, 200),
    "report-run-download": row(200, 404, 200, 404, 200, 200),
}
EXTRACT_SEERS = {"alice", "office", "viewer", "readonly"}
# Requesting 市科技局's extract of the plan: its reporter and the office may; bob sees the plan (his
# unit answers for something in it) but not for 市科技局; charlie does not see the plan.
EXTRACT_REQUEST = row(202, 403, 202, 404, 403, 403)


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("route", sorted(EXTRACT_ROUTES))
def test_what_each_caller_gets_of_a_unit_extract(world, route, who):
    run = objects(world, "extract")
    response = caller(world, who).get(reverse(route, kwargs={"pk": run.pk}))
    assert response.status_code == EXTRACT_ROUTES[route][who], (route, who, response.content[:300])


@pytest.mark.parametrize("who", CALLERS)
def test_who_sees_a_unit_extract_listed(world, who):
    run = objects(world, "extract")
    response = caller(world, who).get(reverse("report-run-list"))
    if who == "anonymous":
        assert response.status_code == 401
        return
    listed = {item["id"] for item in response.json()["results"]}
    assert (run.pk in listed) == (who in EXTRACT_SEERS), who


@pytest.mark.parametrize("who", CALLERS)
def test_who_may_request_a_unit_extract(world, who):
    body = {"kind": "monitoring", "plan": world.plan.key, "year": 2022, "unit": world.science.pk}
    response = caller(world, who).post(reverse("report-run-list"), body, format="json")
    assert response.status_code == EXTRACT_REQUEST[who], (who, response.content[:300])


# The warning list is a plain list of warned rows: who sees alice's red indicator in it.
WARNING_SEERS = {"alice", "office", "viewer", "readonly"}


def test_every_api_route_has_a_row():
    assert api_route_names() == set(ROUTES) | set(LISTS) | {"warning-list"}


def supervised(world) -> tuple[Task, Task]:
    """A key-task list reported monthly: task 1 led by alice's unit alone; task 2 led by 市教育局, with
    alice's unit co-operating (its part is a contribution)."""
    today = timezone.localdate()
    plan = Plan.objects.create(
        key="taian-tasks", title="泰安市重点工作任务", kind=Plan.Kind.ANNUAL_TASKS, jurisdiction=world.city,
        start_year=today.year - 1, end_year=today.year, base_year=today.year - 2,
    )  # fmt: skip
    SupervisionSetting.objects.create(plan=plan, period_kind="month", days_to_report=10)
    led = Task.objects.create(plan=plan, number=1, title="深化科创中国试点市建设")
    TaskResponsibility.objects.create(task=led, unit=world.science, role=ResponsibilityRole.LEAD)
    shared = Task.objects.create(plan=plan, number=2, title="推进职业教育产教融合")
    education = Unit.objects.create(name="市教育局", jurisdiction=world.city)
    TaskResponsibility.objects.create(task=shared, unit=education, role=ResponsibilityRole.LEAD)
    TaskResponsibility.objects.create(task=shared, unit=world.science, role=ResponsibilityRole.COOPERATING)
    return led, shared


def this_month(task: Task, model, **fields):
    today = timezone.localdate()
    values = {"completion": "on_schedule", "progress": "已举办学术交流活动6场。", **fields}
    return model(task=task, year=today.year, quarter=None, month=today.month, **values)


def supervision_objects(world, name: str):
    led, shared = supervised(world)
    if name == "supervised_task":
        return led
    if name == "bulletin":
        return led.plan
    if name == "milestone":
        return Milestone.objects.create(
            task=led, title="出台方案", due_date=timezone.localdate(), owner=world.science
        )
    if name.startswith("issue"):
        deadline = timezone.localdate() + timedelta(days=7)
        issue = issue_open(user=world.office, task=led, text="请说明进度", deadline=deadline)
        return (
            issue_answer(issue=issue, user=world.alice, answer="已办理")
            if name == "issue_answered"
            else issue
        )
    if name == "contribution":
        return contribution_save(contribution=this_month(shared, TaskContribution), user=world.alice)
    feedback = feedback_save(
        feedback=this_month(led, TaskFeedback), user=world.alice, uploads=[upload("进展.pdf", PDF_BYTES)]
    )
    if name == "attachment":
        return feedback.attachments.get()
    if name != "feedback_draft":
        feedback = feedback_submit(feedback=feedback, user=world.alice)
    if name == "feedback_approved":
        feedback = feedback_approve(feedback=feedback, user=world.office)
    return feedback


def objects(world, name: str):
    if name in SUPERVISION_OBJECTS:
        return supervision_objects(world, name)
    if name == "common":
        common = CommonIndicator.objects.create(name="研究与试验发展经费投入强度", unit_of_measure="%")
        return common
    if name == "bulk_job":
        return BulkUpload.objects.create(user=world.alice, total=1, rows=[])
    if name in {"draft", "submitted", "approved"}:
        return {"draft": draft, "submitted": submitted, "approved": approved}[name](world)
    if name.startswith("project_"):
        entry = project_draft(world)
        if name != "project_draft":
            entry = entry_submit(entry=entry, user=world.alice)
        if name == "project_approved":
            entry = entry_approve(entry=entry, user=world.office)
        return entry
    if name in ("report", "extract"):
        unit = world.science if name == "extract" else None
        run = ReportRun(
            kind="tasks", plan=world.plan, unit=unit, year=2022, format="xlsx", requested_by=world.office
        )
        run.file.save("r.xlsx", ContentFile(b"PK"), save=False)
        run.state = "done"
        run.save()
        return run
    return {
        "plan": world.plan,
        "indicator": world.science_indicator,
        "task": world.task,
        "project": world.science_project,
        "unit": world.science,
        "jurisdiction": world.city,
    }[name]


SUPERVISION_OBJECTS = {
    "supervised_task", "bulletin", "milestone", "issue", "issue_answered", "contribution", "attachment",
    "feedback_draft", "feedback_submitted", "feedback_approved",
}  # fmt: skip
# what a writing route is sent: enough to succeed for whoever may write
BODIES = {
    "common-indicator-link": lambda world: {"indicator": world.science_indicator.pk},
    "indicator-link": lambda world: {"relative_to": world.industry_indicator.pk},
    "plan-family-replace-baseline": lambda world: {"indicator": world.science_indicator.pk},
    "supervision-issue-answer": lambda world: {"answer": "已办理完毕"},
}
QUERIES = {
    "common-indicator-comparison": {"year": 2022},
    "plan-family-detail": {"year": 2022},
    "plan-family-roll-ups": {"year": 2022},
    "plan-warnings": {"year": 2022},
}


def caller(world, name: str) -> APIClient:
    if name == "anonymous":
        return APIClient()
    if name == "readonly":
        return client_for(world.office, read_only=True)
    return client_for(getattr(world, name))


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_what_each_caller_gets_from_each_route(world, route, who):
    method, target, expected = ROUTES[route]
    client = caller(world, who)
    if target == "bulk":
        body = [{"indicator": world.science_indicator.pk, "year": 2022, "value": "1.5"}]
        response = client.post(reverse(route), body, format="json")
    else:
        thing = objects(world, target) if target else None
        key = "job" if route == "progress-bulk-job" else "pk"
        query = QUERIES.get(route, {})
        if route == "task-supervision-bulletin":  # a plan's bulletin: the plan is a parameter
            thing, query = None, {"plan": thing.pk}
        url = reverse(route, kwargs={key: thing.pk}) if thing is not None else reverse(route)
        data = {"reason": "核实"} if route.endswith(("-return", "-revise")) else {}
        data.update({"value": "13"} if route == "progress-revise" else {})
        data.update(BODIES[route](world) if route in BODIES else {})
        if method == "get":
            response = client.get(url, query)
        else:
            response = getattr(client, method)(url, data, format="json")
    assert response.status_code == expected[who], (route, who, response.content[:300])


@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("route", sorted(LISTS))
def test_who_sees_each_object_listed(world, route, who):
    target, seers = LISTS[route]
    thing = objects(world, target)
    response = caller(world, who).get(reverse(route))
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    listed = {item["id"] for item in response.json()["results"]}
    assert (thing.pk in listed) == (who in seers), (route, who)


@pytest.mark.parametrize("who", CALLERS)
def test_who_sees_a_warning_listed(world, who):
    for year, value in ((2021, "10.5"), (2022, "10.6")):  # 10 → 20 by 2025: far behind
        approved(world, year=year, value=value)
    evaluations_refresh(indicator_ids=[world.science_indicator.pk])
    response = caller(world, who).get(reverse("warning-list"), {"year": 2022})
    if who == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    listed = {row["name"] for row in response.json() if row["kind"] == "indicator"}
    assert ("研发经费投入强度" in listed) == (who in WARNING_SEERS), (who, response.content[:300])


CHANGELISTS = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist" for model in admin.site._registry
)


@pytest.mark.parametrize("who", ["alice", "bob", "office", "charlie", "viewer", "anonymous"])
def test_every_admin_changelist_keeps_to_the_callers_scope(client, world, who):
    approved(world, value="14")
    if who != "anonymous":
        client.force_login(getattr(world, who))
    for name in CHANGELISTS:
        response = client.get(reverse(name))
        if who == "anonymous":
            assert response.status_code == 302, name
            continue
        assert response.status_code in {200, 403}, (name, response.status_code)
        page = response.content.decode()
        if who == "charlie":
            assert world.plan.title not in page and "研发经费投入强度" not in page, (name, page[:0])
        if who == "bob":
            assert "研发经费投入强度" not in page, name
