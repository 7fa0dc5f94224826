"""Every entry's and target's history, from its page: who, when, before and after, and why."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators.services import indicator_save
from tests.admin_entry.conftest import figure, page

pytestmark = pytest.mark.django_db


def history_url(name: str, pk: int) -> str:
    return reverse(f"admin:{name}_history", args=[pk])


def test_an_entrys_history_shows_who_what_changed_and_the_return_reason(client, world, open_year):
    entry = figure(world, world.science_indicator, "12", state="returned")
    html = page(client, world.alice, history_url("indicators_progressentry", entry.pk))
    assert html.count('class="history-record"') == 3  # entered, submitted, returned
    assert "alice" in html and "office" in html
    assert "口径不对" in html  # the reason
    assert "已提交 &rarr; 已退回" in html  # the state change, in words
    assert "Deleted" not in html and "None" not in html  # an empty reviewer is "—", not a placeholder
    assert "年" in html and "月" in html  # when, in Chinese format


def test_a_targets_history_shows_the_edit(client, world):
    indicator = world.science_indicator
    indicator.target_text = "25"
    indicator_save(indicator=indicator, user=world.office)
    html = page(client, world.office, history_url("indicators_indicator", indicator.pk))
    assert "20 &rarr; 25" in html and "office" in html


def test_the_object_pages_link_their_history(client, world):
    for name, pk in (
        ("indicators_indicator", world.science_indicator.pk),
        ("projects_keyproject", world.science_project.pk),
        ("indicators_task", world.task.pk),
    ):
        html = page(client, world.alice, reverse(f"admin:{name}_change", args=[pk]))
        assert history_url(name, pk) in html


def test_another_units_history_is_not_found(client, world, open_year):
    bobs = figure(world, world.industry_indicator, "3", by=world.bob)
    client.force_login(world.alice)
    for name, pk in (
        ("indicators_progressentry", bobs.pk),
        ("indicators_indicator", world.industry_indicator.pk),
        ("projects_keyproject", world.industry_project.pk),
    ):
        assert client.get(history_url(name, pk)).status_code == 404
    version = bobs.history.first().history_id
    url = reverse("admin:indicators_progressentry_simple_history", args=[bobs.pk, version])
    assert client.get(url).status_code == 404


def test_a_past_version_can_be_read_but_not_restored(client, world, open_year):
    entry = figure(world, world.science_indicator, "12")
    version = entry.history.first().history_id
    url = reverse("admin:indicators_progressentry_simple_history", args=[entry.pk, version])
    html = page(client, world.alice, url)
    assert "12" in html
    assert client.post(url, {"value": "99"}).status_code == 403
    entry.refresh_from_db()
    assert str(entry.value.normalize()) == "12"


def test_a_malformed_id_is_not_found(client, world):
    client.force_login(world.office)
    url = reverse("admin:indicators_progressentry_changelist") + "1/change/history/"
    assert client.get(url).status_code == 404
