"""Submit, approve and return as changelist actions on one or many rows, each through the service."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from indicators.models import ProgressEntry
from progress.models import EntryState
from progress.services import entry_save
from projects.models import ProjectProgress
from tests.admin_entry.conftest import figure

pytestmark = pytest.mark.django_db

ENTRIES = "admin:indicators_progressentry_changelist"


def act(client, user, action: str, entries, changelist: str = ENTRIES, **extra):
    client.force_login(user)
    data = {"action": action, ACTION_CHECKBOX_NAME: [entry.pk for entry in entries], **extra}
    return client.post(reverse(changelist), data, follow=True)


def messages(response) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


def states(*entries) -> list[str]:
    return [type(entry).objects.get(pk=entry.pk).state for entry in entries]


def action_choices(client, user) -> set[str]:
    client.force_login(user)
    response = client.get(reverse(ENTRIES))
    form = response.context["action_form"]  # None when no action is offered
    return {value for value, _label in form.fields["action"].choices if value} if form else set()


def test_each_role_is_offered_its_actions(client, world):
    assert action_choices(client, world.alice) == {"submit_selected"}
    assert action_choices(client, world.office) == {"submit_selected", "approve_selected", "return_selected"}
    assert action_choices(client, world.viewer) == set()


def test_a_reporter_submits_several_rows(client, world, open_year):
    first = figure(world, world.science_indicator, "12")
    second = figure(world, world.task_target, "8")
    response = act(client, world.alice, "submit_selected", [first, second])
    assert states(first, second) == [EntryState.SUBMITTED] * 2
    assert [level for level, _ in messages(response)] == ["success"]


def test_approving_reports_every_refused_row_and_why(client, world, open_year):
    submitted = figure(world, world.science_indicator, "12", state="submitted")
    draft = figure(world, world.task_target, "8")
    own = figure(world, world.industry_indicator, "3", state="submitted", by=world.office)
    response = act(client, world.office, "approve_selected", [submitted, draft, own], apply="yes")
    assert states(submitted, draft, own) == [EntryState.APPROVED, EntryState.DRAFT, EntryState.SUBMITTED]
    (success, refused) = messages(response)
    assert success[0] == "success"
    assert refused[0] == "error"
    assert "<li>高端学术交流活动 2025：只能审核已提交的填报。</li>" in refused[1]
    assert "<li>规模以上工业增加值增速 2025：您不能审核通过自己填报、修改或提交的数据。</li>" in refused[1]
    assert refused[1].count("只能审核已提交的填报") == 1  # each refusal once


def test_approve_asks_for_confirmation_listing_the_figures_first(client, world, open_year):
    submitted = figure(world, world.science_indicator, "12", state="submitted")
    response = act(client, world.office, "approve_selected", [submitted])
    html = response.content.decode()
    assert 'id="entries-to-approve"' in html and "研发经费投入强度 2025（12%，目标 20%）" in html
    assert states(submitted) == [EntryState.SUBMITTED]  # nothing happens before the confirmation


def test_return_asks_for_the_reason_on_an_intermediate_page(client, world, open_year):
    submitted = figure(world, world.science_indicator, "12", state="submitted")
    response = act(client, world.office, "return_selected", [submitted])
    assert response.templates[0].name == "admin/entries/return_reason.html"
    assert "研发经费投入强度 2025" in response.content.decode()
    assert states(submitted) == [EntryState.SUBMITTED]  # nothing happens before the reason is given


def test_return_without_a_reason_is_asked_again(client, world, open_year):
    submitted = figure(world, world.science_indicator, "12", state="submitted")
    response = act(client, world.office, "return_selected", [submitted], apply="yes", reason="  ")
    assert response.templates[0].name == "admin/entries/return_reason.html"
    assert response.context["form"].errors
    assert states(submitted) == [EntryState.SUBMITTED]


def test_return_with_a_reason_returns_every_row_and_keeps_the_reason(client, world, open_year):
    first = figure(world, world.science_indicator, "12", state="submitted")
    second = figure(world, world.task_target, "8", state="submitted")
    reason = "请附统计局出具的数据来源"
    response = act(client, world.office, "return_selected", [first, second], apply="yes", reason=reason)
    assert states(first, second) == [EntryState.RETURNED] * 2
    assert set(ProgressEntry.objects.values_list("return_reason", flat=True)) == {reason}
    assert [level for level, _ in messages(response)] == ["success"]
    assert first.history.first().history_change_reason == reason


def test_a_reporter_cannot_approve_by_posting_the_action(client, world, open_year):
    submitted = figure(world, world.science_indicator, "12", state="submitted")
    act(client, world.bob, "approve_selected", [submitted], apply="yes")
    act(client, world.alice, "approve_selected", [submitted], apply="yes")
    assert states(submitted) == [EntryState.SUBMITTED]


def test_another_jurisdictions_office_cannot_reach_the_rows(client, world, open_year):
    submitted = figure(world, world.science_indicator, "12", state="submitted")
    act(client, world.charlie, "approve_selected", [submitted], apply="yes")
    act(client, world.charlie, "return_selected", [submitted], apply="yes", reason="不行")
    assert states(submitted) == [EntryState.SUBMITTED]


def test_project_progress_goes_through_the_same_actions(client, world, open_year):
    progress = entry_save(
        entry=ProjectProgress(project=world.science_project, year=2025, stage="construction"),
        user=world.alice,
    )
    changelist = "admin:projects_projectprogress_changelist"
    act(client, world.alice, "submit_selected", [progress], changelist)
    assert states(progress) == [EntryState.SUBMITTED]
    act(client, world.office, "return_selected", [progress], changelist, apply="yes", reason="补充投资凭证")
    assert states(progress) == [EntryState.RETURNED]
    act(client, world.alice, "submit_selected", [progress], changelist)
    act(client, world.office, "approve_selected", [progress], changelist, apply="yes")
    assert states(progress) == [EntryState.APPROVED]
