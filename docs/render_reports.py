"""Build every report kind on the seeded plans with demo figures, convert each to PDF with
LibreOffice and render its pages as PNG, to look at them as a clerk or a leader would.

    DJANGO_SECRET_KEY=x .venv/bin/python docs/render_reports.py [OUTPUT_DIR]

Uses a throw-away SQLite database in OUTPUT_DIR (default /tmp/plan-tracker-reports). Demo figures:
each indicator with a numeric baseline and target gets approved figures for the plan's elapsed
years, along a path whose pace differs between indicators (ahead, on track, lagging, falling);
two thirds of the key projects get an approved progress report, half a planned investment.
LibreOffice is pointed at the Noto CJK fonts for the GB font names (仿宋_GB2312, 黑体, …) that
offices' machines have and this one does not.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

OUTPUT = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/plan-tracker-reports")
OUTPUT.mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUTPUT / 'demo.sqlite3'}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402

from importer.seeding import seed_plans  # noqa: E402
from indicators.models import Indicator, ProgressEntry  # noqa: E402
from indicators.services import evaluations_refresh  # noqa: E402
from plans.models import Plan  # noqa: E402
from progress.models import EntryState  # noqa: E402
from projects.models import KeyProject, ProjectProgress, ProjectStage  # noqa: E402
from reports import builders, writers  # noqa: E402
from reports.models import ReportKind  # noqa: E402
from reports.selectors import latest_approved_year  # noqa: E402

PACES = (Decimal("1.3"), Decimal("1.0"), Decimal("0.97"), Decimal("0.6"), Decimal("-0.2"))
LAGGING_NOTE = "受外部需求放缓影响，进度慢于预期。"
FONT_ALIASES = {
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "方正小标宋简体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}


def demo_figures(plan: Plan, last_year: int) -> None:
    entries = []
    indicators = (
        Indicator.objects.filter(plan=plan)
        .exclude(target_value=None, annual_value=None)
        .order_by("order", "pk")
    )
    for index, indicator in enumerate(indicators):
        pace = PACES[index % len(PACES)]
        target = indicator.target_value if indicator.target_value is not None else indicator.annual_value
        baseline = indicator.baseline_value
        base = indicator.baseline_year or plan.base_year
        span = max((indicator.target_year or plan.end_year) - base, 1)
        for year in range(plan.start_year, last_year + 1):
            share = Decimal(year - base) / span * pace
            if indicator.measure == "rate" or baseline is None:  # a rate is judged year by year
                value = target * (pace if pace > 0 else Decimal("0.8"))
            else:
                value = baseline + (target - baseline) * share
            entries.append(
                ProgressEntry(
                    indicator=indicator,
                    year=year,
                    value=value.quantize(Decimal("0.01")),
                    state=EntryState.APPROVED,
                    explanation=LAGGING_NOTE if pace < 1 and year == last_year else "",
                )
            )
    ProgressEntry.objects.bulk_create(entries)
    projects = list(KeyProject.objects.filter(plan=plan).order_by("order", "pk"))
    stages = [ProjectStage.PREPARATORY, ProjectStage.UNDER_CONSTRUCTION, ProjectStage.COMPLETED]
    for index, project in enumerate(projects):
        if index % 2 == 0:
            project.planned_investment = Decimal(5000 + 1000 * (index % 7))
            project.save(update_fields=["planned_investment"])
        if index % 3 != 2:
            ProjectProgress.objects.create(
                project=project,
                year=last_year,
                stage=stages[index % 3],
                investment_in_period=Decimal(800 + 150 * (index % 5)),
                state=EntryState.APPROVED,
            )
    evaluations_refresh(plan_ids=[plan.pk])


def fontconfig() -> dict[str, str]:
    aliases = "".join(
        f"<alias binding='same'><family>{name}</family><prefer><family>{font}</family></prefer></alias>"
        for name, font in FONT_ALIASES.items()
    )
    config = OUTPUT / "fonts.conf"
    config.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        f"<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config)}


def to_pngs(path: Path, env: dict[str, str]) -> list[Path]:
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
        check=True,
        capture_output=True,
        env=env,
        timeout=300,
    )
    pdf = path.with_suffix(".pdf")
    stem = path.parent / f"{path.stem}-{path.suffix[1:]}"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(stem)], check=True)
    return sorted(path.parent.glob(f"{stem.name}-*.png"))


def main() -> None:
    database = OUTPUT / "demo.sqlite3"
    database.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    seed_plans()
    env = fontconfig()
    pages = []
    with translation.override("zh-hans"):
        for plan in Plan.objects.order_by("pk"):
            last_year = min(max(plan.start_year, 2023), plan.end_year)
            demo_figures(plan, last_year)
            year = latest_approved_year([plan]) or plan.start_year
            for kind in ReportKind.values:
                report = builders.build(kind, plans=[plan], year=year)
                for fmt in ("docx", "xlsx"):
                    path = OUTPUT / f"{plan.key}-{kind}.{fmt}"
                    path.write_bytes(writers.render(report, fmt, writers.Letterhead.from_settings()))
                    rendered = to_pngs(path, env)
                    pages += rendered
                    print(f"{path.name}: {len(rendered)} pages", flush=True)
    print(f"{len(pages)} pages in {OUTPUT}")


if __name__ == "__main__":
    main()
