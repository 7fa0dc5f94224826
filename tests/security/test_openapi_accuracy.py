"""Responses match the published OpenAPI schema (defect 12): nullable users, roles within their enum,
history values typed as they come, and the 400 every list answers for a bad parameter."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from indicators.models import IndicatorResponsibility
from tests.api.conftest import approved, draft


@pytest.fixture
def openapi(api, world) -> dict[str, Any]:
    response = api("office").get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def as_json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` → JSON Schema's null type; everything else as it is."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: as_json_schema(value) for key, value in node.items() if key != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


def check(openapi: dict[str, Any], path: str, body: Any, status: str = "200") -> None:
    operation = openapi["paths"][path]["get"]
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    document = {"components": as_json_schema(openapi["components"]), **as_json_schema(schema)}
    jsonschema.validate(body, document)


def test_entries_with_no_reviewer_match_the_schema(api, world, openapi):
    draft(world)
    body = api("office").get("/api/v1/progress/").json()
    assert body["results"][0]["reviewed_by"] is None
    check(openapi, "/api/v1/progress/", body)


def test_a_responsibility_without_a_role_is_null_within_the_schema(api, world, openapi):
    IndicatorResponsibility.objects.filter(indicator=world.science_indicator).update(role="")
    body = api("office").get("/api/v1/indicators/").json()
    roles = {unit["role"] for row in body["results"] for unit in row["units"]}
    assert None in roles and "" not in roles
    check(openapi, "/api/v1/indicators/", body)
    detail = api("office").get(f"/api/v1/indicators/{world.science_indicator.pk}/").json()
    assert detail["units"][0]["role"] is None
    check(openapi, "/api/v1/indicators/{id}/", detail)


def test_history_values_of_any_type_match_the_schema(api, world, openapi):
    entry = approved(world)
    body = api("office").get(f"/api/v1/progress/{entry.pk}/history/").json()
    assert any(isinstance(change["new"], int) for row in body for change in row["changes"])
    check(openapi, "/api/v1/progress/{id}/history/", body)


def test_every_list_documents_its_400(openapi):
    lists = [
        path
        for path, operations in openapi["paths"].items()
        if "get" in operations and path.endswith("/") and "{" not in path and path.count("/") == 4
    ]
    assert "/api/v1/progress/" in lists and len(lists) >= 8
    undocumented = [path for path in lists if "400" not in openapi["paths"][path]["get"]["responses"]]
    assert undocumented == []
