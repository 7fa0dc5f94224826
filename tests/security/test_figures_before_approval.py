"""Figures still in the workflow are seen only by those who may enter or approve them (defect 2)."""

from __future__ import annotations

import pytest

from tests.api.conftest import approved, draft, project_draft, submitted


@pytest.fixture
def figures(world):
    return {
        "draft": draft(world, year=2021),
        "submitted": submitted(world, year=2022),
        "approved": approved(world, year=2023),
        "project_draft": project_draft(world, year=2022),
    }


def listed(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("who", ["viewer", "province_office"])
def test_readers_who_neither_enter_nor_approve_see_approved_figures_only(world, api, figures, who, request):
    user = request.getfixturevalue("province_office") if who == "province_office" else world.viewer
    client = api(user)
    assert listed(client, "/api/v1/progress/") == {figures["approved"].pk}
    assert listed(client, "/api/v1/project-progress/") == set()
    for state in ("draft", "submitted"):
        entry = figures[state]
        assert client.get(f"/api/v1/progress/{entry.pk}/").status_code == 404
        assert client.get(f"/api/v1/progress/{entry.pk}/history/").status_code == 404
    assert client.get(f"/api/v1/project-progress/{figures['project_draft'].pk}/").status_code == 404
    approved_entry = figures["approved"]
    assert client.get(f"/api/v1/progress/{approved_entry.pk}/history/").status_code == 200


@pytest.mark.parametrize("who", ["alice", "office", "admin"])
def test_those_who_enter_or_approve_see_the_workflow(world, api, figures, who):
    client = api(who)
    expected = {figures[state].pk for state in ("draft", "submitted", "approved")}
    assert listed(client, "/api/v1/progress/") == expected
    assert listed(client, "/api/v1/project-progress/") == {figures["project_draft"].pk}


def test_the_other_units_reporter_sees_none_of_them(world, api, figures):
    assert listed(api("bob"), "/api/v1/progress/") == set()
