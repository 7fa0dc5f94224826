"""The supervision story: a key-task list of 泰安市 running last year and this year, reported monthly.

- task 1 (深化科创中国试点市建设): 市科技局 leads (alice), 市工业和信息化局 co-operates (bob);
- task 2 (建立问题闭环管理机制): 市工业和信息化局 leads alone;
- charlie (济南市 office) sees none of it; office (Olivia) supervises.

The plan spans the year before today's too, so "a month long closed" is always inside it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone
from PIL import Image

from indicators.models import Task, TaskResponsibility
from plans.models import Plan, ResponsibilityRole
from supervision.models import SupervisionSetting, TaskFeedback
from supervision.periods import FeedbackPeriod
from supervision.services import Upload


@dataclass
class Story:
    plan: Plan
    task: Task
    other_task: Task
    today: date

    @property
    def this_month(self) -> FeedbackPeriod:
        return FeedbackPeriod(self.today.year, month=self.today.month)

    @property
    def long_ago(self) -> FeedbackPeriod:
        """A month whose reporting window closed long ago (inside the plan)."""
        return FeedbackPeriod(self.today.year - 1, month=1)


@pytest.fixture
def story(world) -> Story:
    today = timezone.localdate()
    plan = Plan.objects.create(
        key="taian-tasks",
        title="泰安市重点工作任务",
        kind=Plan.Kind.ANNUAL_TASKS,
        jurisdiction=world.city,
        start_year=today.year - 1,
        end_year=today.year,
        base_year=today.year - 2,
        issuer="泰安市人民政府办公室",
        document_number="泰政办字〔2022〕57号",
    )
    SupervisionSetting.objects.create(plan=plan, period_kind="month", days_to_report=10)
    task = Task.objects.create(plan=plan, number=1, title="深化科创中国试点市建设")
    TaskResponsibility.objects.create(task=task, unit=world.science, role=ResponsibilityRole.LEAD)
    TaskResponsibility.objects.create(
        task=task, unit=world.industry, role=ResponsibilityRole.COOPERATING, order=1
    )
    other = Task.objects.create(plan=plan, number=2, title="建立问题发现、协调、解决、反馈闭环管理机制")
    TaskResponsibility.objects.create(task=other, unit=world.industry, role=ResponsibilityRole.LEAD)
    return Story(plan=plan, task=task, other_task=other, today=today)


def feedback_for(
    story: Story, task: Task | None = None, period: FeedbackPeriod | None = None, **fields
) -> TaskFeedback:
    period = period or story.this_month
    values = {"completion": "on_schedule", "progress": "已举办学术交流活动6场。"}
    values.update(fields)
    return TaskFeedback(
        task=task or story.task, year=period.year, quarter=period.quarter, month=period.month, **values
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes) -> Upload:
    return Upload(name=name, stream=io.BytesIO(content), size=len(content))
