"""A whole plan from a case file, its figures approved through the API year after year, and the API's
status, forecast outlook and warning colour compared with the file (tests/cases/*.yaml, issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from indicators.models import Indicator, IndicatorResponsibility, PlanWarningRules, WarningNotice
from indicators.services import indicator_save
from plans.models import Plan, ResponsibilityRole

pytestmark = pytest.mark.django_db

CASES = sorted((Path(__file__).parent.parent / "cases").glob("*.yaml"))


def build(case: dict[str, Any], world: Any) -> dict[str, Indicator]:
    plan = Plan.objects.create(jurisdiction=world.city, kind="five_year", **case["plan"])
    PlanWarningRules.objects.create(plan=plan, **case.get("warning_rules") or {})
    indicators = {}
    for order, spec in enumerate(case["indicators"]):
        indicator = Indicator(
            plan=plan,
            key=spec["key"],
            order=order,
            origin=Indicator.Origin.TABLE,
            name=spec["name"],
            unit_of_measure=spec["unit_of_measure"],
            attribute=spec["attribute"],
            baseline_year=plan.base_year,
            baseline_text=spec["baseline"],
            target_year=plan.end_year,
            target_text=spec["target"],
            annual_text=spec.get("annual", ""),
        )
        indicators[spec["key"]] = indicator_save(indicator=indicator, user=world.office)
        IndicatorResponsibility.objects.create(
            indicator=indicators[spec["key"]], unit=world.science, role=ResponsibilityRole.LEAD
        )
    return indicators


def approve(api: Any, indicator: Indicator, year: int, value: str) -> None:
    reporter, office = api("alice"), api("office")
    response = reporter.post(
        "/api/v1/progress/", {"indicator": indicator.pk, "year": year, "value": value}, format="json"
    )
    assert response.status_code == 201, response.json()
    url = f"/api/v1/progress/{response.json()['id']}/"
    assert reporter.post(f"{url}submit/", {}, format="json").status_code == 200
    assert office.post(f"{url}approve/", {}, format="json").status_code == 200


def judged(api: Any, indicator: Indicator, year: int) -> dict[str, str]:
    evaluation = api("office").get(f"/api/v1/indicators/{indicator.pk}/?year={year}").json()["evaluation"]
    return {
        "status": evaluation["status"],
        "outlook": evaluation["forecast"]["outlook"],
        "warning": evaluation["warning"]["colour"],
    }


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_the_api_judges_the_plan_as_the_case_file_says(api, world, path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    indicators = build(case, world)
    years = sorted({int(year) for spec in case["indicators"] for year in spec["figures"]})
    mismatches = []
    for year in years:  # figures arrive year by year; each approval recomputes what follows
        for spec in case["indicators"]:
            if year in spec["figures"]:
                approve(api, indicators[spec["key"]], year, spec["figures"][year])
        for spec in case["indicators"]:
            for expected_year, expected in spec["expect"].items():
                if expected_year <= year and expected_year in spec["figures"]:
                    got = judged(api, indicators[spec["key"]], expected_year)
                    if got != expected:
                        mismatches.append((year, spec["key"], expected_year, got, expected))
        if year in case.get("warnings", {}):
            got_list = warning_list(api, indicators, year)
            if got_list != case["warnings"][year]:
                mismatches.append((year, "warnings", year, got_list, case["warnings"][year]))
    assert mismatches == []
    keys = {indicator.pk: key for key, indicator in indicators.items()}
    notices = WarningNotice.objects.values_list("indicator_id", "year", "colour", "attention")
    assert sorted([keys[i], year, colour, attention] for i, year, colour, attention in notices) == sorted(
        case.get("notices", [])
    )


def warning_list(api: Any, indicators: dict[str, Indicator], year: int) -> dict[str, list[Any]]:
    plan_id = next(iter(indicators.values())).plan_id
    rows = api("office").get(f"/api/v1/plans/{plan_id}/warnings/?year={year}").json()
    keys = {indicator.pk: key for key, indicator in indicators.items()}
    colours = [row["attention"] for row in rows]
    assert colours == sorted(colours, key=["red", "yellow"].index)  # worst first
    return {keys[row["indicator"]]: [row["colour"], row["attention"], row["periods"]] for row in rows}
