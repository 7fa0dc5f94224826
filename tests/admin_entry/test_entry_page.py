"""One figure, one page: enter, save or save-and-submit, and land back on the list with a message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from indicators.models import ProgressEntry
from plans.models import Jurisdiction, Plan, Unit
from progress.models import EntryState
from tests.admin_entry.conftest import YEAR, figure, page
from tests.conftest import make_indicator

pytestmark = pytest.mark.django_db

WORKLIST = reverse("admin:indicators_progressentry_worklist")


def enter_url(indicator, year=YEAR, back=WORKLIST):
    url = reverse("admin:indicators_progressentry_enter", args=[indicator.pk, year])
    return f"{url}?next={back}"


def post(client, user, indicator, data, year=YEAR):
    client.force_login(user)
    return client.post(enter_url(indicator, year), {"explanation": "", "data_source": "", **data})


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_save_and_submit_returns_to_the_list_naming_it_and_offering_the_next(client, world, open_year):
    response = post(client, world.alice, world.science_indicator, {"value": "2.35", "_submit": "1"})
    assert response.status_code == 302 and response["Location"] == WORKLIST
    entry = ProgressEntry.objects.get(indicator=world.science_indicator, year=YEAR)
    assert entry.state == EntryState.SUBMITTED and entry.value == Decimal("2.35")
    (message,) = texts(response)
    assert f"已提交 {YEAR} 年 研发经费投入强度 的数据" in message
    next_url = reverse("admin:indicators_progressentry_enter", args=[world.task_target.pk, YEAR])
    assert f'href="{next_url}?next=' in message and "下一项：高端学术交流活动" in message


def test_save_keeps_a_draft_and_says_so(client, world, open_year):
    response = post(client, world.alice, world.science_indicator, {"value": "2.35", "_save": "1"})
    assert response.status_code == 302
    assert ProgressEntry.objects.get(indicator=world.science_indicator, year=YEAR).state == EntryState.DRAFT
    assert f"已保存 {YEAR} 年 研发经费投入强度 的数据（尚未提交）" in texts(response)[0]


def test_a_value_that_is_not_a_number_is_shown_on_the_form_and_nothing_is_saved(client, world, open_year):
    response = post(client, world.alice, world.science_indicator, {"value": "22家", "_submit": "1"})
    assert response.status_code == 200
    assert "22家" in response.content.decode() and "errorlist" in response.content.decode()
    assert not ProgressEntry.objects.filter(indicator=world.science_indicator).exists()


def test_a_returned_figure_shows_the_reason_and_its_history_and_can_be_corrected(client, world, open_year):
    entry = figure(world, world.science_indicator, "15.50", state="returned")
    html = page(client, world.alice, enter_url(world.science_indicator))
    assert 'id="return-reason"' in html and "口径不对" in html
    history = html[html.index('id="entry-history"') :]
    assert history.count('class="entry-state"') == 3  # entered, submitted, returned
    assert "市发展改革委 office" in history  # who returned it: unit and name
    response = post(
        client,
        world.alice,
        world.science_indicator,
        {"value": "15.8", "version": entry.version, "_submit": "1"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.state == EntryState.SUBMITTED and entry.value == Decimal("15.8")


def test_a_submitted_figure_is_read_only(client, world, open_year):
    figure(world, world.science_indicator, "15", state="submitted")
    html = page(client, world.alice, enter_url(world.science_indicator))
    assert 'id="save-and-submit"' not in html and 'id="read-only-note"' in html
    assert post(client, world.alice, world.science_indicator, {"value": "16"}).status_code == 403


def test_another_units_indicator_is_not_found(client, world, open_year):
    client.force_login(world.bob)
    assert client.get(enter_url(world.science_indicator)).status_code == 404


def test_an_office_reads_a_lower_jurisdictions_figure_without_entry_buttons(client, world):
    district = Jurisdiction.objects.create(name="泰山区", level=Jurisdiction.Level.COUNTY, parent=world.city)
    Unit.objects.create(name="区发展改革局", jurisdiction=district, is_planning_office=True)
    plan = Plan.objects.create(
        key="district-plan", title="泰山区规划", kind=Plan.Kind.FIVE_YEAR, jurisdiction=district,
        start_year=2021, end_year=2025, base_year=2020,
    )  # fmt: skip
    indicator = make_indicator(plan, "d1", "常住人口城镇化率")
    html = page(client, world.office, enter_url(indicator))
    assert 'id="save-and-submit"' not in html and "您可以查看此项数据，但无权填报" in html
    assert post(client, world.office, indicator, {"value": "90"}).status_code == 403


def test_a_foreign_next_address_falls_back_to_the_start_page(client, world, open_year):
    client.force_login(world.alice)
    url = reverse("admin:indicators_progressentry_enter", args=[world.science_indicator.pk, YEAR])
    response = client.post(f"{url}?next=https://example.com/", {"value": "2", "_save": "1"})
    assert response["Location"] == reverse("admin:index")


def test_the_page_runs_a_constant_number_of_queries(client, world, open_year, django_assert_num_queries):
    entry = figure(world, world.science_indicator, "15", state="returned")
    client.force_login(world.alice)
    url = enter_url(world.science_indicator)
    client.get(url)  # warm the session and content types
    # session, user, indicator (+plan, task), entry, scope check for entering, last year's figure,
    # evaluation, the sidebar's two permission queries, history (+users, units)
    with django_assert_num_queries(10):
        client.get(url)
    entry.refresh_from_db()
    post(
        client,
        world.alice,
        world.science_indicator,
        {"value": "16", "version": entry.version, "_submit": "1"},
    )
    ProgressEntry.objects.filter(pk=entry.pk).update(state=EntryState.RETURNED)
    with django_assert_num_queries(10):  # the same with a longer history
        client.get(url)
