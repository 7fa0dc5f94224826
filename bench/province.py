"""Province-scale data for benchmarks: ~150 plans, 6,000 indicators, 10 years of approved figures.

Generated once into the benchmark database (never the development one) and reused; the same seed
always gives the same data, so runs are comparable.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import connection, transaction

from accounts.models import ApiToken, User
from indicators.models import Indicator, IndicatorEvaluation, IndicatorResponsibility, ProgressEntry
from indicators.services import evaluations_refresh
from plans.models import Jurisdiction, Plan, ResponsibilityRole, Unit
from progress.models import EntryState

CITIES = 16  # at scale 1
DISTRICTS_PER_CITY = 8  # 1 province + 16 cities + 128 districts ≈ 145 plans, plus 5 provincial ones
INDICATORS_PER_PLAN = 40
START, END, BASE = 2016, 2025, 2015  # ten years of figures
CATEGORIES = ["经济发展", "创新驱动", "民生福祉", "绿色生态", "安全保障"]
UNITS = ["发展改革局", "统计局", "科技局", "工业和信息化局", "财政局", "生态环境局", "教育局", "卫生健康委"]


def ensure_province(*, scale: int = 1, seed: int = 2026) -> Plan:
    """Create the data unless it is already there; returns one plan of it.

    `scale` multiplies the cities (and so plans and indicators): scale 10 is ~60,000 indicators.
    """
    existing = Plan.objects.filter(key__startswith="bench-").order_by("pk").first()
    if existing is not None:
        return existing
    rng = random.Random(seed)
    with transaction.atomic():
        province = Jurisdiction.objects.create(name="基准省", level=Jurisdiction.Level.PROVINCE)
        jurisdictions = [province] * 5 * scale
        for c in range(CITIES * scale):
            city = Jurisdiction.objects.create(
                name=f"基准{c}市", level=Jurisdiction.Level.CITY, parent=province
            )
            jurisdictions.append(city)
            jurisdictions += [
                Jurisdiction.objects.create(
                    name=f"基准{c}市{d}区", level=Jurisdiction.Level.DISTRICT, parent=city
                )
                for d in range(DISTRICTS_PER_CITY)
            ]
        for n, jurisdiction in enumerate(jurisdictions):
            create_plan(rng, n, jurisdiction)
    return Plan.objects.filter(key__startswith="bench-").order_by("pk").first()  # type: ignore[return-value]


def create_plan(rng: random.Random, n: int, jurisdiction: Jurisdiction) -> None:
    units = Unit.objects.bulk_create(
        Unit(name=name, jurisdiction=jurisdiction, is_planning_office=(name == "发展改革局"))
        for name in UNITS
        if not Unit.objects.filter(jurisdiction=jurisdiction, name=name).exists()
    ) or list(Unit.objects.filter(jurisdiction=jurisdiction))
    plan = Plan.objects.create(
        key=f"bench-{n}",
        title=f"{jurisdiction.name}中长期发展规划（基准{n}）",
        kind=Plan.Kind.ACTION_PLAN,
        jurisdiction=jurisdiction,
        start_year=START,
        end_year=END,
        base_year=BASE,
    )
    indicators = Indicator.objects.bulk_create(indicator(rng, plan, i) for i in range(INDICATORS_PER_PLAN))
    IndicatorResponsibility.objects.bulk_create(
        IndicatorResponsibility(indicator=item, unit=rng.choice(units), role=ResponsibilityRole.LEAD)
        for item in indicators
    )
    ProgressEntry.objects.bulk_create(
        ProgressEntry(
            indicator=item,
            year=year,
            value=figure(rng, item, year),
            state=EntryState.APPROVED,
        )
        for item in indicators
        for year in range(START, END + 1)
    )


def indicator(rng: random.Random, plan: Plan, i: int) -> Indicator:
    shape = i % 4
    baseline = Decimal(rng.randint(50, 500))
    common = {
        "plan": plan,
        "key": f"r{i}",
        "order": i,
        "name": f"指标{i}",
        "category": CATEGORIES[i % len(CATEGORIES)],
        "unit_of_measure": "%",
        "attribute": "binding" if i % 7 == 0 else "expected",
        "baseline_year": BASE,
        "target_year": END,
        "baseline_value": baseline,
        "baseline_text": str(baseline),
    }
    if shape == 0:  # a level rising to a target
        target = baseline * Decimal("1.5")
        return Indicator(
            **common,
            direction="higher",
            measure="level",
            target_text=str(target),
            target_kind="level",
            target_comparator="eq",
            target_value=target,
        )
    if shape == 1:  # a yearly growth rate
        return Indicator(
            **common,
            direction="higher",
            measure="rate",
            target_text="-",
            target_kind="not_set",
            annual_text="6",
            annual_kind="rate",
            annual_comparator="ge",
            annual_value=Decimal(6),
        )
    if shape == 2:  # a ceiling
        return Indicator(
            **common,
            direction="lower",
            measure="level",
            target_text="4.5%以内",
            target_kind="level",
            target_comparator="le",
            target_value=Decimal("4.5"),
            target_unit="%",
        )
    return Indicator(
        **common,
        direction="higher",
        measure="level",
        target_text=f"{baseline * 2}左右",
        target_kind="level",
        target_comparator="approx",
        target_value=baseline * 2,
    )


def figure(rng: random.Random, item: Indicator, year: int) -> Decimal:
    share = Decimal(year - BASE) / Decimal(END - BASE)
    noise = Decimal(rng.randint(-8, 8)) / 100
    if item.measure == "rate":
        return Decimal(6) + Decimal(rng.randint(-20, 20)) / 10
    if item.target_comparator == "le":
        return Decimal("4.5") + noise * 10
    base = item.baseline_value or Decimal(0)
    goal = item.target_value or base
    return (base + (goal - base) * share * (1 + noise)).quantize(Decimal("0.01"))


def ensure_evaluations() -> None:
    """Store the evaluation of every indicator and year unless already stored (reads use them)."""
    plans = Plan.objects.filter(key__startswith="bench-")
    if not IndicatorEvaluation.objects.filter(indicator__plan__in=plans).exists():
        print("  storing the evaluations of every indicator and year (once) …", flush=True)
        evaluations_refresh(plan_ids=plans.values_list("pk", flat=True))


def refresh_statistics() -> None:
    """Give PostgreSQL's planner statistics of the generated data.

    Until autovacuum analyses a new database (never, where it is off) PostgreSQL plans without
    statistics: it joined every evaluation before keeping the first 1,000 rows of a page (45 ms
    instead of 4 ms). A served database has its statistics; so does the benchmarks' one now.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def province_plans() -> list[Plan]:
    """The plans of the province itself (its planning office manages these, not the cities')."""
    return list(
        Plan.objects.filter(key__startswith="bench-", jurisdiction__parent__isnull=True).order_by("pk")
    )


def bench_user(username: str, role: str, *, superuser: bool = False) -> User:
    """A user of the province's planning office (created in the benchmark database only)."""
    province = Jurisdiction.objects.get(name="基准省", parent__isnull=True)
    unit = Unit.objects.filter(jurisdiction=province, is_planning_office=True).first()
    user, _ = User.objects.get_or_create(
        username=username, defaults={"unit": unit, "role": role, "is_superuser": superuser}
    )
    return user


def token_key(user: User, name: str, *, read_only: bool) -> str:
    ApiToken.objects.filter(name=name).delete()
    _token, key = ApiToken.issue(user=user, name=name, read_only=read_only)
    return key
