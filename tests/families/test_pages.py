"""The API and admin pages of plan families: scoped, Chinese, constant in queries."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from families.models import Decomposition, IndicatorLink
from tests.conftest import make_indicator
from tests.families.conftest import approve

pytestmark = pytest.mark.django_db


def test_api_comparison_lists_jurisdictions_in_the_common_unit(client, family):
    for row, value in zip(family.revenue_rows, ["95", "400000", "500000"], strict=True):
        approve(row, 2022, value)
    client.force_login(family.world.office)
    url = reverse("common-indicator-comparison", args=[family.revenue.pk])
    body = client.get(url, {"year": 2022}).json()
    assert [(row["jurisdiction"], row["value"], row["rank"]) for row in body["rows"]] == [
        ("泰安市", "95", 1),
        ("泰安市岱岳区", "50", 2),
        ("泰安市泰山区", "40", 3),
    ]


def test_api_comparison_needs_a_year_and_says_so_in_chinese(client, family):
    client.force_login(family.world.office)
    response = client.get(reverse("common-indicator-comparison", args=[family.revenue.pk]))
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "year"
    assert "年份" in response.json()["errors"][0]["message"]


def test_api_link_refuses_a_unit_that_does_not_convert_and_hides_other_places(client, family):
    client.force_login(family.world.office)
    row = make_indicator(family.world.plan, "x1", "收入增速", unit_of_measure="%")
    url = reverse("common-indicator-link", args=[family.revenue.pk])
    refused = client.post(url, {"indicator": row.pk}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "common"
    assert (
        client.post(
            url, {"indicator": family.world.other_indicator.pk}, content_type="application/json"
        ).status_code
        == 404
    )
    ok = client.post(url, {"indicator": family.revenue_rows[0].pk}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["common"] == family.revenue.pk


def test_api_plan_family_counts_every_member(client, family):
    approve(family.research_rows[0], 2022, "20")
    client.force_login(family.world.office)
    body = client.get(reverse("plan-family-detail", args=[family.world.plan.pk]), {"year": 2022}).json()
    assert [member["jurisdiction"] for member in body] == ["泰安市", "泰安市泰山区", "泰安市岱岳区"]
    assert body[1]["counts"] == {"achieved_early": 1}


def test_plan_api_shows_its_parent_and_predecessor(client, family):
    client.force_login(family.world.office)
    body = client.get(reverse("plan-detail", args=[family.district_plans[0].pk])).json()
    assert body["parent"] == family.world.plan.pk and body["predecessor"] is None


def test_admin_comparison_page_and_its_table(client, family):
    approve(family.revenue_rows[1], 2022, "400000")
    client.force_login(family.world.office)
    url = reverse("admin:families_commonindicator_comparison", args=[family.revenue.pk])
    page = client.get(url, {"year": 2022}).content.decode()
    assert "一般公共预算收入 横向比较" in page and "泰安市泰山区" in page and "无数据" in page
    sheet = client.get(url, {"year": 2022, "format": "xlsx"})
    book = load_workbook(BytesIO(sheet.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "一般公共预算收入 2022年横向比较表"
    assert rows[2][:4] == (1, "泰安市泰山区", "泰山区“十四五”规划", 40)
    assert book.active.page_setup.orientation == "landscape" and book.active.print_title_rows == "$2:$2"


def test_admin_suggestions_link_only_when_the_office_chooses(client, family):
    row = make_indicator(family.world.plan, "x2", "研发投入强度")
    client.force_login(family.world.office)
    url = reverse("admin:families_commonindicator_suggestions")
    page = client.get(url, {"plan": family.world.plan.pk}).content.decode()
    assert "关联到研发经费投入强度" in page
    assert not IndicatorLink.objects.filter(indicator=row).exists()
    client.post(f"{url}?plan={family.world.plan.pk}", {"indicator": row.pk, "common": family.research.pk})
    assert IndicatorLink.objects.get(indicator=row).common == family.research


def test_a_viewer_sees_suggestions_but_cannot_link(client, family):
    client.force_login(family.world.viewer)
    url = reverse("admin:families_commonindicator_suggestions")
    assert "关联到" not in client.get(url, {"plan": family.world.plan.pk}).content.decode()
    response = client.post(
        f"{url}?plan={family.world.plan.pk}",
        {"indicator": family.world.science_indicator.pk, "common": family.revenue.pk},
    )
    assert response.status_code == 403


def test_admin_decomposition_form_refuses_with_the_reason_and_saves_nothing(client, family):
    client.force_login(family.world.office)
    response = client.post(
        reverse("admin:families_decomposition_add"),
        {"parent": family.revenue_rows[0].pk, "child": family.world.other_indicator.pk},
    )
    assert "下级行政区划" in response.content.decode()
    assert not Decomposition.objects.exists()


def test_admin_plan_form_refuses_a_loop(client, family):
    client.force_login(family.world.admin)
    url = reverse("admin:plans_plan_change", args=[family.world.plan.pk])
    page = client.get(url)
    assert page.status_code == 200 and "上一期规划" in page.content.decode()


def test_comparison_pages_cost_the_same_for_more_members(client, family, django_assert_max_num_queries):
    client.force_login(family.world.office)
    url = reverse("common-indicator-comparison", args=[family.revenue.pk])
    with django_assert_max_num_queries(12):
        client.get(url, {"year": 2022})
    for index in range(6):
        IndicatorLink.objects.create(
            indicator=make_indicator(
                family.district_plans[index % 2], f"m{index}", "收入", unit_of_measure="亿元"
            ),
            common=family.revenue,
        )
    with django_assert_max_num_queries(12):
        client.get(url, {"year": 2022})


def test_family_page_counts_members_flags_short_targets_and_replaces_baselines(client, family):
    from families.services import decomposition_create
    from plans.models import Plan

    world = family.world
    city, *districts = family.revenue_rows
    for child in districts:
        decomposition_create(parent=city, child=child, user=world.office)
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
    estimate = make_indicator(
        successor,
        "r1",
        "研发经费投入强度",
        baseline_value="2.6",
        baseline_is_estimate=True,
        target_value="3.2",
    )
    IndicatorLink.objects.create(indicator=estimate, common=family.research)
    approve(world.science_indicator, 2025, "2.71")
    client.force_login(world.office)
    url = reverse("admin:families_commonindicator_family")
    page = client.get(url, {"plan": world.plan.pk, "year": 2022}).content.decode()
    assert "泰安市泰山区" in page and "分解目标合计比上级目标少40" in page
    offers = client.get(url, {"plan": successor.pk}).content.decode()
    assert "替换预计值" in offers and "2.71" in offers
    client.post(f"{url}?plan={successor.pk}", {"indicator": estimate.pk})
    estimate.refresh_from_db()
    assert str(estimate.baseline_value.normalize()) == "2.71" and not estimate.baseline_is_estimate


def test_family_api_roll_ups_and_baseline_offers(client, family):
    from families.services import decomposition_create

    world = family.world
    city, *districts = family.revenue_rows
    for child in districts:
        decomposition_create(parent=city, child=child, user=world.office)
    approve(districts[0], 2022, "400000")
    approve(districts[1], 2022, "500000")
    client.force_login(world.viewer)
    body = client.get(reverse("plan-family-roll-ups", args=[world.plan.pk]), {"year": 2022}).json()
    assert body == [
        {
            "indicator": city.pk,
            "year": 2022,
            "own": None,
            "roll_up": "sum",
            "rolled_up": "90",
            "members": 2,
            "members_reported": 2,
            "targets_add_up": False,
            "targets_shortfall": "40",
        }
    ]
    assert client.get(reverse("plan-family-baseline-offers", args=[world.plan.pk])).json() == []
    refused = client.post(
        reverse("plan-family-replace-baseline", args=[world.plan.pk]),
        {"indicator": city.pk},
        content_type="application/json",
    )
    assert refused.status_code == 403


def test_demo_family_links_only_exact_names(family):
    from django.core.management import call_command

    from families.models import CommonIndicator

    row = make_indicator(family.world.other_plan, "g1", "地区生产总值增速")
    near = make_indicator(family.world.other_plan, "g2", "地区生产总值增长速度预测")
    call_command("create_demo_families", "--force", stdout=__import__("io").StringIO())
    assert IndicatorLink.objects.get(indicator=row).common == CommonIndicator.objects.get(
        name="地区生产总值增速"
    )
    assert not IndicatorLink.objects.filter(indicator=near).exists()


def test_admin_comparison_without_a_year_opens_on_the_latest_reported_year(client, family):
    client.force_login(family.world.office)
    url = reverse("admin:families_commonindicator_comparison", args=[family.revenue.pk])
    last_year = timezone.localdate().year - 1  # nothing reported yet
    assert f'value="{last_year}" selected' in client.get(url).content.decode()
    approve(family.revenue_rows[1], 2023, "400000")
    page = client.get(url).content.decode()
    assert 'value="2023" selected' in page and "?year=2023&amp;format=xlsx" in page
