"""The admin shows each indicator's status, coloured, with the rule and numbers on hover."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import ProgressEntry
from progress.services import entry_approve, entry_save, entry_submit

pytestmark = pytest.mark.django_db


def approved(world, value: str, year: int = 2022) -> None:
    entry = entry_save(
        entry=ProgressEntry(indicator=world.science_indicator, year=year, value=Decimal(value)),
        user=world.alice,
    )
    entry_approve(entry=entry_submit(entry=entry, user=world.alice), user=world.office)


def badge(status: str) -> str:
    """The status badge of a row (the status filter in the sidebar lists every label as well)."""
    return f'class="evaluation-status" data-status="{status}"'


def test_changelist_shows_the_status_of_the_latest_year_with_data(client, world):
    approved(world, "14")
    client.force_login(world.office)
    page = client.get(reverse("admin:indicators_indicator_changelist")).content.decode()
    assert badge("on_track") in page and "基本符合预期" in page
    assert 'title="' in page and "14" in page
    assert badge("no_data") in page  # the industry indicator has no approved figure


def test_the_year_filter_evaluates_another_year(client, world):
    approved(world, "14")
    client.force_login(world.office)
    url = reverse("admin:indicators_indicator_changelist")
    assert badge("on_track") in client.get(url + "?eval_year=2022").content.decode()
    assert badge("on_track") not in client.get(url + "?eval_year=2021").content.decode()  # no 2021 figure


def test_the_detail_page_lists_every_year(client, world):
    approved(world, "12")
    client.force_login(world.alice)
    page = client.get(
        reverse("admin:indicators_indicator_change", args=[world.science_indicator.pk])
    ).content.decode()
    assert "滞后" in page  # 12 against an expected 14 in 2022
    for year in range(2021, 2026):
        assert f"<td>{year}</td>" in page


def test_an_office_edit_of_the_target_is_parsed_again_and_re_evaluated(client, world):
    approved(world, "14")
    indicator = world.science_indicator
    indicator.target_text = "15以上"
    from indicators.services import indicator_save

    indicator_save(indicator=indicator, user=world.office)
    indicator.refresh_from_db()
    assert (indicator.target_comparator, indicator.target_value) == ("ge", Decimal("15"))
    assert indicator.evaluations.get(year=2022).status in {"ahead", "achieved_early"}


def test_the_indicator_page_offers_the_open_sdg_method_too(client, world):
    approved(world, "14")  # 10 → 20 over 2020–2025: 14 in 2022 grows faster than the required rate
    client.force_login(world.office)
    url = reverse("admin:indicators_indicator_change", args=[world.science_indicator.pk])
    page = client.get(url).content.decode()
    assert "复合增速对标法" in page and "进展显著" in page and "Open SDG" not in page
