"""本单位待填报: a reporter's start page lists their unit's items for the open period, and nothing else."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from progress.models import EntryState
from tests.admin_entry.conftest import YEAR, figure, page

pytestmark = pytest.mark.django_db

WORKLIST = "admin:indicators_progressentry_worklist"


def rows(html: str) -> dict[str, str]:
    """Each listed item's name → its state."""
    return dict(
        re.findall(r'class="worklist-row" data-kind="\w+" data-name="([^"]+)" data-state="(\w+)"', html)
    )


def test_the_reporters_admin_index_is_their_units_list(client, world, open_year):
    html = page(client, world.alice, reverse("admin:index"))
    assert rows(html) == {
        "研发经费投入强度": "missing",
        "高端学术交流活动": "missing",
        "泰山创新谷": "missing",
    }
    assert "规模以上工业增加值增速" not in html and "智能制造产业园" not in html
    assert reverse(WORKLIST) in html
    assert reverse("admin:indicators_progressentry_template") in html


def test_the_start_page_lists_the_same_items_with_counts_per_state(client, world, open_year):
    figure(world, world.science_indicator, "12", state="submitted")
    html = page(client, world.bob, reverse(WORKLIST))
    assert rows(html) == {"规模以上工业增加值增速": "missing", "智能制造产业园": "missing"}
    html = page(client, world.alice, reverse(WORKLIST))
    assert rows(html)["研发经费投入强度"] == "submitted"
    counts = dict(re.findall(r'data-state="(\w+)">[^<]*<strong>(\d+)</strong>', html))
    assert counts == {"missing": "2", "returned": "0", "draft": "0", "submitted": "1", "approved": "0"}


def test_a_row_shows_target_last_years_figure_this_figure_deadline_and_return_reason(
    client, world, open_year
):
    figure(world, world.science_indicator, "14", year=YEAR - 1, state="approved")
    figure(world, world.science_indicator, "15.50", state="returned")
    html = page(client, world.alice, reverse(WORKLIST))
    row = re.search(r'data-name="研发经费投入强度".*?</tr>', html, re.S).group(0)
    assert '<td data-label="目标">20%</td>' in row  # the target as written, with its unit
    assert (
        '<td data-label="上年" class="previous">14%</td>' in row
    )  # last year's approved figure, with its unit
    assert "15.5%" in row  # this year's, without trailing zeros
    assert 'data-state="returned"' in row and "口径不对" in row
    local = timezone.localtime(open_year.deadline)
    assert f"{local.year}年{local.month}月{local.day}日" in html  # the deadline, in Chinese format
    url = reverse("admin:indicators_progressentry_enter", args=[world.science_indicator.pk, YEAR])
    assert f'href="{url}"' in row  # straight to its entry page


def test_the_year_after_the_base_year_shows_the_baseline_as_last_years_figure(client, world, open_year):
    world.science_indicator.baseline_year, world.science_indicator.baseline_value = YEAR - 1, 9
    world.science_indicator.save()
    html = page(client, world.alice, reverse(WORKLIST))
    row = re.search(r'data-name="研发经费投入强度".*?</tr>', html, re.S).group(0)
    assert '<td data-label="上年" class="previous">9%</td>' in row


def test_a_passed_deadline_is_shown_as_closed(client, world, closed_year):
    html = page(client, world.alice, reverse(WORKLIST))
    assert "deadline-passed" in html


def test_the_office_index_links_the_dashboard_not_a_list(client, world):
    for user in (world.office, world.viewer, world.admin):
        html = page(client, user, reverse("admin:index"))
        assert reverse("admin:plan_dashboard") in html
        assert "worklist-row" not in html


def test_submitting_from_the_start_page_goes_through_the_service(client, world, open_year):
    draft = figure(world, world.science_indicator, "12")
    client.force_login(world.alice)
    response = client.post(reverse(WORKLIST), {"entry": [draft.pk]}, follow=True)
    draft.refresh_from_db()
    assert draft.state == EntryState.SUBMITTED
    assert [m.level_tag for m in response.context["messages"]] == ["success"]


def test_a_closed_period_refuses_the_submission_and_says_which_row(client, world, open_year):
    draft = figure(world, world.science_indicator, "12")
    open_year.deadline = timezone.now() - timedelta(hours=1)
    open_year.save()
    client.force_login(world.alice)
    response = client.post(reverse(WORKLIST), {"entry": [draft.pk]}, follow=True)
    draft.refresh_from_db()
    assert draft.state == EntryState.DRAFT
    (message,) = response.context["messages"]
    assert message.level_tag == "error" and "研发经费投入强度 2025" in str(message)


def test_another_units_entry_cannot_be_submitted_from_the_start_page(client, world, open_year):
    bobs = figure(world, world.industry_indicator, "3", by=world.bob)
    client.force_login(world.alice)
    client.post(reverse(WORKLIST), {"entry": [bobs.pk]})
    bobs.refresh_from_db()
    assert bobs.state == EntryState.DRAFT


def test_an_administrator_without_a_unit_sees_an_empty_list(client, world):
    html = page(client, world.admin, reverse(WORKLIST))
    assert "worklist-row" not in html


def test_a_forged_selection_is_ignored(client, world):
    client.force_login(world.alice)
    response = client.post(reverse(WORKLIST), {"entry": ["abc", "1;drop"]}, follow=True)
    assert response.status_code == 200
