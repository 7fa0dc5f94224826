"""Writing one figure over the API costs a fixed, small number of queries: units post at once in
the days before a deadline, and each query of a write is paid inside its transaction."""

from __future__ import annotations

import pytest

from indicators.models import Indicator

pytestmark = pytest.mark.django_db

# 1 the token; 2 the indicator, in the caller's scope (for a reporter, that is whether their unit
# answers for it); [a reporter: 3 the plan's passed deadlines;] a savepoint (the test's transaction:
# in production, BEGIN); the entry inserted, returning its decimals as stored for the answer; its
# history; release (COMMIT). Neither the relations' existence (loaded) nor the check constraints
# (restated by the rules) are asked of the database, nor one figure per period (its unique index
# refuses the insert; tests/api/test_one_figure_per_period.py).
QUERIES = {"office": 6, "alice": 7}


# The figure of each kind of indicator: what the rules read of the indicator and its plan is loaded
# with it (ProgressEntry.item_fields), never asked for afterwards.
FIGURES = {
    "yearly": ({}, {"value": "12.5"}),
    "quarterly": ({"reports_quarterly": True}, {"quarter": 2, "value": "3"}),
    "qualitative": ({"target_kind": "unparsed", "annual_kind": "not_set"}, {"judgement": "on_track"}),
}


@pytest.mark.parametrize("figure", sorted(FIGURES))
@pytest.mark.parametrize("role", sorted(QUERIES))
def test_posting_a_figure(api, world, django_assert_num_queries, role, figure):
    indicator, figure_fields = FIGURES[figure]
    Indicator.objects.filter(pk=world.science_indicator.pk).update(**indicator)
    client = api(role)
    client.get("/api/v1/")  # the token's first use of the minute is stamped before we count
    body = {"indicator": world.science_indicator.pk, "year": 2022, "explanation": "快报", **figure_fields}
    with django_assert_num_queries(QUERIES[role]):
        response = client.post("/api/v1/progress/", body, format="json")
    assert response.status_code == 201, response.json()


def test_posting_a_project_figure(api, world, django_assert_num_queries):
    client = api("office")
    client.get("/api/v1/")
    body = {"project": world.science_project.pk, "year": 2022, "stage": "construction"}
    with django_assert_num_queries(QUERIES["office"]):
        response = client.post("/api/v1/project-progress/", body, format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("role", sorted(QUERIES))
def test_changing_a_figure(api, world, django_assert_num_queries, role):
    client = api(role)
    created = client.post(
        "/api/v1/progress/",
        {"indicator": world.science_indicator.pk, "year": 2022, "value": "1"},
        format="json",
    ).json()
    # As posting, but the entry is read through the caller's scope (with its item and users) where
    # the indicator was, its stored row is locked before the change, and its decimals are read again
    # after the update (an UPDATE returns nothing).
    with django_assert_num_queries(QUERIES[role] + 2):
        response = client.patch(
            f"/api/v1/progress/{created['id']}/", {"value": "2", "version": created["version"]}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert response.json()["value"] == "2"
