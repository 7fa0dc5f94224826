"""A warning that worsens is recorded once and e-mailed to the lead unit and the plan's office (issue 14)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from indicators.models import PlanWarningRules, ProgressEntry, WarningNotice
from indicators.services import evaluations_refresh
from progress.models import EntryState

pytestmark = pytest.mark.django_db


def approve(indicator, year: int, value: str) -> None:
    ProgressEntry.objects.update_or_create(
        indicator=indicator,
        year=year,
        quarter=None,
        defaults={"value": Decimal(value), "state": EntryState.APPROVED},
    )


def refresh(indicator, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        evaluations_refresh(indicator_ids=[indicator.pk])


@pytest.fixture
def yellow_rules(world):
    for user in (world.alice, world.bob, world.office, world.charlie, world.viewer):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    # Judged on the gap to time progress only, so each year's colour follows its own figure.
    return PlanWarningRules.objects.create(plan=world.plan, red_on_unlikely=False, yellow_on_difficult=False)


def test_a_worsening_is_mailed_once_to_the_lead_unit_and_the_plans_office(
    world, yellow_rules, django_capture_on_commit_callbacks
):
    indicator = world.science_indicator  # 10 → 20 over 2020–2025, led by 市科技局 (alice)
    approve(indicator, 2021, "12")  # on its path: green, no notice
    refresh(indicator, django_capture_on_commit_callbacks)
    assert not WarningNotice.objects.exists()
    assert mail.outbox == []

    approve(indicator, 2022, "12")  # 20 % done, 40 % of the time: yellow
    refresh(indicator, django_capture_on_commit_callbacks)
    (notice,) = WarningNotice.objects.all()
    assert (notice.year, notice.colour, notice.attention, notice.since, notice.periods) == (
        2022,
        "yellow",
        "yellow",
        2022,
        1,
    )
    assert notice.mailed_at is not None
    (message,) = mail.outbox
    assert sorted(message.to) == [world.alice.email, world.office.email]  # not bob, not charlie
    assert "研发经费投入强度" in message.subject and "黄色" in message.subject
    assert "市科技局" in message.body and "落后时序进度" in message.body

    refresh(indicator, django_capture_on_commit_callbacks)  # recomputed, nothing new: no second mail
    assert len(mail.outbox) == 1 and WarningNotice.objects.count() == 1


def test_a_second_yellow_in_a_row_escalates_to_red_attention(
    world, yellow_rules, django_capture_on_commit_callbacks
):
    indicator = world.science_indicator
    approve(indicator, 2021, "11")  # 10 points behind: yellow
    refresh(indicator, django_capture_on_commit_callbacks)
    approve(indicator, 2022, "12")  # 20 points behind: yellow again
    refresh(indicator, django_capture_on_commit_callbacks)
    assert list(
        WarningNotice.objects.order_by("year").values_list("year", "colour", "attention", "periods")
    ) == [
        (2021, "yellow", "yellow", 1),
        (2022, "yellow", "red", 2),
    ]
    assert "红色" in mail.outbox[-1].subject
    assert "连续" in mail.outbox[-1].body


def test_a_warning_that_eases_is_not_mailed(world, yellow_rules, django_capture_on_commit_callbacks):
    indicator = world.science_indicator
    approve(indicator, 2021, "11")
    refresh(indicator, django_capture_on_commit_callbacks)
    approve(indicator, 2021, "12")  # corrected figure: on its path
    refresh(indicator, django_capture_on_commit_callbacks)
    assert WarningNotice.objects.count() == 1 and len(mail.outbox) == 1


def test_the_mail_task_sends_a_notice_once(world, yellow_rules, django_capture_on_commit_callbacks):
    from indicators.services import warning_notices_mail

    indicator = world.science_indicator
    approve(indicator, 2021, "11")
    refresh(indicator, django_capture_on_commit_callbacks)
    notice = WarningNotice.objects.get()
    assert warning_notices_mail(notice_ids=[notice.pk]) == 0  # a retried task finds it claimed
    assert len(mail.outbox) == 1


def test_a_refresh_in_several_batches_mails_in_one_job(
    world, yellow_rules, django_capture_on_commit_callbacks, monkeypatch
):
    from indicators import services
    from tests.conftest import make_indicator

    monkeypatch.setattr(services, "REFRESH_BATCH", 1)
    others = [make_indicator(world.plan, f"w{n}", f"指标{n}") for n in range(3)]
    for indicator in [world.science_indicator, *others]:
        approve(indicator, 2021, "11")  # 10 points behind: yellow
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        evaluations_refresh(indicator_ids=[world.science_indicator.pk, *(i.pk for i in others)])
    assert len(callbacks) == 1  # one mailing job for the four batches
    assert WarningNotice.objects.filter(mailed_at__isnull=False).count() == 4
    assert len(mail.outbox) == 4
