"""Bad input answers 400 with the one error shape, writes nothing, and never becomes a 500."""

from __future__ import annotations

import io
import itertools

import pytest
from openpyxl import Workbook

from indicators.models import ProgressEntry
from tests.api.conftest import draft, error_fields, errors

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress/"


def valid(world, **changes) -> dict:
    return {"indicator": world.science_indicator.pk, "year": 2022, "value": "12.5", **changes}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"year": "二〇二二"}, "year", "invalid"),
        ({"year": [2022]}, "year", "invalid"),
        ({"year": 2031}, "year", "invalid"),  # outside the plan: the model's rule, via the service
        ({"year": 1800}, "year", "min_value"),
        ({"quarter": 5}, "quarter", "max_value"),
        ({"quarter": 0}, "quarter", "min_value"),
        ({"quarter": "Q1"}, "quarter", "invalid"),
        ({"value": "十二"}, "value", "invalid"),
        ({"value": "1.1234567"}, "value", "max_decimal_places"),
        ({"value": "123456789012345"}, "value", "max_whole_digits"),
        ({"value": "NaN"}, "value", "invalid"),
        ({"value": {"amount": 1}}, "value", "invalid"),
        ({"value": None}, "value", "invalid"),  # a numeric target needs a figure (service rule)
        ({"judgement": "achieved"}, "judgement", "invalid"),  # only for qualitative targets
        ({"judgement": "很好"}, "judgement", "invalid_choice"),
        ({"indicator": "r1"}, "indicator", "incorrect_type"),
        ({"indicator": 999999}, "indicator", "does_not_exist"),
        # The id is read as a lookup `pk=…` reads it (api/inputs.ScopedPrimaryKey runs its own query).
        ({"indicator": True}, "indicator", "incorrect_type"),
        ({"indicator": [1]}, "indicator", "incorrect_type"),
        ({"indicator": "1.5"}, "indicator", "incorrect_type"),
        ({"indicator": 2**63}, "indicator", "does_not_exist"),
        ({"indicator": -(2**63) - 1}, "indicator", "does_not_exist"),
        ({"indicator": 0}, "indicator", "does_not_exist"),
        ({"indicator": None}, "indicator", "null"),
        ({"data_source": "统" * 201}, "data_source", "max_length"),
        ({"explanation": {"text": "x"}}, "explanation", "invalid"),
        ({"state": "approved"}, "state", "unknown_field"),
        ({"valeu": "12"}, "valeu", "unknown_field"),
    ],
)
def test_a_bad_field_is_named_with_its_code(api, world, changes, field, code):
    response = api("alice").post(URL, valid(world, **changes), format="json")
    assert response.status_code == 400, response.json()
    assert error_fields(response) == {field: code}
    assert not ProgressEntry.objects.exists()


@pytest.mark.parametrize("written", [str, float])
def test_an_id_written_as_text_or_a_float_names_the_indicator(api, world, written):
    response = api("alice").post(
        URL, valid(world, indicator=written(world.science_indicator.pk)), format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["indicator"] == world.science_indicator.pk


def test_the_year_message_is_the_plans_period_in_chinese(api, world):
    response = api("alice").post(URL, valid(world, year=2031), format="json")
    assert errors(response) == [
        {"field": "year", "code": "invalid", "message": "年份 2031 不在规划期 2021–2025 内。"}
    ]


def test_a_value_for_a_qualitative_target_is_refused(api, world):
    world.science_indicator.target_kind = "unparsed"
    world.science_indicator.save()
    alice = api("alice")
    response = alice.post(URL, valid(world), format="json")
    assert error_fields(response) == {"value": "invalid"}
    assert "定性" in errors(response)[0]["message"]
    assert alice.post(URL, valid(world, value=None, judgement="on_track"), format="json").status_code == 201


def test_every_error_at_once(api, world):
    response = api("alice").post(URL, {"year": "x", "quarter": 9, "colour": "red"}, format="json")
    assert error_fields(response) == {
        "indicator": "required",
        "year": "invalid",
        "quarter": "max_value",
        "colour": "unknown_field",
    }


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"indicator": 1, "year": 2022,', "application/json", 400, "parse_error"),
        (b"[1, 2]", "application/json", 400, "invalid"),
        (b'"text"', "application/json", 400, "invalid"),
        (b"", "application/json", 400, "required"),
        (b"indicator=1", "text/plain", 415, "unsupported_media_type"),
    ],
)
def test_malformed_bodies(api, world, body, content_type, status, code):
    response = api("alice").generic("POST", URL, body, content_type=content_type)
    assert response.status_code == status
    assert code in {error["code"] for error in errors(response)}
    assert not ProgressEntry.objects.exists()


