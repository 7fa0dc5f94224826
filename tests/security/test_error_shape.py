"""Every refusal the API gives is in the one shape and in Chinese (defect 10); large bodies are
refused from their Content-Length before they are read (defect 9)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from rest_framework.test import APIClient

from reports.models import ReportRun
from tests.api.conftest import errors


def only_error(response, status, code=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    (error,) = errors(response)
    if code:
        assert error["code"] == code
    assert not error["message"].isascii(), error  # Chinese, not an English default
    return error


def test_a_json_parse_error_names_the_place_in_chinese(api):
    response = api("alice").post("/api/v1/progress/", b'{"year": 20', content_type="application/json")
    error = only_error(response, 400, "parse_error")
    assert error["message"] == "请求内容不是有效的 JSON（第 1 行第 12 列）。"


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_memory_limit_is_a_413_in_the_shape(api):
    body = b'{"explanation": "' + b"x" * 2000 + b'"}'
    only_error(api("alice").post("/api/v1/progress/", body, content_type="application/json"), 413)


def test_an_entry_that_is_not_found_says_so_without_naming_the_model(api):
    error = only_error(api("alice").get("/api/v1/progress/987654/"), 404, "not_found")
    assert "ProgressEntry" not in error["message"]


@pytest.mark.parametrize(
    "path", ["/api/v1/reports/abc/", "/api/v1/reports/1.5/download/", "/api/v1/no-such-thing/"]
)
def test_a_path_no_route_matches_is_a_json_404(api, path):
    only_error(api("alice").get(path), 404, "not_found")


def test_a_session_without_the_csrf_token_is_refused_in_the_shape(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.alice)
    error = only_error(client.post("/api/v1/progress/", {}, format="json"), 403)
    assert "CSRF" in error["message"]


def test_downloading_a_report_not_built_yet_is_a_409_in_the_shape(api, world):
    run = ReportRun.objects.create(
        kind="monitoring", plan=world.plan, year=2022, format="xlsx", requested_by=world.office
    )
    error = only_error(api("office").get(f"/api/v1/reports/{run.pk}/download/"), 409, "not_ready")
    assert error["field"] is None


def test_the_password_length_rule_speaks_chinese(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("q7#")
    assert "密码长度太短。密码必须包含至少 8 个字符。" in refused.value.messages


# --- defect 9: sizes --------------------------------------------------------------------------


class Unread(io.BytesIO):
    """A body that fails the test if the server reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")


@override_settings(MAX_REQUEST_BYTES=1024 * 1024)
@pytest.mark.parametrize("path", ["/api/v1/progress/bulk/", "/admin/indicators/progressentry/upload/"])
def test_a_body_past_the_request_limit_is_refused_before_it_is_read(client, world, path):
    client.force_login(world.alice)
    response = client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        **{"CONTENT_LENGTH": str(100 * 2**20), "wsgi.input": Unread()},
    )
    assert response.status_code == 413
    if path.startswith("/api/"):
        only_error(response, 413, "too_large")
