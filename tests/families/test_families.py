"""Plan families: links, decompositions, comparison, roll-up, family counts and baseline continuity."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from families.models import Decomposition, IndicatorLink
from families.selectors import baseline_offers, comparison, family_counts, link_suggestions, roll_ups
from families.services import (
    baseline_replace,
    decomposition_create,
    indicator_link,
)
from indicators.models import Indicator
from plans.models import Plan
from plans.services import plan_links_set
from tests.conftest import make_indicator
from tests.families.conftest import approve

pytestmark = pytest.mark.django_db


def message(error: ValidationError, field: str) -> str:
    return " ".join(error.message_dict[field])


# --- links -----------------------------------------------------------------------------------------


def test_linking_keeps_the_factor_into_the_common_unit(family):
    row = make_indicator(family.district_plans[0], "v2", "财政收入", unit_of_measure="万元")
    link = indicator_link(indicator=row, common=family.revenue, user=family.world.admin)
    assert link.factor == Decimal("0.0001")


def test_a_unit_that_cannot_be_converted_is_refused_and_nothing_is_linked(family):
    row = make_indicator(family.world.plan, "x1", "一般公共预算收入增速", unit_of_measure="%")
    with pytest.raises(ValidationError) as refused:
        indicator_link(indicator=row, common=family.revenue, user=family.world.office)
    assert "不能换算" in message(refused.value, "common")
    assert not IndicatorLink.objects.filter(indicator=row).exists()


def test_only_the_office_of_the_plan_links(family):
    with pytest.raises(PermissionDenied):
        indicator_link(
            indicator=family.world.industry_indicator, common=family.research, user=family.world.alice
        )


def test_suggestions_name_the_common_indicator_but_link_nothing(family, django_assert_num_queries):
    row = make_indicator(family.world.plan, "x2", "R&D经费投入强度（%）")
    with django_assert_num_queries(1):
        suggestions = link_suggestions([row])
    assert [common.name for common, _s in suggestions[row.pk]][:1] == ["研发经费投入强度"]
    assert not IndicatorLink.objects.filter(indicator=row).exists()


# --- plan trees and chains -------------------------------------------------------------------------


def test_a_plan_tree_loop_is_refused(family):
    with pytest.raises(ValidationError) as refused:
        plan_links_set(
            plan=family.world.plan, parent=family.district_plans[0], predecessor=None, user=family.world.admin
        )
    assert "循环" in message(refused.value, "parent")
    family.world.plan.refresh_from_db()
    assert family.world.plan.parent_id is None


def test_a_parent_plan_from_a_jurisdiction_that_is_not_above_is_refused(family):
    with pytest.raises(ValidationError) as refused:
        plan_links_set(
            plan=family.district_plans[0],
            parent=family.world.other_plan,
            predecessor=None,
            user=family.world.admin,
        )
    assert "上级" in message(refused.value, "parent")


def test_a_successor_chain_needs_the_same_place_and_an_earlier_plan(family):
    world = family.world
    successor = Plan.objects.create(
        key="taian-15",
        title="泰安市“十五五”规划",
        kind=Plan.Kind.FIVE_YEAR,
        jurisdiction=world.city,
        start_year=2026,
        end_year=2030,
        base_year=2025,
    )
    plan_links_set(plan=successor, parent=None, predecessor=world.plan, user=world.office)
    assert world.plan.successor == successor
    with pytest.raises(ValidationError):
        plan_links_set(plan=world.plan, parent=None, predecessor=successor, user=world.admin)
    with pytest.raises(ValidationError):
        plan_links_set(plan=successor, parent=None, predecessor=world.other_plan, user=world.admin)


# --- decomposition and roll-up ---------------------------------------------------------------------


def test_decomposition_goes_only_to_jurisdictions_below(family):
    city_revenue = family.revenue_rows[0]
    with pytest.raises(ValidationError) as refused:
        decomposition_create(
            parent=city_revenue, child=family.world.other_indicator, user=family.world.office
        )
    assert "下级" in message(refused.value, "child")
    with pytest.raises(ValidationError):
        decomposition_create(parent=family.revenue_rows[1], child=city_revenue, user=family.world.admin)
    assert not Decomposition.objects.exists()


def test_decomposition_refuses_units_that_do_not_convert(family):
    row = make_indicator(family.district_plans[0], "x3", "收入增速", unit_of_measure="%")
    with pytest.raises(ValidationError):
        decomposition_create(parent=family.revenue_rows[0], child=row, user=family.world.office)


def test_roll_up_sits_beside_the_own_figure_and_flags_targets_that_fall_short(
    family, django_assert_num_queries
):
    city, *districts = family.revenue_rows
    for child in districts:
        decomposition_create(parent=city, child=child, user=family.world.office)
    approve(city, 2022, "95")
    approve(districts[0], 2022, "400000")  # 40 亿元
    approve(districts[1], 2022, "500000")
    city = Indicator.objects.get(pk=city.pk)
    # Decompositions with their members, the roll-up rules, the figures (no weight for a sum).
    with django_assert_num_queries(3):
        view = roll_ups([city], 2022)[city.pk]
    assert view.own == Decimal(95)
    assert view.rolled_up == Decimal(90)
    assert (view.members, view.members_reported) == (2, 2)
    # Each district was handed 30 亿元, which add up to 60 亿元 against the city's 100.
    assert view.targets.adds_up is False and view.targets.shortfall == Decimal(40)


def test_a_weighted_share_rolls_up_by_population(family):
    city = family.world.science_indicator
    for child in family.research_rows:
        decomposition_create(parent=city, child=child, user=family.world.office)
    approve(family.research_rows[0], 2022, "2.0")
    approve(family.research_rows[1], 2022, "3.5")
    approve(family.population_rows[0], 2022, "100")
    approve(family.population_rows[1], 2022, "50")
    assert roll_ups([city], 2022)[city.pk].rolled_up == Decimal("2.5")


# --- comparison ------------------------------------------------------------------------------------


def test_comparison_puts_every_jurisdiction_side_by_side(family, django_assert_num_queries):
    for row, value in zip(family.revenue_rows, ["95", "400000", "500000"], strict=True):
        approve(row, 2022, value)
    # The members with figure and status in one query (the revenue has no weight).
    with django_assert_num_queries(1):
        result = comparison(user=family.world.office, common=family.revenue, year=2022)
    got = {(row.jurisdiction, row.value, row.rank) for row in result.rows}
    assert got == {
        ("泰安市", Decimal(95), 1),
        ("泰安市泰山区", Decimal(40), 3),
        ("泰安市岱岳区", Decimal(50), 2),
    }
    assert all(row.status for row in result.rows)
    assert {row.warning for row in result.rows} <= {"green", "yellow", "red"}


def test_comparison_ranks_per_capita_when_a_weight_exists(family, django_assert_num_queries):
    approve(family.research_rows[0], 2022, "2.0")
    approve(family.research_rows[1], 2022, "1.8")
    approve(family.world.science_indicator, 2022, "3.0")
    approve(family.population_rows[0], 2022, "100")
    approve(family.population_rows[1], 2022, "30")
    approve(Indicator.objects.get(plan=family.world.plan, key="p1"), 2022, "560")
    # The members, then the weight figures of their plans.
    with django_assert_num_queries(2):
        result = comparison(user=family.world.admin, common=family.research, year=2022)
    by_place = {row.jurisdiction: row for row in result.rows}
    assert by_place["泰安市岱岳区"].per_capita == Decimal("0.06")
    assert by_place["泰安市岱岳区"].rank == 1


def test_comparison_shows_only_what_the_caller_may_see(family):
    approve(family.research_rows[0], 2022, "2.0")
    rows = comparison(user=family.world.alice, common=family.research, year=2022).rows
    assert [row.jurisdiction for row in rows] == ["泰安市"]
    assert comparison(user=family.world.charlie, common=family.research, year=2022).rows == []


def test_comparison_costs_the_same_for_more_plans(family, django_assert_num_queries):
    for index in range(5):
        plan = Plan.objects.create(
            key=f"more-{index}",
            title=f"计划{index}",
            kind=Plan.Kind.FIVE_YEAR,
            jurisdiction=family.districts[0],
            start_year=2021,
            end_year=2025,
            base_year=2020,
        )
        IndicatorLink.objects.create(
            indicator=make_indicator(plan, "v", "收入", unit_of_measure="亿元"), common=family.revenue
        )
    with django_assert_num_queries(1):
        comparison(user=family.world.office, common=family.revenue, year=2022)


def test_family_counts_each_member(family, django_assert_num_queries):
    approve(family.research_rows[0], 2022, "20")
    with django_assert_num_queries(3):
        members = family_counts(user=family.world.office, plan=family.world.plan, year=2022)
    assert [member.plan.pk for member in members] == [
        family.world.plan.pk,
        *[p.pk for p in family.district_plans],
    ]
    assert members[1].counts == {"achieved_early": 1}
    assert members[1].indicators == 3


# --- continuity ------------------------------------------------------------------------------------


def test_an_estimated_baseline_is_offered_the_approved_figure_and_replaced_with_history(family):
    world = family.world
    successor = Plan.objects.create(
        key="taian-15",
        title="泰安市“十五五”规划",
        kind=Plan.Kind.FIVE_YEAR,
        jurisdiction=world.city,
        start_year=2026,
        end_year=2030,
        base_year=2025,
        predecessor=world.plan,
    )
    row = make_indicator(
        successor,
        "r1",
        "研发经费投入强度",
        baseline_text="2.6",
        baseline_value=Decimal("2.6"),
        baseline_is_estimate=True,
        target_value=Decimal("3.2"),
    )
    IndicatorLink.objects.create(indicator=row, common=family.research)
    row = Indicator.objects.select_related("plan").get(pk=row.pk)
    assert baseline_offers([row]) == {}
    with pytest.raises(ValidationError):
        baseline_replace(indicator=row, user=world.office)
    approve(world.science_indicator, 2025, "2.71")
    offer = baseline_offers([row])[row.pk]
    assert (offer.figure.year, offer.figure.value) == (2025, Decimal("2.71"))
    baseline_replace(indicator=row, user=world.office)
    row.refresh_from_db()
    assert (row.baseline_value, row.baseline_is_estimate) == (Decimal("2.71"), False)
    assert row.history.first().prev_record.baseline_value == Decimal("2.6")
