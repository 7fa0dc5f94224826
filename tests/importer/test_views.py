"""The upload page in the admin: who may use it, the dry-run report, the import and publishing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from plans.models import Jurisdiction, Plan
from tests.importer.helpers import DOCS, seed_bytes

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)  # the sign-in itself is tested in tests/security/test_brute_force.py
    return client


def upload(client, doc="001", content=None):
    file = SimpleUploadedFile(DOCS[doc], content if content is not None else seed_bytes(doc))
    return client.post(reverse("importer:upload"), {"document": file})


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(reverse("importer:upload"))
    assert response.status_code == 302 and reverse("admin:login") in response.url


@pytest.mark.parametrize("who", ["alice", "viewer"])
def test_reporters_and_viewers_may_not_import(client, world, who):
    login(client, getattr(world, who))
    assert client.get(reverse("importer:upload")).status_code == 403
    assert upload(client).status_code == 403
    assert client.post(reverse("importer:confirm"), {"sha256": "0" * 64}).status_code == 403
    assert not Plan.objects.filter(state=Plan.State.DRAFT).exists()


def test_the_office_reads_imports_and_publishes(client, world):
    login(client, world.office)
    page = client.get(reverse("importer:upload"))
    assert page.status_code == 200 and "admin/base_site.html" in [t.name for t in page.templates]

    report = upload(client)
    assert report.status_code == 200
    html = report.content.decode()
    assert "泰安市人民政府办公室关于印发泰安市推动绿色低碳高质量发展2023年重点工作任务的通知" in html
    assert report.context["counts"][3][1] == 80  # tasks
    assert not Plan.objects.filter(source_sha256=report.context["result"].sha256).exists()  # a dry run

    sha256 = report.context["result"].sha256
    assert report.context["result"].jurisdiction == world.city  # the issuer's, preselected
    confirmed = client.post(
        reverse("importer:confirm"),
        {
            "sha256": sha256,
            "filename": DOCS["001"],
            "jurisdiction": world.city.pk,
            "drop": ["task:2", "task:3"],
        },
    )
    plan = Plan.objects.get(source_sha256=sha256)
    assert plan.jurisdiction == world.city
    assert plan.tasks.count() == 78 and not plan.tasks.filter(number__in=[2, 3]).exists()
    assert confirmed.status_code == 302 and confirmed.url == reverse("importer:result", args=[plan.pk])
    assert plan.state == Plan.State.DRAFT

    result = client.get(confirmed.url)
    assert result.status_code == 200 and result.context["is_draft"]
    published = client.post(reverse("importer:publish", args=[plan.pk]))
    assert published.status_code == 302
    plan.refresh_from_db()
    assert plan.state == Plan.State.PUBLISHED

    again = upload(client)
    assert again.context["result"].existing  # found by its checksum, not imported twice


def test_the_report_lists_what_could_not_be_read_with_its_line(client, world):
    login(client, world.admin)
    report = upload(client, "003")
    lines = [finding.line for finding in report.context["result"].warnings]
    assert lines[:3] == [119, 124, 129]
    assert "(17)空气质量优良天数比率(%) | 60.4 | —— | 约束性" in report.content.decode()


def test_a_bad_file_shows_a_message_on_the_form(client, world):
    login(client, world.office)
    response = upload(client, content=b"%PDF-1.4 not a plan")
    assert response.status_code == 200
    assert "PDF" in response.context["form"].errors["document"][0]
    scanned = (Path(__file__).parent / "files" / "scanned.pdf").read_bytes()
    with translation.override("zh-hans"):
        response = upload(client, content=scanned)
    assert "扫描件" in response.context["form"].errors["document"][0]
    assert not Plan.objects.filter(state=Plan.State.DRAFT).exists()


def test_confirming_a_file_never_uploaded(client, world):
    login(client, world.office)
    response = client.post(reverse("importer:confirm"), {"sha256": "a" * 64, "filename": "x.txt"})
    assert response.status_code == 302 and response.url == reverse("importer:upload")


def test_another_office_cannot_publish(client, world):
    login(client, world.office)
    sha256 = upload(client).context["result"].sha256
    client.post(
        reverse("importer:confirm"),
        {"sha256": sha256, "filename": DOCS["001"], "jurisdiction": world.city.pk},
    )
    plan = Plan.objects.get(source_sha256=sha256)
    client.logout()
    login(client, world.charlie)
    assert client.post(reverse("importer:publish", args=[plan.pk])).status_code == 404  # not in their scope


def test_a_plan_of_another_jurisdiction_is_refused_on_the_form(client, world):
    Jurisdiction.objects.create(name="泰山区", level=Jurisdiction.Level.DISTRICT, parent=world.city)
    login(client, world.charlie)  # 济南市's office; 000 is the plan of 泰安市泰山区
    response = upload(client, "000")
    assert response.status_code == 200
    assert "泰山区" in response.context["form"].errors["document"][0]


def test_a_city_office_imports_a_plan_of_a_district_below_it(client, world):
    district = Jurisdiction.objects.create(
        name="泰山区", level=Jurisdiction.Level.DISTRICT, parent=world.city
    )
    login(client, world.office)
    report = upload(client, "000")
    assert report.context["result"].jurisdiction == district
    html = report.content.decode()
    assert 'name="drop" value="indicator:r1"' in html and "（1）地区生产总值增速（%）" in html


def test_an_unknown_place_is_not_created_and_must_be_chosen(client, world):
    login(client, world.office)
    report = upload(client, "000")  # 泰山区 is not known
    result = report.context["result"]
    assert result.jurisdiction is None and result.suggestion == "泰安市泰山区"
    confirmed = client.post(reverse("importer:confirm"), {"sha256": result.sha256, "filename": DOCS["000"]})
    assert confirmed.status_code == 200 and confirmed.context["confirm"].errors["jurisdiction"]
    assert not Jurisdiction.objects.filter(name="泰山区").exists()
    assert not Plan.objects.filter(source_sha256=result.sha256).exists()


def test_an_office_may_not_file_a_plan_outside_its_jurisdiction(client, world):
    login(client, world.office)
    result = upload(client, "000").context["result"]
    confirmed = client.post(
        reverse("importer:confirm"),
        {"sha256": result.sha256, "filename": DOCS["000"], "jurisdiction": world.other_city.pk},
    )
    assert confirmed.status_code == 200 and confirmed.context["confirm"].errors["jurisdiction"]
    assert not Plan.objects.filter(source_sha256=result.sha256).exists()


def test_files_never_confirmed_are_removed_after_a_day(client, world, settings):
    import os
    import time
    from pathlib import Path

    stale = Path(settings.MEDIA_ROOT) / "imports" / f"{'b' * 64}.upload"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    login(client, world.office)
    sha256 = upload(client).context["result"].sha256
    assert not stale.exists()
    assert (Path(settings.MEDIA_ROOT) / "imports" / f"{sha256}.upload").exists()
