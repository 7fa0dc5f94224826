"""The Chinese explanation texts of the engine: rule names, numbers, and the sentences built from them.

Numbers are quantised for display only; the result fields keep full precision.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from .arithmetic import HUNDRED
from .spec import Status
from .targets import Comparator

if TYPE_CHECKING:
    from .run import Run

RULE_NAMES: dict[str, str] = {
    "before_period": "规划期外",
    "no_data": "无审定数据",
    "not_computable": "数值无法计算",
    "qualitative": "定性目标",
    "target_not_set": "目标未设定",
    "judgement": "定性评价",
    "keep_held": "保持型目标",
    "keep_broken": "保持型目标",
    "binding_broken": "约束性底线",
    "achieved_early": "目标提前实现",
    "final_met": "目标年评定",
    "final_not_met": "目标年评定",
    "met_no_baseline": "达到目标（无基期值）",
    "no_baseline": "缺少基期值",
    "no_planned_change": "基期值等于目标值",
    "level_linear": "直线路径进度",
    "level_compound": "复利路径进度",
    "rate_average": "年均增速（逐年平均）",
    "rate_yearly_limit": "逐年限值（算术平均）",
    "rate_yearly_targets": "逐年目标（平均值比较）",
    "yearly_targets_pending": "逐年目标",
    "rate_final": "年均增速目标年评定",
    "cumulative_share": "累计目标按时序进度",
    "cumulative_cap": "累计总量上限",
    "reduction_compound": "累计降低目标（复合）",
    "quota_pending": "上级下达任务",
    "quota_year": "上级下达任务",
    "relative_no_linked": "相对目标",
    "relative_held": "相对目标",
    "relative_not_held": "相对目标",
}

RELATIVE_VERBS: dict[Comparator, str] = {
    Comparator.GE: "不低于（同步于）",
    Comparator.GT: "高于",
    Comparator.LE: "不高于",
    Comparator.LT: "低于",
    Comparator.EQ: "等于",
    Comparator.APPROX: "基本同步于",
}


def sentence(run: Run, status: Status, rule: str, detail: str, missing: tuple[int, ...]) -> str:
    """【name】rule: detail, gaps, (after the target year), 判定为“status”。"""
    name = f"【{run.spec.name}】" if run.spec.name else ""
    gaps = f"，缺{'、'.join(str(y) for y in missing)}年数据" if missing else ""
    after = f"（目标年已过，按{run.judged}年数据评定）" if run.year > run.spec.target_year else ""
    return f"{name}{RULE_NAMES.get(rule, rule)}：{detail}{gaps}{after}，判定为“{status.label}”。"


def with_note(explanation: str, note: str) -> str:
    """The explanation with ``note`` added before its verdict (", 判定为…")."""
    head, verdict, tail = explanation.rpartition("，判定为“")
    return f"{head}，{note}{verdict}{tail}" if verdict else f"{explanation}{note}"


def relabel(explanation: str, old: str, new: str) -> str:
    """The explanation with its verdict changed from ``old`` to ``new``."""
    suffix = f"判定为“{old}”。"
    return (
        explanation.removesuffix(suffix) + f"判定为“{new}”。" if explanation.endswith(suffix) else explanation
    )


def comparison(comparator: Comparator, value: str) -> str:
    """A target as written: (GE, "6") → "6以上"."""
    return {
        Comparator.GE: f"{value}以上",
        Comparator.GT: f"高于{value}",
        Comparator.LE: f"{value}以内",
        Comparator.LT: f"低于{value}",
        Comparator.APPROX: f"{value}左右",
    }.get(comparator, value)


_FOUR_PLACES = Decimal("0.0001")
_ONE_PLACE = Decimal("0.1")


def num(value: Decimal | None) -> str:
    if value is None or not value.is_finite():
        return "—"
    if abs(value.adjusted()) > 12 and value != 0:
        return f"{value:.4E}"
    # Four places always write a point, and plainly (str is format "f" for these exponents).
    text = str(value.quantize(_FOUR_PLACES, ROUND_HALF_UP)).rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def with_unit(run: Run, value: Decimal | None) -> str:
    return f"{num(value)}{run.spec.unit}"


def pct(share: Decimal | None) -> str:
    if share is None or not share.is_finite():
        return "—"
    if abs(share.adjusted()) > 12 and share != 0:
        return f"{share * HUNDRED:.2E}%"
    return f"{(share * HUNDRED).quantize(_ONE_PLACE, ROUND_HALF_UP)}%"


def year_value(run: Run, value: Decimal, year: int | None = None) -> str:
    return f"{year or run.judged}年实际值{with_unit(run, value)}"


def span(years: list[int]) -> str:
    if not years:
        return ""
    return f"{years[0]}年" if len(years) == 1 else f"{years[0]}—{years[-1]}年"


def met_text(run: Run, actual: Decimal, target: Decimal) -> str:
    return f"{year_value(run, actual)}，已达到目标{with_unit(run, target)}"


def early_text(run: Run, actual: Decimal, target: Decimal) -> str:
    return (
        f"基期值{with_unit(run, run.baseline)}未达到目标{with_unit(run, target)}，"
        f"{year_value(run, actual)}，早于目标年{run.spec.target_year}年实现"
    )


def short_text(run: Run, actual: Decimal, target: Decimal) -> str:
    return f"{year_value(run, actual)}，未达到目标{with_unit(run, target)}"


def gap_text(gap: Decimal | None, *, within: bool = False) -> str:
    """The relative gap; ``within`` notes a shortfall the on-track margin still absorbs."""
    if gap is None:
        return ""
    return f"，相对目标偏差{pct(gap)}" + ("（在容差范围内）" if within and gap < 0 else "")


def average_name(growth_rate: bool) -> str:
    return "几何平均增速" if growth_rate else "算术平均"
