"""Pages people read carry no curators' English notes, raw keys or unformatted numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.admin_entry.conftest import page

pytestmark = pytest.mark.django_db


def test_the_plan_page_hides_keys_and_curation_notes_from_the_office(client, world):
    plan = world.plan
    plan.dates_as_written = ["2021年7月28日", "2021年7月29日"]
    plan.dates_note = "Line 14: the date of the covering notice"
    plan.note = "No list appears in the text."
    plan.save()
    html = page(client, world.office, reverse("admin:plans_plan_change", args=[plan.pk]))
    assert "2021年7月28日、2021年7月29日" in html and '["2021' not in html
    for english in ("Line 14", "No list appears", plan.key):
        assert english not in html
    html = page(client, world.admin, reverse("admin:plans_plan_change", args=[plan.pk]))
    assert "Line 14" in html  # the administrator still sees the curators' notes


def test_the_indicator_page_reads_the_target_in_words_with_its_unit(client, world):
    indicator = world.science_indicator
    indicator.target_comparator, indicator.target_value = "ge", Decimal("20.000000")
    indicator.baseline_value = Decimal("89.720000")
    indicator.note = "Curated from row 3"
    indicator.save()
    html = page(client, world.office, reverse("admin:indicators_indicator_change", args=[indicator.pk]))
    assert "目标年水平值：不低于20%" in html and "89.72%" in html
    for raw in ("89.720000", "20.000000", "Curated from", "Open SDG", indicator.key + "<"):
        assert raw not in html


def test_the_office_start_page_links_the_import_page(client, world):
    html = page(client, world.office, reverse("admin:index"))
    assert f'href="{reverse("importer:upload")}"' in html


def test_an_entered_figure_not_yet_approved_shows_its_state_not_no_data(client, world, open_year):
    import re

    from tests.admin_entry.conftest import figure

    figure(world, world.science_indicator, "12", state="submitted")
    html = page(client, world.office, reverse("admin:indicators_indicator_changelist"))
    entered = re.search(r"研发经费投入强度.*?</tr>", html, re.S).group(0)
    assert 'data-state="submitted"' in entered and 'data-status="no_data"' not in entered
    nothing = re.search(r"规模以上工业增加值增速.*?</tr>", html, re.S).group(0)
    assert 'data-status="no_data"' in nothing  # nothing entered: no data


def test_a_task_sub_target_lists_the_tasks_units_as_its_own(client, world):
    import re

    html = page(client, world.office, reverse("admin:indicators_indicator_changelist"))
    row = re.search(r"高端学术交流活动.*?</tr>", html, re.S).group(0)
    assert re.search(r'field-lead_units">市科技局<', row)
