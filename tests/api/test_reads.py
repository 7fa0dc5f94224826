"""What reporting systems pull: plans with their trees and summaries, indicators with evaluations,
tasks with sub-targets, projects with progress, units and jurisdictions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import given
from hypothesis import strategies as st

from indicators.models import Indicator, IndicatorEvaluation, IndicatorResponsibility
from plans.models import Section
from tests.api.conftest import approved, draft, project_draft, submitted
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db


def stored(indicator, year, status, **fields) -> IndicatorEvaluation:
    return IndicatorEvaluation.objects.create(
        indicator=indicator, year=year, status=status, rule="test", explanation=f"{status} {year}", **fields
    )


def test_a_plan_with_its_section_tree(api, world):
    chapter = Section.objects.create(plan=world.plan, key="c1", number="第一章", title="发展基础", order=1)
    Section.objects.create(
        plan=world.plan, key="c1s1", number="第一节", title="成就", order=2, parent=chapter
    )
    Section.objects.create(plan=world.plan, key="c2", number="第二章", title="总体要求", order=3)
    plan = api("viewer").get(f"/api/v1/plans/{world.plan.pk}/").json()
    assert (plan["title"], plan["start_year"], plan["end_year"], plan["jurisdiction"]["name"]) == (
        "泰安市“十四五”规划",
        2021,
        2025,
        "泰安市",
    )
    assert [(s["number"], [c["title"] for c in s["children"]]) for s in plan["sections"]] == [
        ("第一章", ["成就"]),
        ("第二章", []),
    ]


def test_plans_filter_by_year_and_jurisdiction(api, world):
    admin = api("admin")
    assert admin.get("/api/v1/plans/?year=2023").json()["count"] == 2
    assert admin.get("/api/v1/plans/?year=2030").json()["count"] == 0
    assert [p["id"] for p in admin.get(f"/api/v1/plans/?jurisdiction={world.city.pk}").json()["results"]] == [
        world.plan.pk
    ]


def test_the_summary_counts_statuses_and_lists_binding_failures_first(api, world):
    world.industry_indicator.attribute = Indicator.Attribute.BINDING
    world.industry_indicator.category = "绿色生态"
    world.industry_indicator.save()
    world.science_indicator.category = "创新驱动"
    world.science_indicator.save()
    stored(world.science_indicator, 2023, "not_met")
    stored(world.industry_indicator, 2023, "not_met")
    stored(world.task_target, 2023, "on_track")
    summary = api("office").get(f"/api/v1/plans/{world.plan.pk}/summary/?year=2023").json()
    assert (summary["year"], summary["total"]) == (2023, 3)
    counts = {row["status"]: row["count"] for row in summary["by_status"]}
    assert counts["not_met"] == 2 and counts["on_track"] == 1 and counts["lagging"] == 0
    assert {row["status"]: row["label"] for row in summary["by_status"]}["not_met"] == "未达标"
    assert [n["name"] for n in summary["not_met"]] == ["规模以上工业增加值增速", "研发经费投入强度"]
    assert summary["not_met"][0]["binding"] is True
    by_category = {row["category"]: row["total"] for row in summary["by_category"]}
    assert by_category == {"创新驱动": 1, "绿色生态": 1, "任务1": 1}  # a sub-target: its task


def test_a_reporters_summary_covers_what_they_see(api, world):
    stored(world.science_indicator, 2022, "lagging")
    summary = api("alice").get(f"/api/v1/plans/{world.plan.pk}/summary/?year=2022").json()
    assert summary["total"] == 2  # the science indicator and the task sub-target
    counts = {row["status"]: row["count"] for row in summary["by_status"]}
    # the sub-target has no stored evaluation: it is evaluated now (no figure: no data)
    assert counts["lagging"] == 1 and counts["no_data"] == 1 and None not in counts


def test_the_summary_year_defaults_to_the_latest_approved(api, world):
    approved(world, year=2023)
    assert api("office").get(f"/api/v1/plans/{world.plan.pk}/summary/").json()["year"] == 2023


def test_indicators_carry_baseline_target_units_and_evaluation(api, world):
    stored(
        world.science_indicator,
        2022,
        "ahead",
        expected=Decimal("14"),
        completion=Decimal("0.5"),
        time_progress=Decimal("0.4"),
        forecast_value=Decimal("22.5"),
        forecast_outlook="likely",
        warning="green",
    )
    response = api("viewer").get(f"/api/v1/indicators/?plan={world.plan.pk}&year=2022&ordering=id")
    first = response.json()["results"][0]
    assert first["baseline"] == {"year": 2020, "value": "10", "text": "10", "is_estimate": False}
    assert first["target"] == {
        "year": 2025,
        "text": "20",
        "kind": "level",
        "comparator": "eq",
        "value": "20",
        "unit": "",
    }
    assert first["units"] == [{"id": world.science.pk, "name": "市科技局", "role": "lead"}]
    assert first["evaluation"] == {
        "year": 2022,
        "status": "ahead",
        "status_label": "快于预期",
        "expected": "14",
        "completion": "0.5",
        "time_progress": "0.4",
        "explanation": "ahead 2022",
        "forecast": {"value": "22.5", "outlook": "likely", "outlook_label": "能够完成"},
        "warning": {"colour": "green", "label": "绿色"},
    }
    assert [i["evaluation"] for i in response.json()["results"][1:]] == [None, None]


def test_the_evaluation_defaults_to_each_indicators_latest_approved_year(api, world):
    approved(world, year=2023)  # stores every plan year for the science indicator
    results = api("office").get("/api/v1/indicators/?ordering=id").json()["results"]
    assert results[0]["evaluation"]["year"] == 2023
    assert results[1]["evaluation"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=not_met&year=2022", {"industry_indicator"}),
        ("status=on_track&year=2022", {"science_indicator"}),
        ("status=on_track&year=2023", set()),
        ("attribute=binding", {"industry_indicator"}),
        ("category=创新驱动", {"science_indicator"}),
        ("unit={science}", {"science_indicator"}),
        ("task={task}", {"task_target"}),
        ("origin=task", {"task_target"}),
        ("name=工业", {"industry_indicator"}),
        ("plan={other_plan}", set()),
    ],
)
def test_indicator_filters(api, world, query, expected):
    world.industry_indicator.attribute = Indicator.Attribute.BINDING
    world.industry_indicator.save()
    world.science_indicator.category = "创新驱动"
    world.science_indicator.save()
    stored(world.science_indicator, 2022, "on_track")
    stored(world.industry_indicator, 2022, "not_met")
    query = query.format(science=world.science.pk, task=world.task.pk, other_plan=world.other_plan.pk)
    response = api("office").get(f"/api/v1/indicators/?{query}")
    assert response.status_code == 200
    assert {i["id"] for i in response.json()["results"]} == {getattr(world, name).pk for name in expected}


def test_an_indicator_with_its_figures_and_evaluation_of_a_year(api, world):
    old = approved(world, year=2021, value="12")
    current = draft(world, year=2022, value="14")
    url = f"/api/v1/indicators/{world.science_indicator.pk}/"
    viewer = api("viewer").get(f"{url}?year=2022").json()
    assert [f["id"] for f in viewer["figures"]] == [old.pk]  # viewers see approved figures only
    assert viewer["evaluation"]["year"] == 2022
    # No approved 2022 figure: judged on 2021's, and said so (issue 14, lagged data).
    lagged = viewer["evaluation"]
    assert (lagged["status"], lagged["data_year"], lagged["published_label"]) == (
        "on_track",
        2021,
        "基本符合预期（2021年数据）",
    )
    assert "按最近的2021年数据评定" in lagged["explanation"]
    assert set(lagged) >= {
        "expected",
        "completion",
        "time_progress",
        "rule",
        "explanation",
        "forecast",
        "warning",
    }
    assert set(lagged["forecast"]) == {
        "method",
        "method_label",
        "value",
        "completion",
        "outlook",
        "outlook_label",
        "explanation",
    }
    assert lagged["warning"]["colour"] in {"green", "yellow", "red"}
    for role in ("alice", "office"):
        figures = api(role).get(url).json()["figures"]
        assert [(f["id"], f["state"]) for f in figures] == [(old.pk, "approved"), (current.pk, "draft")]
    default = api("alice").get(url).json()["evaluation"]
    assert (default["year"], default["actual"], default["status"]) == (2021, "12", "on_track")


def test_a_task_with_its_sub_targets_and_their_progress(api, world):
    entry = submitted(world, indicator=world.task_target, value="6")
    task = api("alice").get(f"/api/v1/tasks/{world.task.pk}/").json()
    assert (task["number"], task["text"], task["units"][0]["role"]) == (
        1,
        "开展10场以上高端学术交流活动",
        "shared",
    )
    (target,) = task["targets"]
    assert (target["name"], target["target"]["text"], target["target"]["comparator"]) == (
        "高端学术交流活动",
        "10场以上",
        "ge",
    )
    assert [(f["id"], f["value"], f["state"]) for f in target["figures"]] == [(entry.pk, "6", "submitted")]
    assert api("viewer").get(f"/api/v1/tasks/{world.task.pk}/").json()["targets"][0]["figures"] == []


def test_a_project_with_stage_investment_and_progress(api, world):
    world.science_project.planned_investment = Decimal("20000")
    world.science_project.completed_investment = Decimal("5000")
    world.science_project.stage = "construction"
    world.science_project.save()
    entry = project_draft(world)
    project = api("alice").get(f"/api/v1/projects/{world.science_project.pk}/").json()
    assert (project["stage"], project["planned_investment"], project["investment_share"]) == (
        "construction",
        "20000",
        "0.25",
    )
    assert project["box"]["title"] == "重大项目"
    assert [(p["id"], p["investment_in_period"]) for p in project["progress"]] == [(entry.pk, "500")]
    assert api("viewer").get(f"/api/v1/projects/{world.science_project.pk}/").json()["progress"] == []
    assert api("office").get("/api/v1/projects/?stage=construction").json()["count"] == 1


def test_progress_filters(api, world):
    science = draft(world, year=2022)
    draft(world, user=world.bob, indicator=world.industry_indicator, year=2023)
    office = api("office")
    assert [e["id"] for e in office.get(f"/api/v1/progress/?unit={world.science.pk}").json()["results"]] == [
        science.pk
    ]
    assert office.get("/api/v1/progress/?year=2023").json()["count"] == 1
    assert office.get(f"/api/v1/progress/?indicator={world.science_indicator.pk}").json()["count"] == 1
    assert office.get("/api/v1/progress/?state=submitted").json()["count"] == 0
    assert office.get("/api/v1/progress/?updated_since=2000-01-01T00:00:00Z").json()["count"] == 2


def test_pages_go_up_to_a_thousand(api, world):
    for i in range(3):
        item = make_indicator(world.plan, f"x{i}", f"指标{i}")
        IndicatorResponsibility.objects.create(indicator=item, unit=world.science, role="lead")
    office = api("office")
    page = office.get("/api/v1/indicators/?page_size=2").json()
    assert (page["count"], len(page["results"]), page["next"] is not None) == (6, 2, True)
    assert len(office.get("/api/v1/indicators/?page_size=5000").json()["results"]) == 6
    names = [i["name"] for i in office.get("/api/v1/indicators/?ordering=-name").json()["results"]]
    assert names == sorted(names, reverse=True)


def test_the_name_filter_matches_part_of_a_name_as_written(api, world):
    """`%` and `_` are characters of the name, not wildcards; Latin letters match either case."""
    make_indicator(world.plan, "p1", "Ⅰ类水体比例%")
    make_indicator(world.plan, "p2", "PM2_5浓度")
    make_indicator(world.plan, "p3", "PM2.5达标天数")
    office = api("office")

    def named(part: str) -> list[str]:
        return sorted(i["name"] for i in office.get("/api/v1/indicators/", {"name": part}).json()["results"])

    assert named("%") == ["Ⅰ类水体比例%"]
    assert named("2_5") == ["PM2_5浓度"]
    assert named("pm2") == ["PM2.5达标天数", "PM2_5浓度"]
    assert named("研发") == ["研发经费投入强度"]


def test_offices_listing_in_turn_each_see_their_own_indicators(api, world):
    """The list's query is compiled once per caller's scope and shape (api/selectors.py)."""
    url = "/api/v1/indicators/?year=2022&page_size=10"
    for _ in range(2):
        for who, plan in (("office", world.plan), ("charlie", world.other_plan), ("viewer", world.plan)):
            listed = api(who).get(url).json()["results"]
            assert listed and {i["plan"] for i in listed} == {plan.pk}, who


def test_pages_count_the_same_whether_or_not_the_count_is_queried(api, world):
    """A page that is not full tells the count from its rows (api/base.py Paginator)."""
    for i in range(3):
        make_indicator(world.plan, f"x{i}", f"指标{i}")
    office = api("office")
    pages = {
        page: office.get(f"/api/v1/indicators/?page_size=4&page={page}") for page in ("1", "2", "3", "last")
    }
    answers = [(r.status_code, r.json().get("count")) for r in pages.values()]
    assert answers == [(200, 6), (200, 6), (404, None), (200, 6)]
    assert [len(pages[p].json()["results"]) for p in ("1", "2", "last")] == [4, 2, 2]
    assert pages["2"].json()["next"] is None and pages["2"].json()["previous"] is not None
    for page in ("0", "-1", "x", "2.0", "99999999999999999999999"):
        assert office.get(f"/api/v1/indicators/?page={page}").status_code == 404, page
    none = office.get("/api/v1/indicators/?name=不存在").json()
    assert (none["count"], none["results"]) == (0, [])


def test_units_and_jurisdictions(api, world):
    office = api("office")
    units = office.get(f"/api/v1/units/?jurisdiction={world.city.pk}&is_planning_office=true").json()
    assert [u["name"] for u in units["results"]] == ["市发展改革委"]
    cities = office.get(f"/api/v1/jurisdictions/?parent={world.province.pk}&ordering=name").json()
    assert [j["name"] for j in cities["results"]] == sorted(["泰安市", "济南市"])


def test_the_fast_list_rows_equal_the_documented_serializer(api, world):
    """The list builds rows from values_list() (api/serializers.py indicator_rows); the detail and
    the schema use IndicatorSerializer on model instances: the two must give the same fields."""
    from api.selectors import indicator_list, responsibilities
    from api.serializers import IndicatorSerializer

    world.science_indicator.baseline_value = Decimal("1234567.125")
    world.science_indicator.annual_value = Decimal("-0.5")
    world.science_indicator.save()
    IndicatorResponsibility.objects.create(
        indicator=world.science_indicator, unit=world.industry, role="cooperating"
    )
    stored(world.science_indicator, 2022, "lagging", expected=Decimal("1E+2"), completion=Decimal("0"))
    listed = api("admin").get("/api/v1/indicators/?year=2022&ordering=id").json()["results"]
    instances = indicator_list(world.admin, 2022).prefetch_related(responsibilities(IndicatorResponsibility))
    documented = IndicatorSerializer(instances.order_by("id"), many=True).data
    assert listed == [dict(item) for item in documented]
    assert listed[0]["baseline"]["value"] == "1234567.125"
    assert listed[0]["evaluation"]["expected"] == "100"
    assert [u["role"] for u in listed[0]["units"]] == ["lead", "cooperating"]


def text_of_djangos_decimal(value):
    """decimal_text of the Decimal Django's SQLite backend makes of a stored value field's float."""
    from api.serializers import decimal_text

    column = Indicator._meta.get_field("baseline_value").get_col("indicators_indicator")
    for convert in [*connection.ops.get_db_converters(column), *column.get_db_converters(connection)]:
        value = convert(value, column, connection)
    assert isinstance(value, Decimal)
    return decimal_text(value)


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL returns Decimals")
SQLITE_VALUES = [
    0.1,
    12.5,
    -0.0,
    0.0,
    5,
    -3,
    1234567.125,
    999999999.999999,
    1e9,
    -1e9 + 0.5,
    1e-07,
    0.1234567891,
]
SQLITE_VALUES += [
    123456789012.345678,
    10**12,
    0.000001,
    0.0000005,
    2.0000005,
    7.1e-05,
    1 / 3,
    2 / 3,
    -12.000001,
]


@sqlite_only
@pytest.mark.parametrize("value", SQLITE_VALUES)
def test_decimals_read_from_sqlite_give_the_text_of_djangos_decimal(value):
    """The list turns SQLite's floats into text without Django's converter (stored_decimal_text):
    the same text as Django's Decimal of them, whether the shortcut applies or not."""
    from api.serializers import stored_decimal_text

    assert stored_decimal_text(value) == text_of_djangos_decimal(value)


@sqlite_only
@given(st.decimals(min_value=-(10**13), max_value=10**13, places=6, allow_nan=False))
def test_any_stored_decimal_reads_from_sqlite_as_djangos_decimal_of_it(value):
    """A value field's decimal (6 places), as SQLite stores it: an int when whole, else a double."""
    from api.serializers import stored_decimal_text

    stored = int(value) if value == value.to_integral_value() else float(value)
    assert stored_decimal_text(stored) == text_of_djangos_decimal(stored)
