"""The answer to a write is the entry as stored: what reading it afterwards returns, to the digit."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress/"


@pytest.mark.parametrize("value", ["12.5", "12345678901234.123456", "0.000001", "-7", "100.000000"])
def test_a_posted_and_a_changed_figure_are_answered_as_read_back(api, world, value):
    client = api("alice")
    body = {"indicator": world.science_indicator.pk, "year": 2022, "value": value, "explanation": "快报"}
    created = client.post(URL, body, format="json")
    assert created.status_code == 201, created.json()
    read = client.get(f"{URL}{created.json()['id']}/")
    assert created.json() == read.json()
    assert created["ETag"] == read["ETag"]
    changed = client.patch(
        f"{URL}{created.json()['id']}/", {"value": value, "version": created.json()["version"]}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert changed.json() == client.get(f"{URL}{created.json()['id']}/").json()


def test_a_posted_project_figure_is_answered_as_read_back(api, world):
    client = api("alice")
    body = {
        "project": world.science_project.pk,
        "year": 2022,
        "stage": "construction",
        "investment_in_period": "98765432109876.543219",
    }
    created = client.post("/api/v1/project-progress/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json() == client.get(f"/api/v1/project-progress/{created.json()['id']}/").json()
