"""The review workflow of reported figures, as the service layer enforces it for admin and API alike."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from simple_history.models import HistoricalRecords

from indicators.models import IndicatorEvaluation, ProgressEntry
from progress.models import EntryDeadline, EntryState, LockException
from progress.services import (
    EntryConflict,
    entry_approve,
    entry_return,
    entry_revise,
    entry_save,
    entry_submit,
)
from projects.models import ProjectProgress
from supervision.models import TaskFeedback

pytestmark = pytest.mark.django_db


def draft(world, user=None, *, indicator=None, year=2022, value="14") -> ProgressEntry:
    entry = ProgressEntry(indicator=indicator or world.science_indicator, year=year, value=Decimal(value))
    return entry_save(entry=entry, user=user or world.alice)


def submitted(world) -> ProgressEntry:
    return entry_submit(entry=draft(world), user=world.alice)


def test_reporter_enters_and_submits_office_approves(world):
    entry = draft(world)
    assert (entry.state, entry.created_by, entry.version) == (EntryState.DRAFT, world.alice, 1)
    entry = entry_submit(entry=entry, user=world.alice)
    assert (entry.state, entry.submitted_by) == (EntryState.SUBMITTED, world.alice)
    entry = entry_approve(entry=entry, user=world.office)
    assert (entry.state, entry.reviewed_by) == (EntryState.APPROVED, world.office)


def test_approval_refreshes_the_stored_evaluation(world):
    entry_approve(entry=submitted(world), user=world.office)
    stored = IndicatorEvaluation.objects.get(indicator=world.science_indicator, year=2022)
    assert stored.status == "on_track" and stored.actual == Decimal("14")
    assert IndicatorEvaluation.objects.filter(indicator=world.science_indicator).count() == 5  # 2021–2025


def test_a_task_sub_target_is_entered_by_a_unit_of_its_task(world):
    entry = draft(world, indicator=world.task_target, value="11")
    assert entry.pk
    with pytest.raises(PermissionDenied):
        draft(world, world.bob, indicator=world.task_target)


def test_reporters_enter_only_for_their_unit(world):
    with pytest.raises(PermissionDenied):
        draft(world, world.bob)
    with pytest.raises(PermissionDenied):
        draft(world, world.alice, indicator=world.other_indicator)


@pytest.mark.parametrize("user", ["viewer", "charlie"])
def test_viewers_and_other_jurisdictions_cannot_enter(world, user):
    with pytest.raises(PermissionDenied):
        draft(world, getattr(world, user))


def test_nobody_approves_their_own_entry(world):
    entry = entry_submit(entry=draft(world, world.office), user=world.office)
    with pytest.raises(ValidationError, match="不能审核"):
        entry_approve(entry=entry, user=world.office)


@pytest.mark.parametrize("user", ["alice", "bob", "viewer", "charlie"])
def test_only_the_plans_office_reviews(world, user):
    entry = submitted(world)
    with pytest.raises(PermissionDenied):
        entry_approve(entry=entry, user=getattr(world, user))
    with pytest.raises(PermissionDenied):
        entry_return(entry=entry, user=getattr(world, user), reason="x")


def test_return_needs_a_reason_and_the_reporter_fixes_and_resubmits(world):
    entry = submitted(world)
    with pytest.raises(ValidationError):
        entry_return(entry=entry, user=world.office, reason="  ")
    entry = entry_return(entry=entry, user=world.office, reason="数据口径不一致")
    assert (entry.state, entry.return_reason) == (EntryState.RETURNED, "数据口径不一致")
    entry.value = Decimal("12.4")
    entry = entry_save(entry=entry, user=world.alice)
    entry = entry_submit(entry=entry, user=world.alice)
    assert entry_approve(entry=entry, user=world.office).value == Decimal("12.4")


def test_submitted_and_approved_entries_are_not_edited_directly(world):
    entry = submitted(world)
    entry.value = Decimal("99")
    with pytest.raises(ValidationError, match="只能修改草稿"):
        entry_save(entry=entry, user=world.alice)
    with pytest.raises(ValidationError):
        entry_approve(entry=entry_approve(entry=entry, user=world.office), user=world.office)


def test_the_office_revises_an_approved_figure_with_a_reason_kept_in_history(world):
    entry = entry_approve(entry=submitted(world), user=world.office)
    with pytest.raises(ValidationError):
        entry_revise(entry=entry, user=world.office, reason="", changes={"value": Decimal("13")})
    with pytest.raises(PermissionDenied):
        entry_revise(entry=entry, user=world.alice, reason="x", changes={"value": Decimal("13")})
    entry = entry_revise(
        entry=entry, user=world.office, reason="统计局年报修订", changes={"value": Decimal("13")}
    )
    assert (entry.state, entry.value) == (EntryState.APPROVED, Decimal("13"))
    latest = entry.history.first()
    assert (latest.history_change_reason, latest.history_user, latest.value) == (
        "统计局年报修订",
        world.office,
        Decimal("13"),
    )
    assert [h.value for h in entry.history.order_by("history_date")][-2:] == [Decimal("14"), Decimal("13")]
    assert IndicatorEvaluation.objects.get(indicator=world.science_indicator, year=2022).actual == Decimal(
        "13"
    )


def test_a_stale_version_is_a_conflict_not_an_overwrite(world):
    entry = draft(world)
    other_copy = ProgressEntry.objects.get(pk=entry.pk)
    entry.value = Decimal("12.5")
    entry_save(entry=entry, user=world.alice, expected_version=1)
    other_copy.value = Decimal("99")
    with pytest.raises(EntryConflict) as conflict:
        entry_save(entry=other_copy, user=world.alice, expected_version=1)
    assert conflict.value.current.value == Decimal("12.5")
    assert ProgressEntry.objects.get(pk=entry.pk).value == Decimal("12.5")


def test_the_period_locks_after_the_deadline_unless_an_exception_holds(world):
    now = timezone.now()
    EntryDeadline.objects.create(plan=world.plan, year=2022, deadline=now - timedelta(days=1))
    with pytest.raises(ValidationError, match="填报已截止"):
        draft(world)
    assert draft(world, world.office).pk  # the office itself is not locked out
    LockException.objects.create(
        plan=world.plan, year=2022, unit=world.science, expires_at=now - timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        draft(world, indicator=world.task_target)
    LockException.objects.create(
        plan=world.plan, year=2022, unit=world.science, expires_at=now + timedelta(days=3)
    )
    assert draft(world, indicator=world.task_target).pk
    assert draft(world, year=2023).pk  # another year has no deadline


def test_project_progress_follows_the_same_workflow(world):
    progress = ProjectProgress(
        project=world.science_project, year=2022, stage="construction", investment_in_period=Decimal("1200")
    )
    progress = entry_save(entry=progress, user=world.alice)
    progress = entry_submit(entry=progress, user=world.alice)
    assert entry_approve(entry=progress, user=world.office).state == EntryState.APPROVED
    with pytest.raises(PermissionDenied):
        entry_save(
            entry=ProjectProgress(project=world.science_project, year=2023, stage="construction"),
            user=world.bob,
        )


@pytest.mark.parametrize("model", [ProgressEntry, ProjectProgress, TaskFeedback])
def test_entries_have_no_save_signal_that_their_insert_skips(model):
    """A new entry is inserted without `save` (progress.services.persist): nothing may listen for
    its saving but django-simple-history, whose record the service writes itself."""
    assert not pre_save.has_listeners(model)
    sync_receivers, async_receivers = post_save._live_receivers(model)  # Django's own
    assert not async_receivers
    assert sync_receivers
    assert all(
        isinstance(getattr(receiver, "__self__", None), HistoricalRecords) for receiver in sync_receivers
    )


def test_a_new_entry_stores_its_attachment_and_its_moments(world):
    entry = ProgressEntry(indicator=world.science_indicator, year=2022, value=Decimal("14"))
    entry.attachment = ContentFile(b"%PDF figures", name="统计快报.pdf")
    entry = entry_save(entry=entry, user=world.alice)
    stored = ProgressEntry.objects.get(pk=entry.pk)
    assert stored.attachment.name == entry.attachment.name
    assert stored.attachment.read() == b"%PDF figures"
    assert stored.created_at == entry.created_at and stored.updated_at == entry.updated_at
    assert stored.created_at is not None
    assert stored.history.get().history_type == "+"
