"""Demo plan family for `make run`: a small catalogue linked to the seeded plans, marked as demo data.

Nothing here is written into the fixtures: which plan indicators are "the same" is the office's
decision, so the demo links only exact name or alias matches and says it is demo data.
"""

from __future__ import annotations

from families.domain import Candidate, suggest_links
from families.models import CommonIndicator, IndicatorLink
from indicators.models import Indicator
from plans.models import Plan

DEMO_NOTE = "演示数据：由 create_demo_accounts 建立，正式使用前请由发展改革部门核定。"
CATALOGUE = [
    ("地区生产总值增速", "%", "higher", ["GDP增速", "生产总值增速"]),
    ("常住人口城镇化率", "%", "higher", ["城镇化率"]),
    ("研发经费投入强度", "%", "higher", ["全社会研发经费投入占地区生产总值比重", "R&D经费投入强度"]),
    ("居民人均可支配收入增长", "%", "higher", ["居民人均可支配收入增速"]),
    ("城镇登记失业率", "%", "lower", ["城镇调查失业率"]),
    ("人均预期寿命", "岁", "higher", []),
    ("森林覆盖率", "%", "higher", []),
    ("单位地区生产总值二氧化碳排放降低", "%", "higher", ["单位GDP二氧化碳排放降低"]),
    ("每万人口高价值发明专利拥有量", "件", "higher", []),
]


def create_demo_families() -> int:
    """Create the demo catalogue and link exact matches of the seeded plans; returns links made."""
    commons = []
    for name, unit, direction, aliases in CATALOGUE:
        common, _created = CommonIndicator.objects.get_or_create(
            name=name,
            defaults={
                "unit_of_measure": unit,
                "direction": direction,
                "aliases": aliases,
                "definition": DEMO_NOTE,
            },
        )
        commons.append(common)
    candidates = [Candidate(c.pk, c.name, tuple(c.aliases), "") for c in commons]
    by_id = {c.pk: c for c in commons}
    made = 0
    for indicator in Indicator.objects.filter(task__isnull=True, common_link__isnull=True):
        best = suggest_links(indicator.name, "", candidates, limit=1)
        if best and best[0].score == 1.0:
            IndicatorLink.objects.create(indicator=indicator, common=by_id[best[0].candidate_id])
            made += 1
    # A district's plans sit under a plan of its city, where the city has one.
    for plan in Plan.objects.filter(parent__isnull=True, jurisdiction__parent__isnull=False):
        city_plan = (
            Plan.objects.filter(jurisdiction_id=plan.jurisdiction.parent_id).order_by("-start_year").first()  # type: ignore[misc]
        )
        if city_plan is not None:
            plan.parent = city_plan
            plan.save(update_fields=["parent"])
    return made