def test_an_update_refuses_fields_it_cannot_change(api, world):
    entry = draft(world)
    response = api("alice").patch(f"{URL}{entry.pk}/", {"year": 2023, "version": 1}, format="json")
    assert error_fields(response) == {"year": "unknown_field"}


def test_unsupported_methods_and_pages(api, world):
    entry = draft(world)
    alice = api("alice")
    response = alice.delete(f"{URL}{entry.pk}/")
    assert (response.status_code, errors(response)[0]["code"]) == (405, "method_not_allowed")
    assert alice.get(f"{URL}?page=99").status_code == 404
    assert errors(alice.get(f"{URL}?page=99"))[0]["code"] == "not_found"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/indicators/?year=abc", "year"),
        ("/api/v1/indicators/?status=great", "status"),
        ("/api/v1/indicators/?plan=x", "plan"),
        ("/api/v1/progress/?state=lost", "state"),
        ("/api/v1/progress/?updated_since=yesterday", "updated_since"),
        ("/api/v1/plans/?year=soon", "year"),
    ],
)
def test_bad_filters_are_400(api, world, url, field):
    response = api("office").get(url)
    assert response.status_code == 400
    assert field in error_fields(response)


def test_a_year_outside_the_plan_in_reads(api, world):
    office = api("office")
    for url in (
        f"/api/v1/plans/{world.plan.pk}/summary/?year=2031",
        f"/api/v1/indicators/{world.science_indicator.pk}/?year=2019",
        f"/api/v1/indicators/?plan={world.plan.pk}&year=2030",
    ):
        response = office.get(url)
        assert response.status_code == 400, url
        assert error_fields(response) == {"year": "invalid"}
    assert office.get(f"/api/v1/plans/{world.plan.pk}/summary/?year=later").status_code == 400


@pytest.mark.parametrize(
    "query",
    [
        "",  # rows: the plan's period comes with them
        "&name=不存在",  # no rows: the period is asked for
        "&status=great",  # a bad filter too: the year's refusal comes first
        "&page=99",  # a page past the end too: likewise
    ],
)
def test_a_year_outside_the_plan_is_refused_before_anything_else_in_the_list(api, world, query):
    response = api("office").get(f"/api/v1/indicators/?plan={world.plan.pk}&year=2030{query}")
    assert response.status_code == 400
    assert error_fields(response) == {"year": "invalid"}
    inside = api("office").get(f"/api/v1/indicators/?plan={world.plan.pk}&year=2022{query}")
    assert inside.status_code == {"": 200, "&name=不存在": 200, "&status=great": 400, "&page=99": 404}[query]


# --- bulk -------------------------------------------------------------------------------------------

BULK = "/api/v1/progress/bulk/"


def xlsx(*lines) -> bytes:
    book = Workbook()
    for line in lines:
        book.active.append(list(line))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, name: str, content: bytes, query: str = ""):
    return client.post(f"{BULK}{query}", {"file": named(name, content)}, format="multipart")


def named(name: str, content: bytes) -> io.BytesIO:
    handle = io.BytesIO(content)
    handle.name = name
    return handle


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("figures.pdf", b"%PDF-1.4", "请上传 .xlsx 或 .csv 文件。"),
        ("figures.xlsx", b"not a zip", "该文件不是可读取的 .xlsx 工作簿。"),
        ("figures.csv", "指标ID,数值\n1,2\n".encode(), "缺少列：年份。"),
    ],
)
def test_unreadable_files_are_400_naming_the_file(api, world, name, content, message):
    response = upload(api("alice"), name, content)
    assert response.status_code == 400
    (error,) = errors(response)
    assert (error["field"], error["code"], error["message"]) == ("file", "invalid_file", message)


