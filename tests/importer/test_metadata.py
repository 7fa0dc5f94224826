"""Plan metadata from the heading, the covering notice, the page header and the footer."""

from __future__ import annotations

import json

import pytest

from importer.parsing.metadata import read_metadata
from tests.importer.helpers import DOCS, PLANS, lines_of, seed

FIELDS = (
    "title",
    "issuer",
    "document_number",
    "signed_on",
    "published_on",
    "start_year",
    "end_year",
    "vision_year",
)


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_metadata_of_each_seed(doc):
    (fixture,) = [json.loads(p.read_text(encoding="utf-8")) for p in PLANS.glob(f"{doc}_*.json")]
    meta = read_metadata(seed(doc).lines, has_tasks=doc == "001")
    got = {name: getattr(meta, name) for name in FIELDS}
    got = {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in got.items()}
    assert got == {name: fixture["plan"][name] for name in FIELDS}
    assert meta.kind == fixture["plan"]["kind"]
    assert meta.jurisdiction.as_fixture() == fixture["jurisdiction"]


def test_an_annual_list_and_a_county():
    meta = read_metadata(
        lines_of("某某县人民政府关于印发某某县2024年重点工作任务的通知\n一、总体要求"), has_tasks=True
    )
    assert (meta.start_year, meta.end_year, meta.kind) == (2024, 2024, "annual_tasks")
    assert meta.jurisdiction.as_fixture() == {"name": "某某县", "level": "county", "parent": None}
    assert meta.issuer == "某某县人民政府"


def test_a_national_body_issues_a_national_plan():
    text = "国务院关于印发“十五五”某某发展规划的通知\n国发〔2026〕3号\n各省、自治区、直辖市人民政府：\n"
    meta = read_metadata(lines_of(text), has_tasks=False)
    assert meta.jurisdiction is not None and meta.jurisdiction.as_fixture() == {
        "name": "中华人民共和国",
        "level": "national",
        "parent": None,
    }
    assert (meta.start_year, meta.end_year) == (2026, 2030)


def test_an_annual_list_takes_its_own_year_not_a_cited_period():
    text = (
        "某某区人民政府办公室关于印发某某区2026年重点工作任务的通知\n"
        "根据《某某区三年行动计划（2026—2028年）》，制定本任务。\n"
    )
    meta = read_metadata(lines_of(text), has_tasks=True)
    assert (meta.start_year, meta.end_year, meta.kind) == (2026, 2026, "annual_tasks")
