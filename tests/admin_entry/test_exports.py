"""Changelists export to xlsx and CSV with django-import-export: the rows the user may see."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.resources import IndicatorResource, ProgressEntryResource
from tests.admin_entry.conftest import figure

pytestmark = pytest.mark.django_db

XLSX, CSV = "0", "1"  # the order of the admins' export formats


def export(client, user, name: str, resource, file_format: str, query: str = ""):
    client.force_login(user)
    prefix = resource.__name__.lower()
    data = {"format": file_format, **{f"{prefix}_{field}": "on" for field in resource.Meta.fields}}
    response = client.post(reverse(f"admin:{name}_export") + query, data)
    assert response.status_code == 200, response.content[:500]
    return response


def test_indicators_export_to_xlsx_with_their_status(client, world, open_year):
    figure(world, world.science_indicator, "20", state="approved")
    response = export(client, world.office, "indicators_indicator", IndicatorResource, XLSX)
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header, *body = rows
    assert "状态" in header and "名称" in header
    status = {row[header.index("名称")]: row[header.index("状态")] for row in body}
    assert set(status) == {"研发经费投入强度", "规模以上工业增加值增速", "高端学术交流活动"}
    assert status["规模以上工业增加值增速"] == "无数据"
    assert status["研发经费投入强度"] != "无数据"


def test_a_reporters_export_holds_only_their_units_rows(client, world, open_year):
    figure(world, world.science_indicator, "12")
    figure(world, world.industry_indicator, "3", by=world.bob)
    response = export(client, world.alice, "indicators_progressentry", ProgressEntryResource, CSV)
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and "研发经费投入强度" in rows[1] and "12%" not in text
    assert "规模以上工业增加值增速" not in text
    assert "草稿" in rows[1] and "%" in rows[1]  # the state in words, the unit in its own column


def test_the_export_follows_the_changelists_filters(client, world, open_year):
    figure(world, world.science_indicator, "12", state="submitted")
    figure(world, world.task_target, "8")
    response = export(
        client,
        world.office,
        "indicators_progressentry",
        ProgressEntryResource,
        CSV,
        "?state__exact=submitted",
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and "研发经费投入强度" in rows[1]


def test_every_reporting_changelist_offers_the_export(client, world):
    client.force_login(world.office)
    for name in (
        "indicators_indicator",
        "indicators_progressentry",
        "indicators_task",
        "projects_keyproject",
        "projects_projectprogress",
    ):
        html = client.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert reverse(f"admin:{name}_export") in html


def test_the_export_page_names_the_columns_in_chinese(client, world):
    client.force_login(world.office)
    html = client.get(reverse("admin:indicators_indicator_export")).content.decode()
    assert "计量单位" in html and "Unit Of Measure" not in html