def test_missing_columns_are_reported_with_their_row(api, world):
    response = upload(api("alice"), "f.xlsx", xlsx(["泰安市填报表"], ["指标ID", "数值"], [1, 2]))
    assert errors(response)[0]["row"] == 2


def test_no_file_in_a_multipart_upload(api, world):
    response = api("alice").post(BULK, {"other": "x"}, format="multipart")
    assert error_fields(response) == {"file": "required"}


@pytest.mark.parametrize(
    ("body", "code"),
    [({"indicator": 1}, "invalid"), ([], "empty")],
)
def test_a_bulk_body_must_be_a_list_of_rows(api, world, body, code):
    response = api("alice").post(BULK, body, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {None: code}


def test_malformed_rows_are_refused_as_a_whole_with_their_row_numbers(api, world):
    rows = [
        {"indicator": world.science_indicator.pk, "year": 2022, "value": "1"},
        "not a row",
        {"indicator": world.science_indicator.pk, "year": 2023, "value": "1", "colour": "red"},
    ]
    response = api("alice").post(BULK, rows, format="json")
    assert response.status_code == 400
    assert [(e["row"], e["field"], e["code"]) for e in errors(response)] == [
        (2, None, "invalid"),
        (3, "colour", "unknown_field"),
    ]
    assert not ProgressEntry.objects.exists()


def test_bad_bulk_flags(api, world):
    rows = [{"indicator": world.science_indicator.pk, "year": 2022, "value": "1"}]
    response = api("alice").post(f"{BULK}?dry_run=maybe", rows, format="json")
    assert error_fields(response) == {"dry_run": "invalid"}


ODD = [None, True, "", " ", "１２", -1, 10**30, 1e308, "1e5", [], {}, "<script>", "２０２２", "2022.0"]


def test_no_odd_value_in_any_field_is_a_500(api, world):
    alice = api("alice")
    fields = ["indicator", "year", "quarter", "value", "judgement", "explanation", "data_source"]
    for field, odd in itertools.product(fields, ODD):
        response = alice.post(URL, valid(world, **{field: odd}), format="json")
        assert response.status_code in {201, 400}, (field, odd)
        if response.status_code == 400:
            errors(response)
        ProgressEntry.objects.all().delete()
    for field, odd in itertools.product(fields, ODD):
        response = alice.post(BULK, [valid(world, **{field: odd})], format="json")
        assert response.status_code in {200, 400}, (field, odd, response.content)
        ProgressEntry.objects.all().delete()


def test_json_nested_too_deeply_is_a_parse_error(api, world):
    body = b"[" * 100_000 + b"]" * 100_000
    response = api("alice").generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 400
    assert errors(response)[0]["code"] == "parse_error"


def test_the_api_root_answers_in_the_same_shape(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 401
    assert errors(response)[0]["code"] == "not_authenticated"


ODD_PARAMS = ["1e400", "99999999999999999999999", "-1", "0", "NaN", "２０２２", "2022.5", "%00", "[]"]
LISTS = ["plans", "indicators", "progress", "tasks", "projects", "project-progress", "units", "jurisdictions"]
PARAMS = ["plan", "year", "unit", "task", "indicator", "project", "jurisdiction", "parent", "quarter", "page"]


def test_no_odd_query_parameter_is_a_500(api, world):
    draft(world)
    office = api("office")
    for resource, name, odd in itertools.product(LISTS, PARAMS, ODD_PARAMS):
        response = office.get(f"/api/v1/{resource}/", {name: odd, "page_size": odd})
        assert response.status_code in {200, 400, 404}, (resource, name, odd)
        if response.status_code != 200:
            errors(response)
    for odd in ODD_PARAMS:
        for url in (
            f"/api/v1/plans/{world.plan.pk}/summary/",
            f"/api/v1/indicators/{world.science_indicator.pk}/",
        ):
            assert office.get(url, {"year": odd}).status_code in {200, 400}, (url, odd)
        assert office.get(f"/api/v1/progress/{odd}/").status_code == 404
