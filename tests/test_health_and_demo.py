from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client, settings):
    settings.CELERY_BROKER_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "eager"}


def test_healthz_degrades_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "unreachable"


def test_demo_accounts_are_created_once_and_scoped(settings, capsys):
    settings.DEBUG = True
    call_command("seed_plans")
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    out = capsys.readouterr().out
    assert "fgw" in out and "kjj" in out
    assert User.objects.filter(username="kjj").count() == 1
    reporters = User.objects.filter(role=User.Role.REPORTER)
    assert reporters.count() >= 3
    assert len({user.unit_id for user in reporters}) == reporters.count()
    office = User.objects.get(username="fgw")
    assert office.role == User.Role.PLANNING_OFFICE and office.unit.is_planning_office
    assert User.objects.get(username="admin").is_superuser


def test_every_seeded_plan_has_an_office_that_approves_it_and_units_for_its_indicators(settings):
    from django.db.models import Q

    from accounts.policy import may_configure
    from importer.demo import DEMO_MARK
    from indicators.models import Indicator
    from plans.models import Plan

    settings.DEBUG = True
    call_command("seed_plans")
    call_command("create_demo_accounts")
    offices = list(User.objects.filter(role=User.Role.PLANNING_OFFICE).select_related("unit"))
    for plan in Plan.objects.all():
        assert any(may_configure(user, plan.jurisdiction_id) for user in offices), plan.key
    orphans = Indicator.objects.filter(
        Q(responsibilities__isnull=True) & Q(task__responsibilities__isnull=True)
    )
    assert not orphans.exists()
    demo_reporters = User.objects.filter(username__endswith="-tjj")
    assert demo_reporters.exists() and all(user.unit.name.endswith(DEMO_MARK) for user in demo_reporters)


def test_demo_accounts_refuse_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refusing with DEBUG off"):
        call_command("create_demo_accounts")


def test_healthz_checks_a_configured_broker(client, settings):
    import os

    url = os.environ.get("CELERY_BROKER_URL")
    if not url:
        pytest.skip("no broker configured (CI sets CELERY_BROKER_URL to a real Redis)")
    settings.CELERY_BROKER_URL = url
    assert client.get("/healthz").json()["broker"] == "ok"
