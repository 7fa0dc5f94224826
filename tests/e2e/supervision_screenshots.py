"""Screenshots of task supervision with the `make run` data, for docs/screenshots/.

    .venv/bin/python -m tests.e2e.supervision_screenshots [output directory]

Seeds the five plans and the demo accounts into a throwaway SQLite database, sets the 2023 key-task
list to quarterly feedback, lets 市科技局 (kjj) report on its tasks for 2023 Q4 under a lock
exception (one returned by the office, one approved, with evidence files), adds milestones and a
督办事项, and photographs in Chromium: kjj's feedback form at 1440 and 390 px, the returned
feedback with its timeline, kjj's start page, and the office's list of feedback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.e2e.screenshots import ARGS, CHROMIUM, ROOT, free_port, manage, wait_for

DEMO_SUPERVISION = r"""
import io
from datetime import timedelta

from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from indicators.models import Task
from supervision.rules import task_feedback_unit_id
from plans.models import Plan
from progress.models import EntryDeadline, LockException
from supervision.models import Milestone, SupervisionSetting
from supervision.services import (
    Upload, feedback_approve, feedback_return, feedback_save, feedback_submit, issue_open,
)
from supervision.models import TaskFeedback

plan = Plan.objects.get(key="taian-2023-green-lowcarbon-tasks")
office, kjj = (User.objects.get(username=name) for name in ("fgw", "kjj"))
SupervisionSetting.objects.update_or_create(plan=plan, defaults={"period_kind": "quarter"})
EntryDeadline.objects.update_or_create(
    plan=plan, year=2023, defaults={"deadline": timezone.now() + timedelta(days=5)}
)
LockException.objects.get_or_create(
    plan=plan, year=2023, unit=kjj.unit,
    defaults={"expires_at": timezone.now() + timedelta(days=12), "granted_by": office,
              "reason": "补报四季度进展"},
)
led = [t for t in Task.objects.for_user(kjj).filter(plan=plan).order_by("number")
       if task_feedback_unit_id(t) == kjj.unit_id]


def photo():
    image = Image.new("RGB", (640, 400), "#dfe7ef")
    ImageDraw.Draw(image).rectangle((40, 40, 600, 360), outline="#1565c0", width=6)
    buffer = io.BytesIO(); image.save(buffer, format="PNG"); return buffer.getvalue()


pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
today = timezone.localdate()
for task in led[:4]:
    for title, days in (("出台年度工作方案", -20), ("完成年度目标验收", 25)):
        Milestone.objects.get_or_create(
            task=task, title=title, defaults={"due_date": today + timedelta(days=days), "owner": kjj.unit}
        )
if not TaskFeedback.objects.filter(task__plan=plan).exists():
    first = feedback_save(
        feedback=TaskFeedback(task=led[0], year=2023, quarter=4, completion="on_schedule",
            progress="全年举办高端学术交流活动8场，落地创新创业平台6个；"
                     "“科创中国”创新基地（泰安）建设方案已报市政府。",
            problems="部分平台落地依赖省级审批，进度受制约。",
            coordination="请市发展改革委协调省级部门加快审批。",
            next_steps="一季度完成剩余2个平台落地，组织年度考核。"),
        user=kjj,
        uploads=[Upload("活动现场照片.png", io.BytesIO(photo()), len(photo())),
                 Upload("平台落地清单.pdf", io.BytesIO(pdf), len(pdf))],
    )
    feedback_return(
        feedback=feedback_submit(feedback=first, user=kjj), user=office, reason="请补充平台名称及落地时间。"
    )
    second = feedback_save(
        feedback=TaskFeedback(task=led[1], year=2023, quarter=4, completion="lagging",
            progress="高新技术企业认定申报148家，低于序时进度。", reason="受政策调整影响，申报窗口推迟。",
            measures="已组织专场培训并逐企辅导。", next_steps="下一批次集中申报。"),
        user=kjj,
    )
    feedback_approve(feedback=feedback_submit(feedback=second, user=kjj), user=office)
    issue_open(
        task=led[1], user=office, text="请说明高新技术企业申报滞后的原因及补救措施。",
        deadline=today + timedelta(days=3),
    )
print("supervision demo in place:", [t.number for t in led[:4]])
"""


ADD = "/admin/supervision/taskfeedback/add/?task={task}&year=2023&quarter=4"


def main(output: Path) -> None:
    from playwright.sync_api import sync_playwright

    from importer.demo import DEMO_PASSWORD

    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="plan-tracker-shots-") as scratch:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "DJANGO_DEBUG": "true",
            "DJANGO_MEDIA_ROOT": f"{scratch}/media",
        }
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_plans")
        manage(env, "create_demo_accounts")
        manage(env, "shell", "-c", DEMO_SUPERVISION)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        shots = [
            ("kjj", 1440, ADD, "feedback-form.png"),
            ("kjj", 390, ADD, "feedback-form-390.png"),
            ("kjj", 1440, "/admin/supervision/taskfeedback/{returned}/change/", "feedback-returned.png"),
            ("kjj", 390, "/admin/supervision/taskfeedback/{returned}/change/", "feedback-returned-390.png"),
            ("kjj", 1440, "/admin/", "start-page-tasks.png"),
            ("fgw", 1440, "/admin/supervision/taskfeedback/", "feedback-list.png"),
        ]
        ids = ids_in(env)
        try:
            wait_for(f"{base}/admin/login/")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for username, width, path, name in shots:
                    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
                    page = context.new_page()
                    page.goto(f"{base}/admin/login/")
                    page.fill("#id_username", username)
                    page.fill("#id_password", DEMO_PASSWORD)
                    with page.expect_navigation():
                        page.click('input[type="submit"]')
                    page.goto(base + path.format(**ids))
                    page.screenshot(path=str(output / name), full_page=True)
                    print(output / name)
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


def ids_in(env: dict[str, str]) -> dict[str, int]:
    script = (
        "from supervision.models import TaskFeedback;"
        "r = TaskFeedback.objects.get(state='returned');"
        "from indicators.models import Task;"
        "from supervision.rules import task_feedback_unit_id;"
        "free = [t for t in Task.objects.filter(plan=r.task.plan, feedback__isnull=True).order_by('number')"
        " if task_feedback_unit_id(t) == r.created_by.unit_id][0];"
        "print(r.pk, free.pk)"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    return {"returned": int(out[-2]), "task": int(out[-1])}


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    import django

    django.setup()
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
