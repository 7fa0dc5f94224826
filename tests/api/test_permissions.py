"""Who sees and does what, endpoint by endpoint. Outside your scope it does not exist (404); where
you can see it but may not change it, 403. The story world is tests/conftest.py's:

admin (everything) · office (泰安市 planning office) · alice (市科技局 reporter) · bob (市工业和信息化局
reporter) · viewer (泰安市, read-only role) · charlie (济南市 planning office: another jurisdiction).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import ApiToken
from indicators.models import ProgressEntry
from progress.services import entry_submit
from projects.models import ProjectProgress
from tests.api.conftest import ROLES, approved, client_for, draft, project_draft, submitted

pytestmark = pytest.mark.django_db

# What each role sees, by the world's attribute names.
SEES = {
    "plans": {
        "admin": {"plan", "other_plan"},
        "office": {"plan"},
        "alice": {"plan"},
        "bob": {"plan"},
        "viewer": {"plan"},
        "charlie": {"other_plan"},
    },
    "indicators": {
        "admin": {"science_indicator", "industry_indicator", "task_target", "other_indicator"},
        "office": {"science_indicator", "industry_indicator", "task_target"},
        "alice": {"science_indicator", "task_target"},
        "bob": {"industry_indicator"},
        "viewer": {"science_indicator", "industry_indicator", "task_target"},
        "charlie": {"other_indicator"},
    },
    "tasks": {
        "admin": {"task"},
        "office": {"task"},
        "alice": {"task"},
        "bob": set(),
        "viewer": {"task"},
        "charlie": set(),
    },
    "projects": {
        "admin": {"science_project", "industry_project"},
        "office": {"science_project", "industry_project"},
        "alice": {"science_project"},
        "bob": {"industry_project"},
        "viewer": {"science_project", "industry_project"},
        "charlie": set(),
    },
}
ALL = {resource: set().union(*by_role.values()) for resource, by_role in SEES.items()}


def ids(world, names) -> set[int]:
    return {getattr(world, name).pk for name in names}


@pytest.mark.parametrize("resource", sorted(SEES))
@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_the_role_sees(api, world, role, resource):
    response = api(role).get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["results"]} == ids(world, SEES[resource][role])


@pytest.mark.parametrize("resource", sorted(SEES))
@pytest.mark.parametrize("role", ROLES)
def test_details_outside_the_scope_are_404(api, world, role, resource):
    client = api(role)
    for name in sorted(ALL[resource]):
        response = client.get(f"/api/v1/{resource}/{getattr(world, name).pk}/")
        assert response.status_code == (200 if name in SEES[resource][role] else 404), (name, response.json())


@pytest.mark.parametrize("role", ROLES)
def test_plan_summaries_follow_the_plan_scope(api, world, role):
    client = api(role)
    for name in ("plan", "other_plan"):
        response = client.get(f"/api/v1/plans/{getattr(world, name).pk}/summary/?year=2022")
        assert response.status_code == (200 if name in SEES["plans"][role] else 404)


@pytest.mark.parametrize(
    ("role", "count"), [("admin", 4), ("office", 3), ("alice", 3), ("bob", 3), ("viewer", 3), ("charlie", 1)]
)
def test_units_of_the_jurisdiction_and_below(api, world, role, count):
    # 泰安市 has the office and two departments (3), 济南市 its office (1); reporters see their city's.
    assert api(role).get("/api/v1/units/").json()["count"] == count
    assert api(role).get("/api/v1/jurisdictions/").json()["count"] == 3  # public knowledge


def test_entries_are_listed_with_their_items(api, world):
    science = draft(world)
    industry = draft(world, user=world.bob, indicator=world.industry_indicator)
    listed = {role: {e["id"] for e in api(role).get("/api/v1/progress/").json()["results"]} for role in ROLES}
    assert listed == {
        "admin": {science.pk, industry.pk},
        "office": {science.pk, industry.pk},
        "alice": {science.pk},
        "bob": {industry.pk},
        "viewer": set(),  # drafts are for those who enter or approve them
        "charlie": set(),
    }


# --- writes ----------------------------------------------------------------------------------------

CREATE = {"admin": 201, "office": 201, "alice": 201, "bob": 400, "viewer": 403, "charlie": 400}


@pytest.mark.parametrize("role", ROLES)
def test_creating_a_figure(api, world, role):
    """bob and charlie cannot see the indicator: to them it is an unknown id (400 on the field)."""
    response = api(role).post(
        "/api/v1/progress/",
        {"indicator": world.science_indicator.pk, "year": 2022, "value": "1"},
        format="json",
    )
    assert response.status_code == CREATE[role], response.json()
    if CREATE[role] == 400:
        assert response.json()["errors"][0]["field"] == "indicator"
    assert ProgressEntry.objects.exists() == (CREATE[role] == 201)


def test_callers_one_after_the_other_each_post_within_their_own_scope(api, world):
    """The item's lookup is compiled once per shape of scope and shared (api.selectors.entry_item):
    reporters of two units, then offices of two jurisdictions, each still find only their own."""
    mine = {
        "alice": world.science_indicator,
        "bob": world.industry_indicator,
        "office": world.science_indicator,
        "charlie": world.other_indicator,
    }
    others = {"alice": "bob", "bob": "alice", "office": "charlie", "charlie": "office"}
    for role, indicator in mine.items():
        for item, status in [(mine[others[role]], 400), (indicator, 201)]:
            response = api(role).post(
                "/api/v1/progress/", {"indicator": item.pk, "year": 2022, "value": "1"}, format="json"
            )
            assert response.status_code == status, (role, response.json())
        ProgressEntry.objects.all().delete()


@pytest.mark.parametrize("role", ROLES)
def test_creating_project_progress(api, world, role):
    response = api(role).post(
        "/api/v1/project-progress/",
        {"project": world.science_project.pk, "year": 2022, "stage": "construction"},
        format="json",
    )
    assert response.status_code == CREATE[role], response.json()


# (expected status per role) for an entry alice entered for the science indicator.
# The viewer sees approved entries only, so the draft and submitted ones are not found (404).
ON_ALICES_ENTRY = {
    "read": {"admin": 200, "office": 200, "alice": 200, "bob": 404, "viewer": 404, "charlie": 404},
    "update": {"admin": 200, "office": 200, "alice": 200, "bob": 404, "viewer": 404, "charlie": 404},
    "submit": {"admin": 200, "office": 200, "alice": 200, "bob": 404, "viewer": 404, "charlie": 404},
    "approve": {"admin": 200, "office": 200, "alice": 403, "bob": 404, "viewer": 404, "charlie": 404},
    "return": {"admin": 200, "office": 200, "alice": 403, "bob": 404, "viewer": 404, "charlie": 404},
    "revise": {"admin": 200, "office": 200, "alice": 403, "bob": 404, "viewer": 403, "charlie": 404},
    "history": {"admin": 200, "office": 200, "alice": 200, "bob": 404, "viewer": 404, "charlie": 404},
}


def call(client, base: str, operation: str, entry) -> object:
    url = f"{base}{entry.pk}/"
    if operation == "read":
        return client.get(url)
    if operation == "history":
        return client.get(f"{url}history/")
    if operation == "update":
        field = "value" if isinstance(entry, ProgressEntry) else "investment_in_period"
        return client.patch(url, {field: "2", "version": entry.version}, format="json")
    data = {"reason": "核实"} if operation in {"return", "revise"} else {}
    return client.post(f"{url}{operation}/", data, format="json")


def entry_for(world, operation: str, kind: str):
    if kind == "project":
        entry = project_draft(world)
        if operation in {"approve", "return", "revise"}:
            entry = entry_submit(entry=entry, user=world.alice)
        if operation == "revise":
            from progress.services import entry_approve

            entry = entry_approve(entry=entry, user=world.office)
        return entry
    return {"approve": submitted, "return": submitted, "revise": approved}.get(operation, draft)(world)


@pytest.mark.parametrize("kind", ["progress", "project"])
@pytest.mark.parametrize("operation", sorted(ON_ALICES_ENTRY))
@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_may_do_to_alices_entry(api, world, role, operation, kind):
    entry = entry_for(world, operation, kind)
    base = "/api/v1/progress/" if kind == "progress" else "/api/v1/project-progress/"
    response = call(api(role), base, operation, entry)
    assert response.status_code == ON_ALICES_ENTRY[operation][role], response.json()
    stored = type(entry).objects.get(pk=entry.pk)
    if ON_ALICES_ENTRY[operation][role] != 200 or operation in {"read", "history"}:
        assert stored.version == entry.version  # nothing written


@pytest.mark.parametrize("operation", ["update", "submit", "approve", "return", "revise"])
def test_read_only_tokens_may_not_write_what_they_see(world, operation):
    entry = entry_for(world, operation, "progress")
    user = world.alice if operation in {"update", "submit"} else world.office
    response = call(client_for(user, read_only=True), "/api/v1/progress/", operation, entry)
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"
    assert ProgressEntry.objects.get(pk=entry.pk).version == entry.version


def test_read_only_tokens_read_and_get_404_for_what_they_cannot_see(world):
    entry = draft(world)
    bob = client_for(world.bob, read_only=True)
    assert bob.get("/api/v1/indicators/").status_code == 200
    assert bob.post(f"/api/v1/progress/{entry.pk}/submit/", {}, format="json").status_code == 404
    alice = client_for(world.alice, read_only=True)
    for url in ("/api/v1/progress/", "/api/v1/progress/bulk/", "/api/v1/project-progress/"):
        response = alice.post(url, [] if "bulk" in url else {}, format="json")
        assert response.status_code == 403


def test_viewers_may_not_bulk_upload(api, world):
    rows = [{"indicator": world.science_indicator.pk, "year": 2022, "value": "1"}]
    assert api("viewer").post("/api/v1/progress/bulk/", rows, format="json").status_code == 403
    assert not ProgressEntry.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/plans/",
        "/api/v1/indicators/",
        "/api/v1/progress/",
        "/api/v1/tasks/",
        "/api/v1/projects/",
        "/api/v1/project-progress/",
        "/api/v1/units/",
        "/api/v1/jurisdictions/",
    ],
)
def test_no_token_no_data(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_a_revoked_or_unknown_token_is_refused(world):
    token, key = ApiToken.issue(user=world.office, name="dashboard")
    client = client_for(world.office)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/plans/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    response = client.get("/api/v1/plans/")
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "authentication_failed"
    client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert client.get("/api/v1/plans/").status_code == 401


def test_the_browser_session_works_too(client, world):
    client.force_login(world.viewer)
    assert client.get("/api/v1/plans/").json()["count"] == 1


def test_project_progress_lists_follow_the_project_scope(api, world):
    entry = project_draft(world)
    ProjectProgress.objects.create(
        project=world.industry_project, year=2022, stage="reserve", investment_in_period=Decimal(1)
    )
    assert [e["id"] for e in api("alice").get("/api/v1/project-progress/").json()["results"]] == [entry.pk]
    assert api("charlie").get("/api/v1/project-progress/").json()["count"] == 0
    assert api("office").get("/api/v1/project-progress/").json()["count"] == 2
