"""Writing one figure over the API costs a fixed, small number of queries: units post at once in
the days before a deadline, and each query of a write is paid inside its transaction."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

# 1 the token; 2 the indicator, in the caller's scope (for a reporter, that is whether their unit
# answers for it); [a reporter: 3 the plan's passed deadlines;] a savepoint (the test's transaction:
# in production, BEGIN); the entry inserted, its history; release (COMMIT); the entry's row read again
# for the answer. Neither the relations' existence (loaded) nor the check constraints (restated by
# the rules) are asked of the database, nor one figure per period (its unique index refuses the
# insert; tests/api/test_one_figure_per_period.py).
QUERIES = {"office": 7, "alice": 8}


@pytest.mark.parametrize("role", sorted(QUERIES))
def test_posting_a_figure(api, world, django_assert_num_queries, role):
    client = api(role)
    client.get("/api/v1/")  # the token's first use of the minute is stamped before we count
    body = {"indicator": world.science_indicator.pk, "year": 2022, "value": "12.5", "explanation": "快报"}
    with django_assert_num_queries(QUERIES[role]):
        response = client.post("/api/v1/progress/", body, format="json")
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
    # the indicator was, and its stored row is locked before the change.
    with django_assert_num_queries(QUERIES[role] + 1):
        response = client.patch(
            f"/api/v1/progress/{created['id']}/", {"value": "2", "version": created["version"]}, format="json"
        )
    assert response.status_code == 200, response.json()
    assert response.json()["value"] == "2"
