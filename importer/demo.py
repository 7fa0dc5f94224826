"""Demo accounts for a local install: one per role, on the seeded 泰安市 plan."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from plans.models import Jurisdiction, Unit

DEMO_PASSWORD = "demo-pass-2026"
DEMO_JURISDICTION = "泰安市"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    unit: str
    role: str
    label: str


DEMO_ACCOUNTS = [
    DemoAccount("fgw", "市发展改革委", User.Role.PLANNING_OFFICE, "planning office (市发展改革委)"),
    DemoAccount("kjj", "市科技局", User.Role.REPORTER, "reporter (市科技局)"),
    DemoAccount("gxj", "市工业和信息化局", User.Role.REPORTER, "reporter (市工业和信息化局)"),
    DemoAccount("scjg", "市市场监管局", User.Role.REPORTER, "reporter (市市场监管局)"),
    DemoAccount("viewer", "市发展改革委", User.Role.VIEWER, "read-only viewer"),
]


def demo_accounts_create() -> list[tuple[str, str]]:
    """Create (or reset) the demo accounts; returns (username, description) pairs."""
    created: list[tuple[str, str]] = [("admin", "administrator")]
    with transaction.atomic():
        admin = User.objects.filter(username="admin").first() or User(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.set_password(DEMO_PASSWORD)
        admin.save()
        jurisdiction = Jurisdiction.objects.filter(name=DEMO_JURISDICTION).first()
        if jurisdiction is None:
            return created
        for account in DEMO_ACCOUNTS:
            unit, _ = Unit.objects.get_or_create(jurisdiction=jurisdiction, name=account.unit)
            if account.role == User.Role.PLANNING_OFFICE and not unit.is_planning_office:
                unit.is_planning_office = True
                unit.save(update_fields=["is_planning_office"])
            user = User.objects.filter(username=account.username).first() or User(username=account.username)
            user.unit, user.role, user.is_staff = unit, account.role, True
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append((account.username, account.label))
    return created
