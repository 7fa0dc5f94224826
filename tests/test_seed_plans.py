"""`seed_plans` loads the five documents completely, idempotently, atomically and additively."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from importer.seeding import FixtureError, fixture_paths, seed_plans
from indicators.models import Indicator, IndicatorResponsibility, ProgressEntry, Task
from plans.models import Jurisdiction, Plan, ResponsibilityRole, Section, Unit
from projects.models import KeyProject, ProjectBox

pytestmark = pytest.mark.django_db

TAISHAN, TAIAN, SHIZHONG, ZHANGDIAN, HUAIYIN = (
    "taishan-14th-fyp",
    "taian-2023-green-lowcarbon-tasks",
    "shizhong-14th-fyp",
    "zhangdian-14th-fyp",
    "huaiyin-15th-fyp",
)


@pytest.fixture
def seeded(db: object) -> None:
    seed_plans()


def table_rows(plan_key: str) -> list[Indicator]:
    return list(Indicator.objects.filter(plan__key=plan_key, origin=Indicator.Origin.TABLE).order_by("order"))


def every_row_count() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_all_five_plans_with_their_jurisdictions(seeded):
    assert set(Plan.objects.values_list("key", flat=True)) == {TAISHAN, TAIAN, SHIZHONG, ZHANGDIAN, HUAIYIN}
    taishan = Plan.objects.get(key=TAISHAN)
    assert taishan.jurisdiction.full_name == "泰安市泰山区"
    assert taishan.jurisdiction.parent.parent.name == "山东省"
    assert (taishan.start_year, taishan.end_year, taishan.base_year, taishan.vision_year) == (
        2021,
        2025,
        2020,
        2035,
    )
    huaiyin = Plan.objects.get(key=HUAIYIN)
    assert (huaiyin.start_year, huaiyin.end_year, huaiyin.base_year) == (2026, 2030, 2025)
    assert huaiyin.jurisdiction.full_name == "济南市槐荫区"
    assert Plan.objects.get(key=SHIZHONG).jurisdiction.parent == huaiyin.jurisdiction.parent  # both in 济南市


def test_the_task_list_keeps_its_document_number_and_both_dates(seeded):
    plan = Plan.objects.get(key=TAIAN)
    assert plan.document_number == "泰政办字〔2022〕57号"
    assert plan.kind == Plan.Kind.ANNUAL_TASKS
    assert str(plan.signed_on) == "2022-12-28"
    assert str(plan.published_on) == "2023-01-10"
    assert "2022年12月28日" in plan.dates_as_written


def test_indicator_table_row_counts(seeded):
    assert len(table_rows(TAISHAN)) == 16
    assert len(table_rows(ZHANGDIAN)) == 21
    huaiyin = table_rows(HUAIYIN)
    assert len([row for row in huaiyin if row.parent_id is None]) == 14
    composite = next(row for row in huaiyin if row.key == "r6")
    assert [child.name_as_written for child in composite.children.order_by("order")] == [
        "执业医师数（人）",
        "注册护士数（人）",
    ]
    assert table_rows(SHIZHONG) == []  # 002 states its targets in prose only


def test_taishan_table_cells_as_written(seeded):
    gdp, urbanisation = table_rows(TAISHAN)[:2]
    assert (gdp.name, gdp.baseline_text, gdp.target_text, gdp.annual_text) == (
        "地区生产总值增速",
        "3.1",
        "-",
        "5.5",
    )
    assert gdp.annual_kind == "rate" and gdp.annual_value == Decimal("5.5")
    assert (urbanisation.baseline_value, urbanisation.target_value) == (Decimal("89.72"), Decimal("91"))
    assert urbanisation.attribute == Indicator.Attribute.EXPECTED


def test_zhangdian_cumulative_column_and_damaged_rows(seeded):
    rows = {row.number.strip("()（）"): row for row in table_rows(ZHANGDIAN)}
    urbanisation = rows["2"]
    assert (urbanisation.baseline_text, urbanisation.target_text, urbanisation.annual_text) == (
        "95.90",
        "95.95",
        "[0.05]",
    )
    assert urbanisation.annual_kind == "cumulative" and urbanisation.annual_value == Decimal("0.05")
    for number in ("16", "17", "18"):
        assert rows[number].note, f"row {number} is damaged in the source: the decision must be recorded"
    assert any(row.footnote for row in rows.values())


def test_huaiyin_baselines_are_estimates(seeded):
    rows = table_rows(HUAIYIN)
    assert all(row.baseline_year == 2025 for row in rows)
    assert all(row.baseline_is_estimate for row in rows if row.baseline_text)


def test_prose_targets_are_kept_with_their_line(seeded):
    prose = Indicator.objects.filter(origin=Indicator.Origin.TEXT)
    assert prose.filter(plan__key=SHIZHONG).count() > 0
    assert not prose.filter(line__isnull=True).exists()
    assert not prose.filter(source_text="").exists()
    # 002's high-tech enterprise target: 到2025年,全区高新技术企业达到240家
    assert prose.filter(plan__key=SHIZHONG, target_value=Decimal("240"), target_comparator="ge").exists()


def test_all_80_tasks_in_11_parts_with_their_units(seeded):
    tasks = Task.objects.filter(plan__key=TAIAN)
    assert tasks.count() == 80
    assert Section.objects.filter(plan__key=TAIAN, parent=None).count() == 11
    assert sorted(tasks.values_list("number", flat=True)) == list(range(1, 81))
    for number in (77, 78, 79, 80):
        assert not tasks.get(number=number).responsibilities.exists()
    two_leads = tasks.get(number=16).responsibilities.filter(role=ResponsibilityRole.LEAD)
    assert sorted(two_leads.values_list("unit__name", flat=True)) == ["市工业和信息化局", "市通信发展办"]
    first = tasks.get(number=1)
    assert sorted(first.responsibilities.values_list("unit__name", "role")) == [
        ("市科协", "shared"),
        ("市科技局", "shared"),
    ]


def test_every_responsible_unit_once(seeded):
    units = Unit.objects.filter(jurisdiction__name="泰安市")
    names = list(units.values_list("name", flat=True))
    assert len(names) == len(set(names)) == 40
    assert "市市场监管局" in names


def test_task_sub_targets_are_trackable(seeded):
    targets = Indicator.objects.filter(plan__key=TAIAN, origin=Indicator.Origin.TASK)
    assert targets.count() == 60
    exchange = targets.get(name_as_written="开展10场以上高端学术交流活动")
    assert (exchange.target_comparator, exchange.target_value, exchange.target_unit) == (
        "ge",
        Decimal("10"),
        "场",
    )
    assert exchange.task.number == 1 and exchange.target_year == 2023


def test_project_boxes_and_their_projects(seeded):
    taishan_boxes = ProjectBox.objects.filter(plan__key=TAISHAN).order_by("order")
    assert [box.projects.count() for box in taishan_boxes] == [33, 25, 4, 7, 55, 4, 4]
    assert KeyProject.objects.filter(plan__key=TAISHAN).count() == 132
    assert KeyProject.objects.filter(plan__key=TAISHAN, name="泰山信息科技0ffice办公软件").exists()
    huaiyin = ProjectBox.objects.filter(plan__key=HUAIYIN)
    assert huaiyin.filter(kind=ProjectBox.Kind.PROJECTS).count() == 3
    assert not KeyProject.objects.filter(box__kind=ProjectBox.Kind.STRATEGIES).exists()
    assert KeyProject.objects.filter(plan__key=HUAIYIN, group="交通基础设施").exists()


def test_seeding_twice_changes_nothing(seeded):
    before = every_row_count()
    report = seed_plans()
    assert not report.changed, report.summary()
    assert every_row_count() == before


def test_reseeding_keeps_what_users_entered(seeded):
    indicator = Indicator.objects.filter(plan__key=TAISHAN).first()
    unit = Unit.objects.filter(jurisdiction__name="泰安市").first()
    ProgressEntry.objects.create(indicator=indicator, year=2022, value=Decimal("4.2"))
    IndicatorResponsibility.objects.create(indicator=indicator, unit=unit, role=ResponsibilityRole.LEAD)
    before = every_row_count()
    seed_plans()
    assert every_row_count() == before
    assert ProgressEntry.objects.get(indicator=indicator).value == Decimal("4.2")


def test_the_command_reports_and_is_repeatable(db, capsys):
    call_command("seed_plans")
    call_command("seed_plans")
    out = capsys.readouterr().out
    assert "created: none; updated: none" in out.splitlines()[-1]


def broken_copy(tmp_path: Path, mutate) -> list[Path]:
    paths = []
    for path in fixture_paths():
        target = tmp_path / path.name
        shutil.copy(path, target)
        paths.append(target)
    data = json.loads(paths[-1].read_text(encoding="utf-8"))
    mutate(data)
    paths[-1].write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return paths


def test_a_fixture_off_the_schema_names_the_file_and_record(db, tmp_path):
    paths = broken_copy(tmp_path, lambda data: data["indicators"][2]["target"].pop("text"))
    with pytest.raises(FixtureError) as error:
        seed_plans(paths=paths)
    message = str(error.value)
    assert (
        paths[-1].name in message
        and "indicators[2]" in message
        and "'text' is a required property" in message
    )
    assert not Plan.objects.exists()


def test_a_dangling_reference_is_refused_before_anything_is_written(db, tmp_path):
    paths = broken_copy(tmp_path, lambda data: data["indicators"][0].update(parent="no-such-row"))
    with pytest.raises(FixtureError, match="unknown parent indicator 'no-such-row'"):
        seed_plans(paths=paths)
    assert every_row_count() == Counter() or not Plan.objects.exists()


def test_loading_is_all_or_nothing(db, tmp_path):
    # Valid against the schema, refused by the database (plan ends before it starts): earlier files roll back.
    paths = broken_copy(tmp_path, lambda data: data["plan"].update(start_year=2031))
    with pytest.raises(FixtureError, match="the database refused"):
        seed_plans(paths=paths)
    assert not Plan.objects.exists()
    assert not Jurisdiction.objects.exists()


def test_the_command_fails_loudly(db, tmp_path, monkeypatch):
    paths = broken_copy(tmp_path, lambda data: data.pop("units"))
    monkeypatch.setattr("importer.management.commands.seed_plans.fixture_paths", lambda: paths)
    monkeypatch.setattr("importer.seeding.fixture_paths", lambda: paths)
    with pytest.raises(CommandError, match=paths[-1].name):
        call_command("seed_plans")
