"""The import preview in a real browser: a real plan of another place, its jurisdiction chosen,
items left out, the draft made. With SCREENSHOTS=dir set, the report is photographed at 1440 and
390 px wide (for reviewing the page, not asserted)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plans.models import Jurisdiction, Plan

pytestmark = pytest.mark.django_db(transaction=True)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_the_office_chooses_the_jurisdiction_and_leaves_items_out(live_server, world, login):
    shanghai = Jurisdiction.objects.create(name="上海市", level=Jurisdiction.Level.PROVINCE)
    district = Jurisdiction.objects.create(name="松江区", level=Jurisdiction.Level.DISTRICT, parent=shanghai)
    page = login(world.admin.username)
    page.goto(f"{live_server.url}/admin/import/")
    _photograph(page, "upload")
    page.set_input_files("#id_document", str(next(CORPUS.glob("c07_*.md"))))
    with page.expect_navigation():
        page.click('input[type="submit"]')
    assert page.locator("#id_jurisdiction").input_value() == str(district.pk)  # the issuer's, preselected
    rows = page.locator(".importer-items tbody tr")
    assert rows.count() >= 22
    task_one = page.locator('input[name="drop"][value="task:1"]')
    assert "牵头：经济技术开发区、九里亭街道" in page.locator(".importer-items tr", has=task_one).inner_text()
    _photograph(page, "preview")
    task_one.check()
    with page.expect_navigation():
        page.click('.submit-row input[type="submit"]')
    plan = Plan.objects.get(jurisdiction=district)
    assert plan.state == Plan.State.DRAFT
    assert plan.tasks.count() == 21 and not plan.tasks.filter(number=1).exists()


def _photograph(page, name: str) -> None:
    if not os.environ.get("SCREENSHOTS"):
        return
    folder = Path(os.environ["SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"importer-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})
