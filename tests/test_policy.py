"""Every role rule, as one table (role × action → allowed), and the rule that only the policy decides.

Adding a role means a row per action here, a choice on `User.Role` and a branch in
`accounts/policy.py`; `test_no_role_decisions_outside_the_policy` keeps it that way.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from accounts import policy
from indicators.models import Indicator, ProgressEntry
from plans.models import Plan
from reports.models import ReportRun

ROOT = Path(__file__).resolve().parent.parent
# The people of the `world` fixture: one per role, plus an office of another city and a former
# member of the office (inactive).
PEOPLE = ["admin", "office", "alice", "viewer", "charlie", "inactive"]

ACTIONS = {
    "use the admin": lambda w, u: policy.may_use_admin(u),
    "see the dashboard": lambda w, u: policy.may_see_dashboard(u),
    "configure anything": lambda w, u: policy.may_configure(u),
    "configure the city's plans": lambda w, u: policy.may_configure(u, w.city.pk),
    "configure another city's plans": lambda w, u: policy.may_configure(u, w.other_city.pk),
    "enter figures at all": lambda w, u: policy.may_enter_figures(u),
    "enter the unit's indicator": lambda w, u: policy.may_enter(u, w.science_indicator),
    "enter another unit's indicator": lambda w, u: policy.may_enter(u, w.industry_indicator),
    "enter the unit's project": lambda w, u: policy.may_enter(u, w.science_project),
    "approve a figure": lambda w, u: policy.may_approve(u, ProgressEntry(indicator=w.science_indicator)),
    "approve another city's figure": lambda w, u: policy.may_approve(
        u, ProgressEntry(indicator=w.other_indicator)
    ),
    "see unapproved figures": lambda w, u: policy.sees_unapproved(u, w.plan),
    "request reports at all": lambda w, u: policy.may_request_report(u),
    "request a report on the plan": lambda w, u: policy.may_request_report(u, w.plan),
    "request a report on the city": lambda w, u: policy.may_request_report(u, jurisdiction=w.city),
    "request a report on the province": lambda w, u: policy.may_request_report(u, jurisdiction=w.province),
    "download the plan's report": lambda w, u: policy.may_download_report(u, w.plan_run),
    "download the city-wide report": lambda w, u: policy.may_download_report(u, w.city_run),
    "request the unit's extract of the plan": lambda w, u: policy.may_request_report(
        u, w.plan, unit=w.science
    ),
    "request another unit's extract": lambda w, u: policy.may_request_report(u, w.plan, unit=w.industry),
    "request only the unit's own extracts": lambda w, u: policy.requests_own_extract_only(u),
    "download the unit's extract": lambda w, u: policy.may_download_report(u, w.science_run),
    "download another unit's extract": lambda w, u: policy.may_download_report(u, w.industry_run),
    "see the plan": lambda w, u: Plan.objects.for_user(u).filter(pk=w.plan.pk).exists(),
    "see another city's plan": lambda w, u: Plan.objects.for_user(u).filter(pk=w.other_plan.pk).exists(),
    "see another unit's indicator": lambda w, u: (
        Indicator.objects.for_user(u).filter(pk=w.industry_indicator.pk).exists()
    ),
    "administer users and jurisdictions": lambda w, u: policy.is_administrator(u),
    "follow whole plans (bulletins)": lambda w, u: policy.follows_whole_plans(u),
    "import a plan of the city": lambda w, u: policy.may_import_into(u, w.city),
    "import a plan of the province": lambda w, u: policy.may_import_into(u, w.province),
    "add a jurisdiction a document names": lambda w, u: policy.may_create_jurisdiction(u),
}
Y, N = True, False
RULES = {
    #                                    admin office alice viewer charlie inactive
    "use the admin": (Y, Y, Y, Y, Y, N),
    "see the dashboard": (Y, Y, N, Y, Y, N),
    "configure anything": (Y, Y, N, N, Y, N),
    "configure the city's plans": (Y, Y, N, N, N, N),
    "configure another city's plans": (Y, N, N, N, Y, N),
    "enter figures at all": (Y, Y, Y, N, Y, N),
    "enter the unit's indicator": (Y, Y, Y, N, N, N),
    "enter another unit's indicator": (Y, Y, N, N, N, N),
    "enter the unit's project": (Y, Y, Y, N, N, N),
    "approve a figure": (Y, Y, N, N, N, N),
    "approve another city's figure": (Y, N, N, N, Y, N),
    "see unapproved figures": (Y, Y, Y, N, N, N),
    "request reports at all": (Y, Y, Y, N, Y, N),  # a reporter: their unit's extract
    "request a report on the plan": (Y, Y, N, N, N, N),
    "request a report on the city": (Y, Y, N, N, N, N),
    "request a report on the province": (Y, N, N, N, N, N),
    "download the plan's report": (Y, Y, N, Y, N, N),  # a report shows every unit: not for reporters
    "download the city-wide report": (Y, Y, N, Y, N, N),
    "request the unit's extract of the plan": (Y, Y, Y, N, N, N),
    "request another unit's extract": (Y, Y, N, N, N, N),
    "request only the unit's own extracts": (N, N, Y, N, N, N),
    "download the unit's extract": (Y, Y, Y, Y, N, N),
    "download another unit's extract": (Y, Y, N, Y, N, N),
    "see the plan": (Y, Y, Y, Y, N, N),
    "see another city's plan": (Y, N, N, N, Y, N),
    "see another unit's indicator": (Y, Y, N, Y, N, N),
    "administer users and jurisdictions": (Y, N, N, N, N, N),
    "follow whole plans (bulletins)": (Y, Y, N, Y, Y, N),
    "import a plan of the city": (Y, Y, N, N, N, N),
    "import a plan of the province": (Y, N, N, N, N, N),
    "add a jurisdiction a document names": (Y, N, N, N, N, N),
}


def test_the_table_lists_every_action_for_every_person():
    assert RULES.keys() == ACTIONS.keys()
    assert all(len(row) == len(PEOPLE) for row in RULES.values())


@pytest.fixture
def people(world):
    inactive = world.office.__class__.objects.create_user(
        "inactive", unit=world.office_unit, role=world.office.role, is_staff=True, is_active=False
    )
    world.plan_run = ReportRun.objects.create(
        kind="monitoring", year=2023, plan=world.plan, dedupe_key="plan"
    )
    world.city_run = ReportRun.objects.create(
        kind="monitoring", year=2023, jurisdiction=world.city, dedupe_key="city"
    )
    for unit in (world.science, world.industry):
        run = ReportRun.objects.create(
            kind="monitoring", year=2023, plan=world.plan, unit=unit, dedupe_key=unit.name
        )
        setattr(world, f"{'science' if unit == world.science else 'industry'}_run", run)
    return {**{name: getattr(world, name) for name in PEOPLE if name != "inactive"}, "inactive": inactive}


@pytest.mark.parametrize("action", list(RULES))
def test_role_rules(world, people, action):
    decided = {name: ACTIONS[action](world, person) for name, person in people.items()}
    assert decided == dict(zip(PEOPLE, RULES[action], strict=True))


# --- nothing else decides by role --------------------------------------------------------------

POLICY_FILES = {Path("accounts/policy.py"), Path("accounts/models.py")}
# Reading a user's flags to decide something; setting them (demo accounts, tests) is fine.
USER_FLAGS = {"is_superuser", "is_staff"}


def names_a_user_role(node: ast.AST) -> bool:
    """`….Role.X` (the User model's choices) or `user.role` / `request.user.role`."""
    for sub in ast.walk(node):
        if (
            isinstance(sub, ast.Attribute)
            and isinstance(sub.value, ast.Attribute)
            and sub.value.attr == "Role"
        ):
            return True
        if isinstance(sub, ast.Attribute) and sub.attr == "role":
            owner = sub.value
            if (isinstance(owner, ast.Name) and owner.id == "user") or (
                isinstance(owner, ast.Attribute) and owner.attr == "user"
            ):
                return True
    return False


def role_decisions(path: Path) -> list[str]:
    """Comparisons against a user role (`user.role ==`, `… in {User.Role.X}`) and reads of the user flags.

    Other things called a role (a unit's responsibility, a table column's) are not the user's.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(
            names_a_user_role(o) for o in [node.left, *node.comparators]
        ):
            found.append(f"{path}:{node.lineno} compares a role")
        if isinstance(node, ast.Attribute) and node.attr in USER_FLAGS and isinstance(node.ctx, ast.Load):
            found.append(f"{path}:{node.lineno} reads {node.attr}")
    return found


def application_modules() -> list[Path]:
    skipped = {"tests", "migrations", ".venv", "fixtures", "docs"}
    return [
        path.relative_to(ROOT)
        for path in ROOT.rglob("*.py")
        if not skipped & set(path.relative_to(ROOT).parts) and path.relative_to(ROOT) not in POLICY_FILES
    ]


def test_no_role_decisions_outside_the_policy():
    modules = application_modules()
    assert Path("plans/models.py") in modules  # the walk finds the apps
    assert [found for path in modules for found in role_decisions(ROOT / path)] == []


def test_the_check_finds_a_role_decision(tmp_path):
    module = tmp_path / "view.py"
    module.write_text(
        "def f(user, column):\n"
        "    if column.role is Role.NAME or responsibility.role == ResponsibilityRole.LEAD:\n"
        "        return request.user.role in {User.Role.VIEWER}\n"
        "    return user.role == 'viewer' or request.user.is_superuser\n",
        encoding="utf-8",
    )
    assert [line.split(":", 1)[1] for line in role_decisions(module)] == [
        "3 compares a role",
        "4 compares a role",
        "4 reads is_superuser",
    ]
