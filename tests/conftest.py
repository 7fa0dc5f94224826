"""The story world every test reads from.

泰安市 (a city) has a planning office (市发展改革委) and two departments. Its plan 泰安市2023 has
three indicators: one the 科技局 leads, one the 工信局 leads, and one a task sub-target of a task
the 科技局 shares. 济南市 is another city with its own office and plan.

- admin: administrator
- office: planning office of 泰安市 (Olivia)
- alice: reporter of 市科技局        - bob: reporter of 市工业和信息化局
- viewer: read-only, 泰安市          - charlie: planning office of 济南市 (another jurisdiction)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from hypothesis import settings as hypothesis_settings

from accounts.models import User
from indicators.models import Indicator, IndicatorResponsibility, Task, TaskResponsibility
from plans.models import Jurisdiction, Plan, ResponsibilityRole, Unit
from projects.models import KeyProject, ProjectBox, ProjectResponsibility

PASSWORD = "password"

# In CI the property tests run the same examples every time: a failure there is reproducible.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True)
def _test_settings(settings: object, tmp_path: object) -> None:
    """Fast hashing, files in a temporary folder, static files without a collected manifest, and rate
    limits counted afresh (the cache outlives a test's rolled-back database)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_in_process() -> Iterator[None]:
    """Celery tasks run in-process whatever CELERY_BROKER_URL says (CI sets it); the one test of a
    real worker (tests/reports/test_celery_worker.py) switches this off itself."""
    from tracker.celery import app as celery_app

    previous = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


@dataclass
class World:
    province: Jurisdiction
    city: Jurisdiction
    other_city: Jurisdiction
    office_unit: Unit
    science: Unit
    industry: Unit
    plan: Plan
    other_plan: Plan
    science_indicator: Indicator
    industry_indicator: Indicator
    task: Task
    task_target: Indicator
    other_indicator: Indicator
    science_project: KeyProject
    industry_project: KeyProject
    admin: User
    office: User
    alice: User
    bob: User
    viewer: User
    charlie: User


def make_user(username: str, *, unit: Unit | None, role: str, superuser: bool = False) -> User:
    return User.objects.create_user(
        username=username,
        password=PASSWORD,
        unit=unit,
        role=role,
        is_staff=True,
        is_superuser=superuser,
    )


def make_indicator(plan: Plan, key: str, name: str, **fields: object) -> Indicator:
    values: dict[str, object] = {
        "origin": Indicator.Origin.TABLE,
        "name": name,
        "unit_of_measure": "%",
        "attribute": Indicator.Attribute.EXPECTED,
        "baseline_year": plan.base_year,
        "baseline_text": "10",
        "baseline_value": Decimal("10"),
        "target_year": plan.end_year,
        "target_text": "20",
        "target_kind": "level",
        "target_comparator": "eq",
        "target_value": Decimal("20"),
    }
    values.update(fields)
    return Indicator.objects.create(plan=plan, key=key, **values)


@pytest.fixture
def world(db: object) -> World:
    province = Jurisdiction.objects.create(name="山东省", level=Jurisdiction.Level.PROVINCE)
    city = Jurisdiction.objects.create(name="泰安市", level=Jurisdiction.Level.CITY, parent=province)
    other_city = Jurisdiction.objects.create(name="济南市", level=Jurisdiction.Level.CITY, parent=province)
    office_unit = Unit.objects.create(name="市发展改革委", jurisdiction=city, is_planning_office=True)
    science = Unit.objects.create(name="市科技局", jurisdiction=city)
    industry = Unit.objects.create(name="市工业和信息化局", jurisdiction=city)
    other_office = Unit.objects.create(
        name="济南市发展改革委", jurisdiction=other_city, is_planning_office=True
    )
    plan = Plan.objects.create(
        key="taian-plan",
        title="泰安市“十四五”规划",
        kind=Plan.Kind.FIVE_YEAR,
        jurisdiction=city,
        start_year=2021,
        end_year=2025,
        base_year=2020,
    )
    other_plan = Plan.objects.create(
        key="jinan-plan",
        title="济南市“十四五”规划",
        kind=Plan.Kind.FIVE_YEAR,
        jurisdiction=other_city,
        start_year=2021,
        end_year=2025,
        base_year=2020,
    )
    science_indicator = make_indicator(plan, "r1", "研发经费投入强度")
    industry_indicator = make_indicator(plan, "r2", "规模以上工业增加值增速")
    IndicatorResponsibility.objects.create(
        indicator=science_indicator, unit=science, role=ResponsibilityRole.LEAD
    )
    IndicatorResponsibility.objects.create(
        indicator=industry_indicator, unit=industry, role=ResponsibilityRole.LEAD
    )
    task = Task.objects.create(
        plan=plan, number=1, title="加快创新型城市建设", text="开展10场以上高端学术交流活动"
    )
    TaskResponsibility.objects.create(task=task, unit=science, role=ResponsibilityRole.SHARED)
    task_target = make_indicator(
        plan,
        "task1:1",
        "高端学术交流活动",
        origin=Indicator.Origin.TASK,
        task=task,
        target_text="10场以上",
        target_comparator="ge",
        target_value=Decimal("10"),
        unit_of_measure="场",
    )
    other_indicator = make_indicator(other_plan, "r1", "济南研发投入")
    box = ProjectBox.objects.create(plan=plan, key="b1", number=1, title="重大项目")
    science_project = KeyProject.objects.create(plan=plan, box=box, key="b1/1", name="泰山创新谷")
    industry_project = KeyProject.objects.create(plan=plan, box=box, key="b1/2", name="智能制造产业园")
    ProjectResponsibility.objects.create(project=science_project, unit=science, role=ResponsibilityRole.LEAD)
    ProjectResponsibility.objects.create(
        project=industry_project, unit=industry, role=ResponsibilityRole.LEAD
    )
    return World(
        province=province,
        city=city,
        other_city=other_city,
        office_unit=office_unit,
        science=science,
        industry=industry,
        plan=plan,
        other_plan=other_plan,
        science_indicator=science_indicator,
        industry_indicator=industry_indicator,
        task=task,
        task_target=task_target,
        other_indicator=other_indicator,
        science_project=science_project,
        industry_project=industry_project,
        admin=make_user("admin", unit=None, role=User.Role.VIEWER, superuser=True),
        office=make_user("office", unit=office_unit, role=User.Role.PLANNING_OFFICE),
        alice=make_user("alice", unit=science, role=User.Role.REPORTER),
        bob=make_user("bob", unit=industry, role=User.Role.REPORTER),
        viewer=make_user("viewer", unit=office_unit, role=User.Role.VIEWER),
        charlie=make_user("charlie", unit=other_office, role=User.Role.PLANNING_OFFICE),
    )
