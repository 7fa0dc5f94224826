"""Importing a document as a draft plan, and publishing it: in one transaction, by the right people."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.utils import translation
from docx import Document

from importer.seeding import PlanSeeder
from importer.services import ImportFailed, plan_import, plan_publish
from indicators.models import Indicator, Task
from plans.models import Jurisdiction, Plan, Unit
from projects.models import KeyProject
from tests.importer.helpers import DOCS, seed_bytes

pytestmark = pytest.mark.django_db


def row_counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Plan, Indicator, Task, KeyProject, Unit, Jurisdiction))


def test_the_office_imports_its_task_list_as_a_draft(world):
    result = plan_import(content=seed_bytes("001"), filename=DOCS["001"], user=world.office)
    plan = result.plan
    assert (plan.state, plan.source_sha256, plan.source_document) == ("draft", result.sha256, DOCS["001"])
    assert plan.jurisdiction == world.city  # the existing 泰安市, not a second one
    assert plan.tasks.count() == 80 and not plan.tasks.filter(is_imported=False).exists()
    assert plan.indicators.filter(origin=Indicator.Origin.TASK, is_imported=True).count() == 60
    task = plan.tasks.get(number=1)
    assert sorted(task.units.values_list("name", flat=True)) == ["市科协", "市科技局"]
    assert Unit.objects.filter(jurisdiction=world.city, name="市科技局").count() == 1


def test_importing_again_finds_the_plan(world):
    first = plan_import(content=seed_bytes("001"), filename=DOCS["001"], user=world.office)
    before = row_counts()
    again = plan_import(content=seed_bytes("001"), filename="renamed.txt", user=world.office)
    assert again.existing and again.plan == first.plan
    assert row_counts() == before


def test_a_dry_run_writes_nothing(world):
    before = row_counts()
    result = plan_import(content=seed_bytes("001"), filename=DOCS["001"], user=world.office, dry_run=True)
    assert result.plan is None and result.counts["tasks"] == 80
    assert row_counts() == before


def test_nothing_is_written_when_the_database_refuses_a_row(world, monkeypatch):
    before = row_counts()

    def refuse(self):
        raise DatabaseError("simulated failure after the tasks were written")

    monkeypatch.setattr(PlanSeeder, "seed_boxes", refuse)
    with pytest.raises(ImportFailed):
        plan_import(content=seed_bytes("000"), filename=DOCS["000"], create_jurisdiction=True)
    assert row_counts() == before


def test_gbk_document(world):
    text = seed_bytes("003").decode("utf-8")
    result = plan_import(content=text.encode("gb18030"), filename="张店区规划.txt", create_jurisdiction=True)
    assert result.plan.indicators.filter(origin=Indicator.Origin.TABLE).count() == 21
    assert result.plan.jurisdiction.parent.name == "淄博市"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空。"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "该文件不是文本或 Word 文档。"),
        (bytes(range(1, 9)) * 40, "该文件不是文本或 Word 文档。"),
        ("随便写的几句话，没有规划的结构。".encode("gbk"), "未识别出规划结构"),
    ],
)
def test_bad_input_gives_a_chinese_message_and_no_plan(world, content, message):
    before = row_counts()
    with translation.override("zh-hans"), pytest.raises(ImportFailed) as caught:
        plan_import(content=content, filename="upload.txt")
    assert message in caught.value.message
    assert row_counts() == before


def test_a_docx_with_a_real_table(world):
    document = Document()
    document.add_paragraph("泰安市泰山区国民经济和社会发展第十四个五年规划和2035年远景目标纲要")
    document.add_paragraph("第一章 发展目标")
    document.add_paragraph("主要指标")
    table = document.add_table(rows=4, cols=5)
    rows = [
        ["指标（单位）", "2020年", "2025年", "年均增速（%）", "属性"],
        ["经济发展", "", "", "", ""],
        ["（1）地区生产总值增速（%）", "3.1", "-", "5.5", "预期性"],
        ["（2）常住人口城镇化率（%）", "89.72", "91", "-", "预期性"],
    ]
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("第二章 重点任务")
    buffer = io.BytesIO()
    document.save(buffer)
    plan = plan_import(content=buffer.getvalue(), filename="泰山区规划.docx", create_jurisdiction=True).plan
    growth, urbanisation = plan.indicators.order_by("order")
    assert (growth.name_as_written, growth.baseline_text, growth.target_text, growth.annual_text) == (
        "（1）地区生产总值增速（%）",
        "3.1",
        "-",
        "5.5",
    )
    assert (growth.category, growth.baseline_year, growth.target_year) == ("经济发展", 2020, 2025)
    assert urbanisation.target_value == 91 and urbanisation.is_imported


def test_who_may_import(world):
    district = Jurisdiction.objects.create(
        name="泰山区", level=Jurisdiction.Level.DISTRICT, parent=world.city
    )
    with pytest.raises(PermissionDenied):
        plan_import(content=seed_bytes("001"), filename=DOCS["001"], user=world.alice)  # a reporter
    with pytest.raises(PermissionDenied):
        plan_import(content=seed_bytes("001"), filename=DOCS["001"], user=world.charlie)  # 济南市's office
    with pytest.raises(PermissionDenied):  # 泰安市's office may not file a plan under 济南市
        plan_import(
            content=seed_bytes("001"), filename=DOCS["001"], user=world.office, jurisdiction=world.other_city
        )
    # A city's office imports the plans of the districts below it.
    assert (
        plan_import(content=seed_bytes("000"), filename=DOCS["000"], user=world.office).plan.jurisdiction
        == district
    )


def test_the_jurisdiction_is_chosen_and_an_unknown_place_is_never_created(world):
    before = row_counts()
    with pytest.raises(ImportFailed, match="泰安市泰山区"):
        plan_import(content=seed_bytes("000"), filename=DOCS["000"], user=world.admin)
    assert row_counts() == before
    chosen = plan_import(
        content=seed_bytes("000"), filename=DOCS["000"], user=world.admin, jurisdiction=world.city
    )
    assert chosen.plan.jurisdiction == world.city and chosen.suggestion == "泰安市泰山区"


def test_a_unit_named_after_a_place_does_not_create_it(world):
    text = (
        "泰安市人民政府办公室关于印发泰安市2023年重点工作任务的通知\n"
        "1.加强水资源保护。推进节水。(责任单位:协同市水务局、市水利局按职责分工负责)\n"
        "2.加强河道管理。完善河长制。(责任单位:市水利局牵头负责)\n"
    )
    result = plan_import(content=text.encode(), filename="tasks.txt", user=world.office)
    assert result.plan.jurisdiction == world.city
    assert not Jurisdiction.objects.filter(name="协同市").exists()


def test_the_office_drops_items_in_the_preview(world):
    preview = plan_import(content=seed_bytes("001"), filename=DOCS["001"], user=world.office, dry_run=True)
    refs = [item.ref for item in preview.items]
    assert refs.count("task:1") == 1 and len([r for r in refs if r.startswith("task:")]) == 80
    plan = plan_import(
        content=seed_bytes("001"), filename=DOCS["001"], user=world.office, drop=["task:1"]
    ).plan
    assert plan.tasks.count() == 79 and not plan.tasks.filter(number=1).exists()


def test_publishing_confirms_the_draft(world):
    plan = plan_import(content=seed_bytes("001"), filename=DOCS["001"], user=world.office).plan
    with pytest.raises(PermissionDenied):
        plan_publish(plan=plan, user=world.charlie)
    plan_publish(plan=plan, user=world.office)
    plan.refresh_from_db()
    assert plan.state == Plan.State.PUBLISHED
    assert not Indicator.objects.filter(plan=plan, is_imported=True).exists()
    assert not Task.objects.filter(plan=plan, is_imported=True).exists()
    assert plan.tasks.first().history.count() == 2  # imported, then confirmed
