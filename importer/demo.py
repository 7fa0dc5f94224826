"""Demo accounts for a local install: one per role on the seeded 泰安市 plan, and for every other
seeded plan an office account that approves it and a reporter for its indicators.

Demo data, not facts: the source documents name no responsible unit for most district indicators,
so `demo_plan_accounts_create` gives them a demo unit whose name ends in DEMO_MARK. The fixtures
are never changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from accounts.models import User
from indicators.models import Indicator, IndicatorResponsibility, TaskResponsibility
from plans.models import Jurisdiction, Plan, ResponsibilityRole, Unit

DEMO_PASSWORD = "demo-pass-2026"
DEMO_JURISDICTION = "泰安市"
DEMO_MARK = "（演示）"
OFFICE_NAMES = ("发展和改革", "发展改革")  # how a jurisdiction's planning office is named
DEMO_OFFICE_UNIT = "市发展改革委"  # the planning office (发展改革委) of the demo jurisdiction


@dataclass(frozen=True)
class DemoAccount:
    username: str
    unit: str
    role: str
    label: str


DEMO_ACCOUNTS = [
    DemoAccount("fgw", DEMO_OFFICE_UNIT, User.Role.PLANNING_OFFICE, "planning office (市发展改革委)"),
    DemoAccount("kjj", "市科技局", User.Role.REPORTER, "reporter (市科技局)"),
    DemoAccount("gxj", "市工业和信息化局", User.Role.REPORTER, "reporter (市工业和信息化局)"),
    DemoAccount("scjg", "市市场监管局", User.Role.REPORTER, "reporter (市市场监管局)"),
    DemoAccount("viewer", DEMO_OFFICE_UNIT, User.Role.VIEWER, "read-only viewer"),
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
            if account.unit == DEMO_OFFICE_UNIT and not unit.is_planning_office:
                unit.is_planning_office = True
                unit.save(update_fields=["is_planning_office"])
            user = User.objects.filter(username=account.username).first() or User(username=account.username)
            user.unit, user.role, user.is_staff = unit, account.role, True
            user.set_password(DEMO_PASSWORD)
            user.save()
            created.append((account.username, account.label))
    created += demo_plan_accounts_create()
    return created


def demo_plan_accounts_create() -> list[tuple[str, str]]:
    """For each seeded plan's jurisdiction: an office account (its 发展改革 unit, else a demo one)
    unless one exists, and a reporter of a demo unit answering for the indicators nobody answers for.
    Logins are named after the plan key's first word (taishan-fgw, taishan-tjj)."""
    created: list[tuple[str, str]] = []
    done: set[int] = set()
    reporters: set[tuple[str, int]] = set()
    with transaction.atomic():
        for plan in Plan.objects.select_related("jurisdiction").order_by("pk"):
            jurisdiction = plan.jurisdiction
            prefix = plan.key.split("-", 1)[0]
            if jurisdiction.pk not in done:
                done.add(jurisdiction.pk)
                others = User.objects.filter(
                    unit__jurisdiction=jurisdiction, role=User.Role.PLANNING_OFFICE, is_active=True
                ).exclude(username=f"{prefix}-fgw")
                if not others.exists():
                    office = office_unit(jurisdiction)
                    demo_user(f"{prefix}-fgw", office, User.Role.PLANNING_OFFICE)
                    created.append((f"{prefix}-fgw", f"planning office ({jurisdiction.name}, {office.name})"))
            orphans = Indicator.objects.filter(plan=plan).exclude(
                Exists(IndicatorResponsibility.objects.filter(indicator=OuterRef("pk")))
                | Exists(TaskResponsibility.objects.filter(task=OuterRef("task_id")))
            )
            unit = Unit.objects.filter(jurisdiction=jurisdiction, name=f"统计局{DEMO_MARK}").first()
            if orphans.exists():
                unit = unit or Unit.objects.create(jurisdiction=jurisdiction, name=f"统计局{DEMO_MARK}")
                IndicatorResponsibility.objects.bulk_create(
                    [
                        IndicatorResponsibility(indicator=indicator, unit=unit, role=ResponsibilityRole.LEAD)
                        for indicator in orphans
                    ]
                )
            if unit is not None and (f"{prefix}-tjj", unit.pk) not in reporters:
                reporters.add((f"{prefix}-tjj", unit.pk))
                demo_user(f"{prefix}-tjj", unit, User.Role.REPORTER)
                created.append((f"{prefix}-tjj", f"reporter ({jurisdiction.name}, {unit.name})"))
    return created


def office_unit(jurisdiction: Jurisdiction) -> Unit:
    """The jurisdiction's 发展改革 unit if the plans name one, else a demo one; marked as its office."""
    named = Unit.objects.filter(jurisdiction=jurisdiction)
    unit = next((u for u in named.order_by("pk") if any(word in u.name for word in OFFICE_NAMES)), None)
    if unit is None:
        unit, _ = Unit.objects.get_or_create(jurisdiction=jurisdiction, name=f"发展和改革局{DEMO_MARK}")
    if not unit.is_planning_office:
        unit.is_planning_office = True
        unit.save(update_fields=["is_planning_office"])
    return unit


def demo_user(username: str, unit: Unit, role: str) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.unit, user.role, user.is_staff = unit, role, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user
