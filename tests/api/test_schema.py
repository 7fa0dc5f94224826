"""The OpenAPI document builds without warnings and tells an integrating engineer what they need."""

from __future__ import annotations

import re

import pytest
from django.urls import include, path
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from api.urls import router

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def api_schema() -> dict:
    """The schema of the v1 endpoints this app serves, and the warnings building it raised."""
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator(patterns=[path("api/v1/", include(router.urls))]).get_schema(public=True)
    return {
        "schema": schema,
        "warnings": list(GENERATOR_STATS._warn_cache),
        "errors": list(GENERATOR_STATS._error_cache),
    }


def test_the_api_schema_builds_without_warnings_or_errors(api_schema):
    assert api_schema["warnings"] == []
    assert api_schema["errors"] == []


def test_the_schema_and_docs_pages_are_served(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert client.get("/api/docs/").status_code == 200


def test_the_token_scheme_and_the_walkthrough_are_documented(api_schema):
    schema = api_schema["schema"]
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    description = schema["info"]["description"]
    for words in (
        "Authorization: Token",
        "API 令牌",
        "/api/v1/indicators/?plan=",
        "submit/",
        "If-Match",
        "409",
    ):
        assert words in description
    operation = schema["paths"]["/api/v1/indicators/"]["get"]
    assert {"tokenAuth": []} in operation["security"]
    assert schema["info"]["title"] == "规划实施监测系统 API"  # the docs speak Chinese
    assert all(any("\u4e00" <= char <= "\u9fff" for char in tag["description"]) for tag in schema["tags"])


def test_every_operation_has_a_summary_a_tag_and_its_error_responses(api_schema):
    for url, methods in api_schema["schema"]["paths"].items():
        for method, operation in methods.items():
            assert operation.get("summary"), (url, method)
            assert operation.get("tags"), (url, method)
            assert "401" in operation["responses"], (url, method)
            if method != "get":
                assert {"400", "403", "401"} <= set(operation["responses"]), (url, method)


def test_the_write_operations_have_examples_and_their_inputs(api_schema):
    paths = api_schema["schema"]["paths"]
    create = paths["/api/v1/progress/"]["post"]["requestBody"]["content"]["application/json"]
    assert create["examples"]
    bulk = paths["/api/v1/progress/bulk/"]["post"]
    assert set(bulk["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert {p["name"] for p in bulk["parameters"]} == {"dry_run", "partial", "submit"}
    patch = paths["/api/v1/progress/{id}/"]["patch"]
    assert "If-Match" in {p["name"] for p in patch["parameters"]}
    assert "409" in patch["responses"]
    indicator_filters = {p["name"] for p in paths["/api/v1/indicators/"]["get"]["parameters"]}
    assert {"plan", "category", "attribute", "unit", "status", "year", "page", "page_size", "ordering"} <= (
        indicator_filters
    )


ENGLISH_PROSE = re.compile(r"[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}")


def documentation_texts(node, where=""):
    """Every summary and description of the served schema, with where it is."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"summary", "description"} and isinstance(value, str):
                yield where, value
            yield from documentation_texts(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from documentation_texts(value, f"{where}/{index}")


def test_the_docs_page_reads_in_chinese(client):
    """Summaries, descriptions and field notes are translated; code (in backticks), enum keys and
    the developers' docstrings of views and serializers are not shown as prose."""
    schema = client.get("/api/schema/?format=json").json()
    english = []
    for where, text in documentation_texts({"paths": schema["paths"], "components": schema["components"]}):
        prose = re.sub(r"`[^`]*`|^\* .*$", "", text, flags=re.M)  # code and the enum key lists
        if ENGLISH_PROSE.search(prose):
            english.append((where, text[:80]))
    assert english == []
    indicators = schema["paths"]["/api/v1/indicators/"]["get"]
    assert indicators["summary"] == "列出指标及其评估结果"
