"""Whoever created, changed or submitted a figure cannot approve it, nor revise it (defect 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from progress.services import entry_approve, entry_return, entry_revise, entry_save, entry_submit
from tests.api.conftest import approved, draft, submitted
from tests.conftest import make_user


@pytest.fixture
def colleague(world) -> User:
    """A second member of the same planning office."""
    return make_user("olga", unit=world.office_unit, role=User.Role.PLANNING_OFFICE)


def changed_by(entry, user, value="15"):
    entry.value = Decimal(value)
    return entry_save(entry=entry, user=user, expected_version=entry.version)


def test_the_office_cannot_approve_a_value_it_changed(world):
    entry = changed_by(draft(world), world.office)
    entry = entry_submit(entry=entry, user=world.alice)
    with pytest.raises(ValidationError) as refused:
        entry_approve(entry=entry, user=world.office)
    assert "修改" in refused.value.messages[0]


def test_a_colleague_can_approve_what_the_office_changed(world, colleague):
    entry = entry_submit(entry=changed_by(draft(world), world.office), user=world.alice)
    assert entry_approve(entry=entry, user=colleague).state == "approved"


def test_returning_is_no_authorship(world):
    entry = entry_return(entry=submitted(world), user=world.office, reason="请核实")
    entry = entry_submit(entry=changed_by(entry, world.alice, "16"), user=world.alice)
    assert entry_approve(entry=entry, user=world.office).state == "approved"


def test_the_office_cannot_revise_its_own_figure_after_a_colleague_approved_it(world, colleague):
    entry = entry_submit(entry=draft(world, user=world.office), user=world.office)
    entry = entry_approve(entry=entry, user=colleague)
    with pytest.raises(ValidationError):
        entry_revise(entry=entry, user=world.office, reason="更正", changes={"value": Decimal("99")})
    assert entry_revise(
        entry=entry, user=colleague, reason="更正", changes={"value": Decimal("99")}
    ).value == Decimal("99")


def test_the_reviewer_may_still_revise_what_a_unit_reported(world):
    entry = approved(world)
    assert entry_revise(entry=entry, user=world.office, reason="更正", changes={"value": Decimal("13")})


def test_over_the_api_the_refusal_is_a_400_in_chinese(world, api):
    entry = entry_submit(entry=changed_by(draft(world), world.office), user=world.alice)
    response = api("office").post(f"/api/v1/progress/{entry.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "您不能审核通过自己填报、修改或提交的数据。"
