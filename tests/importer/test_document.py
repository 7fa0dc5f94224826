"""The assembled plan: fixture format (valid against the schema), problems, and what is refused."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

from importer.document import DocumentError, build_document, plan_key
from importer.parsing.common import ProblemCode
from importer.reading import read_source
from plans.seeding import SCHEMA_PATH, check_references
from tests.importer.helpers import DOCS, seed, seed_bytes


def build(doc):
    return build_document(
        seed(doc), source_name=DOCS[doc], sha256=hashlib.sha256(seed_bytes(doc)).hexdigest()
    )


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_each_seed_becomes_a_valid_fixture(doc):
    data = build(doc).data
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    check_references(DOCS[doc], data)
    assert data["plan"]["key"] == plan_key(hashlib.sha256(seed_bytes(doc)).hexdigest())


def test_every_verbatim_text_is_in_the_source():
    for doc in DOCS:
        text = seed_bytes(doc).decode("utf-8")
        data = build(doc).data
        for row in data["indicators"]:
            for cell in (row["name_as_written"], row["target"]["text"], row["baseline"]["text"]):
                assert cell in text, (doc, row["key"], cell)
        for task in data["tasks"]:
            assert task["title"] in text and task["text"] in text and task["responsibility_text"] in text
        for box in data["project_boxes"]:
            for project in box["projects"]:
                assert project["name"] in text, (doc, project["name"])


def test_damaged_rows_carry_their_warning_in_the_note():
    rows = {row["line"]: row for row in build("003").data["indicators"] if row["origin"] == "table"}
    assert rows[124]["note"].startswith("table_row_short")
    assert rows[124]["baseline"]["text"] == "60.4"
    assert rows[38]["note"] == ""


def test_counts():
    assert build("004").counts == {
        "sections": 139,
        "table_rows": 16,
        "prose_targets": 23,
        "tasks": 0,
        "task_targets": 0,
        "boxes": 5,
        "projects": 30,
        "units": 0,
    }


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("这是一段普通的文字，没有任何规划的结构。\n今天天气很好。", ProblemCode.NO_STRUCTURE),
        ("泰安市泰山区工作要点\n第一章 总则\n第二章 分则\n", ProblemCode.NO_YEARS),
        ("国民经济和社会发展第十四个五年规划纲要\n第一章 总则\n第二章 目标\n", ProblemCode.NO_JURISDICTION),
    ],
)
def test_what_cannot_become_a_plan(text, code):
    with pytest.raises(DocumentError) as caught:
        build_document(read_source(text.encode()), source_name="x.txt", sha256="0" * 64)
    assert caught.value.code is code


def test_a_plan_without_a_named_jurisdiction_can_take_the_uploaders():
    text = "国民经济和社会发展第十四个五年规划纲要\n第一章 总则\n第二章 目标\n"
    fallback = {"name": "泰安市", "level": "city", "parent": None}
    data = build_document(
        read_source(text.encode()), source_name="x.txt", sha256="0" * 64, fallback_jurisdiction=fallback
    ).data
    assert data["jurisdiction"] == fallback
    assert (data["plan"]["start_year"], data["plan"]["end_year"]) == (2021, 2025)
