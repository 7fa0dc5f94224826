"""Impossible values are refused with a Chinese message on the field; nothing is half-saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.models import ProgressEntry

pytestmark = pytest.mark.django_db


def add_entry(client, user, **fields: str):
    client.force_login(user)
    data = {"indicator": str(fields.pop("indicator")), **fields}
    return client.post(reverse("admin:indicators_progressentry_add"), data)


def field_errors(response) -> dict[str, list[str]]:
    form = response.context["adminform"].form
    return {name: list(errors) for name, errors in form.errors.items()}


def test_year_outside_the_plan_is_refused_on_the_field(client, world):
    response = add_entry(client, world.alice, indicator=world.science_indicator.pk, year="2030", value="1")
    assert field_errors(response)["year"] == ["年份 2030 不在规划期 2021–2025 内。"]
    assert not ProgressEntry.objects.exists()


def test_quarter_outside_one_to_four_is_refused(client, world):
    response = add_entry(
        client, world.alice, indicator=world.science_indicator.pk, year="2022", quarter="5", value="1"
    )
    assert field_errors(response)["quarter"] == ["确保该值小于或等于4。"]


def test_non_numeric_value_is_refused(client, world):
    response = add_entry(client, world.alice, indicator=world.science_indicator.pk, year="2022", value="十二")
    assert field_errors(response)["value"] == ["请输入数字。"]  # the same wording as bulk uploads


def test_numeric_indicator_needs_a_value(client, world):
    response = add_entry(client, world.alice, indicator=world.science_indicator.pk, year="2022", value="")
    assert field_errors(response)["value"] == ["请填写该指标的数值。"]


def test_qualitative_target_takes_a_judgement_not_a_number(client, world):
    world.science_indicator.target_kind = "unparsed"
    world.science_indicator.save()
    response = add_entry(client, world.alice, indicator=world.science_indicator.pk, year="2022", value="3")
    assert field_errors(response)["value"] == ["该目标为定性目标：请选择评价，不填数值。"]
    response = add_entry(
        client, world.alice, indicator=world.science_indicator.pk, year="2022", judgement="on_track"
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get().judgement == "on_track"


def test_negative_investment_is_refused(client, world):
    client.force_login(world.office)
    url = reverse("admin:projects_keyproject_change", args=[world.science_project.pk])
    response = client.post(
        url,
        {
            "name": world.science_project.name,
            "stage": "reserve",
            "planned_investment": "-100",
            "order": "0",
            "group": "",
            "description": "",
            "responsibilities-TOTAL_FORMS": "0",
            "responsibilities-INITIAL_FORMS": "0",
            "progress-TOTAL_FORMS": "0",
            "progress-INITIAL_FORMS": "0",
        },
    )
    assert field_errors(response)["planned_investment"] == ["确保该值大于或等于0。"]
    world.science_project.refresh_from_db()
    assert world.science_project.planned_investment is None


def test_deleting_a_unit_that_is_still_responsible_is_refused(client, world):
    from indicators.models import IndicatorResponsibility
    from plans.models import Unit

    statistics = Unit.objects.create(name="市统计局", jurisdiction=world.city)
    IndicatorResponsibility.objects.create(
        indicator=world.science_indicator, unit=statistics, role="cooperating"
    )
    client.force_login(world.office)
    url = reverse("admin:plans_unit_delete", args=[statistics.pk])
    page = client.get(url).content.decode()
    assert "无法删除" in page and "将要求删除以下受保护的相关对象" in page  # Django's own zh-hans refusal
    assert "研发经费投入强度" in page  # names what the unit is still responsible for
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Unit.objects.filter(pk=statistics.pk).exists()
    assert IndicatorResponsibility.objects.filter(unit=statistics).exists()


def test_deleting_a_unit_that_still_has_users_is_refused(client, world):
    from plans.models import Unit

    client.force_login(world.office)
    client.post(reverse("admin:plans_unit_delete", args=[world.science.pk]), {"post": "yes"})
    assert Unit.objects.filter(pk=world.science.pk).exists()


def test_a_quarter_is_refused_unless_the_indicator_is_reported_quarterly(client, world):
    response = add_entry(
        client, world.alice, indicator=world.science_indicator.pk, year="2022", quarter="2", value="1"
    )
    assert field_errors(response)["quarter"] == ["该指标按年度填报：季度请留空。"]
    world.science_indicator.reports_quarterly = True
    world.science_indicator.save()
    response = add_entry(
        client, world.alice, indicator=world.science_indicator.pk, year="2022", quarter="2", value="1"
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get().quarter == 2
