"""A plan family on top of the story world: 泰安市's plan with two district plans below it.

泰山区 and 岱岳区 each have a GDP-growth row, a resident-population row and an R&D-intensity row
worded like the city's; a common indicator catalogue names them once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from families.models import CommonIndicator, IndicatorLink
from indicators.models import Indicator, ProgressEntry
from indicators.services import evaluations_refresh
from plans.models import Jurisdiction, Plan
from progress.models import EntryState
from tests.conftest import World, make_indicator


@dataclass
class Family:
    world: World
    districts: list[Jurisdiction]
    district_plans: list[Plan]
    research: CommonIndicator
    population: CommonIndicator
    revenue: CommonIndicator
    research_rows: list[Indicator]
    population_rows: list[Indicator]
    revenue_rows: list[Indicator]


def approve(indicator: Indicator, year: int, value: str) -> ProgressEntry:
    entry = ProgressEntry.objects.create(
        indicator=indicator, year=year, value=Decimal(value), state=EntryState.APPROVED
    )
    evaluations_refresh(indicator_ids=[indicator.pk])
    return entry


@pytest.fixture
def family(world: World) -> Family:
    population = CommonIndicator.objects.create(name="常住人口", unit_of_measure="万人", roll_up="sum")
    research = CommonIndicator.objects.create(
        name="研发经费投入强度",
        unit_of_measure="%",
        aliases=["R&D经费投入强度", "研发投入强度"],
        roll_up="weighted_mean",
        weight=population,
    )
    revenue = CommonIndicator.objects.create(name="一般公共预算收入", unit_of_measure="亿元", roll_up="sum")
    districts, plans, research_rows, population_rows, revenue_rows = [], [], [], [], []
    for index, name in enumerate(["泰山区", "岱岳区"]):
        district = Jurisdiction.objects.create(
            name=name, level=Jurisdiction.Level.DISTRICT, parent=world.city
        )
        plan = Plan.objects.create(
            key=f"district-{index}",
            title=f"{name}“十四五”规划",
            kind=Plan.Kind.FIVE_YEAR,
            jurisdiction=district,
            parent=world.plan,
            start_year=2021,
            end_year=2025,
            base_year=2020,
        )
        districts.append(district)
        plans.append(plan)
        research_rows.append(make_indicator(plan, "r1", "研发投入强度（%）"))
        population_rows.append(make_indicator(plan, "p1", "常住人口", unit_of_measure="万人"))
        revenue_rows.append(
            make_indicator(
                plan, "v1", "一般公共预算收入", unit_of_measure="万元", target_value=Decimal(300_000)
            )
        )
    city_revenue = make_indicator(
        world.plan, "v1", "一般公共预算收入", unit_of_measure="亿元", target_value=Decimal(100)
    )
    city_population = make_indicator(world.plan, "p1", "常住人口", unit_of_measure="万人")
    for row in [*research_rows, world.science_indicator]:
        IndicatorLink.objects.create(indicator=row, common=research)
    for row in [*population_rows, city_population]:
        IndicatorLink.objects.create(indicator=row, common=population)
    for row in revenue_rows:
        IndicatorLink.objects.create(indicator=row, common=revenue, factor=Decimal("0.0001"))
    IndicatorLink.objects.create(indicator=city_revenue, common=revenue)
    return Family(
        world,
        districts,
        plans,
        research,
        population,
        revenue,
        research_rows,
        population_rows,
        [city_revenue, *revenue_rows],
    )
