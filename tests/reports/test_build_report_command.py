"""`manage.py build_report`: synchronous, prints the file's path; bad input is a CommandError."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reports.models import ReportRun, RunState, Trigger

pytestmark = pytest.mark.django_db


def build(*args: str) -> str:
    out = io.StringIO()
    call_command("build_report", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.parametrize(
    ("kind", "fmt"), [("monitoring", "xlsx"), ("midterm", "docx"), ("tasks", "xlsx"), ("projects", "docx")]
)
def test_builds_and_prints_the_path(world, kind, fmt):
    path = build("--plan", "taian-plan", "--year", "2023", "--kind", kind, "--format", fmt)
    assert Path(path).is_file() and path.endswith(f".{fmt}")
    run = ReportRun.objects.get()
    assert (run.state, run.trigger, run.requested_by) == (RunState.DONE, Trigger.COMMAND, None)


def test_a_year_outside_the_plan_is_refused(world):
    with pytest.raises(CommandError, match="年份 2030 不在规划期 2021–2025 内"):
        build("--plan", "taian-plan", "--year", "2030", "--kind", "monitoring")
    assert not ReportRun.objects.exists()


def test_an_unknown_plan_is_refused(world):
    with pytest.raises(CommandError, match="no-such-plan"):
        build("--plan", "no-such-plan", "--year", "2023", "--kind", "monitoring")


def test_a_failed_build_says_why(world, monkeypatch):
    from reports import services

    def broken(run):
        raise ValueError("the template is missing")

    monkeypatch.setattr(services, "report_generate", broken)
    with pytest.raises(CommandError, match="the template is missing"):
        build("--plan", "taian-plan", "--year", "2023", "--kind", "monitoring")
    assert ReportRun.objects.get().state == RunState.FAILED
