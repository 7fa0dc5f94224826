"""Figures entered inline under their indicator or project, checked by the workflow service."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import ProgressEntry
from progress.models import EntryState
from projects.models import ProjectProgress
from tests.admin_entry.conftest import YEAR, figure, indicator_url, inline, page

pytestmark = pytest.mark.django_db


def errors(response) -> list[str]:
    formsets = response.context["inline_admin_formsets"]
    found = []
    for formset in formsets:
        for form in formset.formset.forms:
            for messages in form.errors.values():
                found.extend(messages)
    return found


def test_the_new_row_starts_on_the_open_year(client, world, open_year):
    html = page(client, world.alice, indicator_url(world))
    assert f'name="entries-0-year" value="{YEAR}"' in html
    html = page(client, world.alice, indicator_url(world) + "?year=2023")
    assert 'name="entries-0-year" value="2023"' in html


def test_no_new_row_when_the_years_figure_exists(client, world, open_year):
    figure(world, world.science_indicator, "12")
    html = page(client, world.alice, indicator_url(world))
    assert 'name="entries-1-year"' not in html and 'name="entries-0-year" value="2025"' in html


def test_each_row_shows_the_expected_value_last_years_figure_and_evaluation(client, world, open_year):
    figure(world, world.science_indicator, "14", year=YEAR - 1, state="approved")
    html = page(client, world.alice, indicator_url(world))
    new_row = re.search(r'id="entries-1".*?</tr>', html, re.S).group(0)  # after the 2024 row
    assert re.search(r'field-previous_figure">\s*<p>14%</p>', new_row)
    assert re.search(r'field-target_for_year">\s*<p>20</p>', new_row)  # the target as written
    old_row = re.search(r'id="entries-0".*?</tr>', html, re.S).group(0)
    assert "18%" in old_row  # with the value expected for 2024, once evaluated
    assert 'class="evaluation-status"' in new_row
    assert "研发经费投入强度" in html and "20" in html  # the target above, read-only


def test_a_figure_saved_inline_is_a_draft_by_the_reporter(client, world, open_year):
    client.force_login(world.alice)
    response = client.post(indicator_url(world), inline([{"year": str(YEAR), "value": "12.5"}]))
    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert (entry.value, entry.state, entry.created_by) == (Decimal("12.5"), EntryState.DRAFT, world.alice)


def test_a_closed_period_is_refused_on_the_row_and_nothing_is_saved(client, world, closed_year):
    client.force_login(world.alice)
    response = client.post(indicator_url(world), inline([{"year": str(YEAR), "value": "12.5"}]))
    assert response.status_code == 200
    assert errors(response) == ["2025 年度填报已截止，如需补报请向规划主管部门申请例外。"]
    assert not ProgressEntry.objects.exists()


def test_the_office_is_never_locked_out(client, world, closed_year):
    client.force_login(world.office)
    response = client.post(
        reverse("admin:indicators_progressentry_add"),
        {"indicator": world.science_indicator.pk, "year": str(YEAR), "value": "12.5"},
    )
    assert response.status_code == 302
    assert ProgressEntry.objects.get().created_by == world.office


def test_the_standalone_form_shows_a_closed_period_as_an_error_too(client, world, closed_year):
    client.force_login(world.alice)
    response = client.post(
        reverse("admin:indicators_progressentry_add"),
        {"indicator": world.science_indicator.pk, "year": str(YEAR), "value": "12.5"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not ProgressEntry.objects.exists()


def test_a_submitted_figure_is_read_only_in_the_inline(client, world, open_year):
    entry = figure(world, world.science_indicator, "12", state="submitted")
    html = page(client, world.alice, indicator_url(world))
    assert re.search(r'name="entries-0-value"[^>]*disabled', html)
    row = {"id": str(entry.pk), "year": str(YEAR), "value": "99", "version": str(entry.version)}
    response = client.post(indicator_url(world), inline([row], initial=1))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.value, entry.state) == (Decimal("12"), EntryState.SUBMITTED)


def test_a_returned_figure_can_be_corrected_inline(client, world, open_year):
    entry = figure(world, world.science_indicator, "12", state="returned")
    client.force_login(world.alice)
    row = {"id": str(entry.pk), "year": str(YEAR), "value": "13", "version": str(entry.version)}
    response = client.post(indicator_url(world), inline([row], initial=1))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.value, entry.state) == (Decimal("13"), EntryState.RETURNED)


def test_a_stale_form_is_refused_instead_of_overwriting(client, world, open_year):
    entry = figure(world, world.science_indicator, "12")
    stale = entry.version
    entry.value = Decimal("13")
    from progress.services import entry_save

    entry_save(entry=entry, user=world.alice)  # saved meanwhile, in another tab
    client.force_login(world.alice)
    row = {"id": str(entry.pk), "year": str(YEAR), "value": "14", "version": str(stale)}
    response = client.post(indicator_url(world), inline([row], initial=1))
    assert response.status_code == 200
    assert errors(response) == ["该填报已被他人修改，请刷新后重试。"]
    entry.refresh_from_db()
    assert entry.value == Decimal("13")


def test_a_reporter_cannot_delete_what_they_report_on(client, world):
    client.force_login(world.alice)
    html = client.get(indicator_url(world)).content.decode()
    assert "deletelink" not in html
    for url in (
        reverse("admin:indicators_indicator_delete", args=[world.science_indicator.pk]),
        reverse("admin:projects_keyproject_delete", args=[world.science_project.pk]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert world.science_indicator.__class__.objects.filter(pk=world.science_indicator.pk).exists()


def test_project_progress_inline_starts_on_the_open_year_and_saves_through_the_service(
    client, world, open_year
):
    url = reverse("admin:projects_keyproject_change", args=[world.science_project.pk])
    html = page(client, world.alice, url)
    assert f'name="progress-0-year" value="{YEAR}"' in html
    response = client.post(
        url,
        inline(
            [{"year": str(YEAR), "stage": "construction", "investment_in_period": "1200"}], prefix="progress"
        ),
    )
    assert response.status_code == 302 and response["Location"] == reverse("admin:index")  # their list
    progress = ProjectProgress.objects.get()
    assert (progress.stage, progress.created_by, progress.state) == (
        "construction",
        world.alice,
        EntryState.DRAFT,
    )


def test_figures_are_shown_without_trailing_zeros_and_unchanged_rows_are_not_saved(client, world, open_year):
    entry = figure(world, world.science_indicator, "90")
    html = page(client, world.alice, indicator_url(world))
    assert 'name="entries-0-value" value="90"' in html
    row = {"id": str(entry.pk), "year": str(YEAR), "value": "90", "version": str(entry.version)}
    client.post(indicator_url(world), inline([row], initial=1))
    entry.refresh_from_db()
    assert entry.version == 1 and entry.history.count() == 1  # nothing was written


def test_an_office_reads_a_lower_jurisdictions_indicator_without_entry_fields(client, world):
    from plans.models import Jurisdiction, Plan
    from tests.conftest import make_indicator

    district = Jurisdiction.objects.create(name="泰山区", level=Jurisdiction.Level.COUNTY, parent=world.city)
    plan = Plan.objects.create(
        key="district-plan", title="泰山区规划", kind=Plan.Kind.FIVE_YEAR, jurisdiction=district,
        start_year=2021, end_year=2025, base_year=2020,
    )  # fmt: skip
    indicator = make_indicator(plan, "d1", "常住人口城镇化率")
    html = page(client, world.office, reverse("admin:indicators_indicator_change", args=[indicator.pk]))
    assert 'name="entries-0-value"' not in html and 'name="_save"' not in html
    assert "常住人口城镇化率" in html  # still read
