"""Deadline reminders: each unit with figures not submitted, N days before and after, once each."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from indicators.models import ProgressEntry
from progress.models import EntryDeadline
from progress.services import entry_save, entry_submit
from reports.models import ReminderLog
from reports.services import deadline_reminders_send
from reports.tasks import send_deadline_reminders

pytestmark = pytest.mark.django_db
DEADLINE = datetime(2023, 1, 31, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def deadline(world):
    for user, address in [(world.alice, "alice@keji.example"), (world.bob, "bob@gongxin.example")]:
        user.email = address
        user.save()
    # 市科技局 submitted its indicator for 2022; its task's sub-target is still missing
    entry = entry_save(
        entry=ProgressEntry(indicator=world.science_indicator, year=2022, value=Decimal(14)), user=world.alice
    )
    entry_submit(entry=entry, user=world.alice)
    return EntryDeadline.objects.create(plan=world.plan, year=2022, deadline=DEADLINE)


def test_units_with_missing_figures_are_reminded_before_the_deadline(world, deadline, mailoutbox):
    assert deadline_reminders_send(today=date(2023, 1, 24), days_before=[7], days_after=[]) == 2
    by_recipient = {tuple(mail.to): mail for mail in mailoutbox}
    assert set(by_recipient) == {("alice@keji.example",), ("bob@gongxin.example",)}
    alice = by_recipient[("alice@keji.example",)]
    assert "高端学术交流活动" in alice.body and "研发经费投入强度" not in alice.body  # submitted: not missing
    assert "规模以上工业增加值增速" in by_recipient[("bob@gongxin.example",)].body
    assert "7" in alice.subject and "2022" in alice.subject
    assert "2023-01-31 17:00" in alice.body


def test_each_reminder_is_sent_once(world, deadline, mailoutbox):
    deadline_reminders_send(today=date(2023, 1, 24), days_before=[7], days_after=[])
    assert deadline_reminders_send(today=date(2023, 1, 24), days_before=[7], days_after=[]) == 0
    assert len(mailoutbox) == 2
    assert ReminderLog.objects.filter(offset_days=-7).count() == 2


def test_after_the_deadline_the_reminder_says_overdue(world, deadline, mailoutbox):
    assert (
        send_deadline_reminders.apply(kwargs={"days_before": [], "days_after": [1]}).get() == 0
    )  # not today
    assert deadline_reminders_send(today=date(2023, 2, 1), days_before=[], days_after=[1]) == 2
    assert all("逾期" in mail.subject for mail in mailoutbox)


def test_no_reminder_on_other_days_or_once_everything_is_submitted(world, deadline, mailoutbox):
    assert deadline_reminders_send(today=date(2023, 1, 25), days_before=[7], days_after=[1]) == 0
    for indicator in (world.industry_indicator, world.task_target):  # the office is never locked out
        entry = entry_save(
            entry=ProgressEntry(indicator=indicator, year=2022, value=Decimal(12)), user=world.office
        )
        entry_submit(entry=entry, user=world.office)
    assert deadline_reminders_send(today=date(2023, 1, 24), days_before=[7], days_after=[]) == 0
    assert mailoutbox == []


def test_a_unit_without_addresses_is_logged_not_mailed(world, deadline, mailoutbox):
    world.bob.email = ""
    world.bob.save()
    assert deadline_reminders_send(today=date(2023, 1, 24), days_before=[7], days_after=[]) == 1
    assert ReminderLog.objects.get(unit=world.industry).recipients == 0
