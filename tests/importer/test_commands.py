"""`import_plan` round-trips every seed; `import_accuracy` prints the figures."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.models import Indicator, Task
from plans.models import Plan
from projects.models import KeyProject
from tests.importer.helpers import DOCS, SOURCES

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("doc", sorted(DOCS))
def test_each_seed_imports_as_a_draft_and_only_once(doc):
    path = str(SOURCES / DOCS[doc])
    run(path, "--create-jurisdiction")
    plan = Plan.objects.get()
    assert plan.state == Plan.State.DRAFT and len(plan.source_sha256) == 64
    items = [
        *Indicator.objects.filter(plan=plan),
        *Task.objects.filter(plan=plan),
        *KeyProject.objects.filter(plan=plan),
    ]
    assert items and all(item.is_imported for item in items)
    counts = (Indicator.objects.count(), Task.objects.count(), KeyProject.objects.count())
    output = run(path, "--create-jurisdiction")
    assert "nothing was written" in output or "未写入任何内容" in output
    assert Plan.objects.count() == 1
    assert (Indicator.objects.count(), Task.objects.count(), KeyProject.objects.count()) == counts


def test_dry_run_as_json():
    data = json.loads(run(str(SOURCES / DOCS["003"]), "--dry-run", "--format", "json"))
    assert data["dry_run"] and data["plan_id"] is None
    assert data["counts"]["table_rows"] == 21
    assert [w["line"] for w in data["warnings"]][:3] == [119, 124, 129]
    assert data["document"]["plan"]["title"] == "张店区国民经济和社会发展第十四个五年规划和2035年远景目标纲要"
    assert not Plan.objects.exists()


def test_a_file_that_is_not_a_plan(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(CommandError, match="不是文本或 Word 文档"):
        run(str(path))
    with pytest.raises(CommandError):
        run(str(tmp_path / "missing.txt"))
    assert not Plan.objects.exists()


def test_import_accuracy_prints_every_document():
    out = io.StringIO()
    call_command("import_accuracy", stdout=out)
    table = out.getvalue()
    for doc in DOCS:
        assert f"\n{doc}  " in table
    assert "001  tasks                80     80      80    100.0%  100.0%   100.0%   100.0%" in table


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 2**20)  # a 50 MB file, sparse on disk
    with pytest.raises(CommandError, match="MB"):
        run(str(path))
    assert not Plan.objects.exists()


def test_the_dry_run_lists_every_item_with_its_line_and_the_jurisdiction_chosen(world):
    output = run(str(SOURCES / DOCS["001"]), "--dry-run", "--jurisdiction", "山东省/泰安市")
    assert "泰安市" in output
    assert "[task:1]" in output and "[task:80]" in output
    with pytest.raises(CommandError, match="济宁市"):
        run(str(SOURCES / DOCS["001"]), "--dry-run", "--jurisdiction", "济宁市")
