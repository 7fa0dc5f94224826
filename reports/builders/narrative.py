"""The Word documents' text: what the figures say, written out; the office edits the rest.

The monitoring report and the mid-term evaluation state per category how many indicators are in
each class and which; the binding indicators and whether they pass (a binding indicator not met
fails the plan's veto test, 一票否决); the indicators lagging or not met with their units'
explanations. The published 主要指标完成情况表 follows as an annex in a landscape section.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from indicators.domain.early_warning import Colour
from reports import frames
from reports.content import Block, Heading, Image, Paragraph, Picture, Sheet, Table


def names(part: pd.DataFrame) -> str:
    return "、".join(str(name) for name in part["name"])


def headline_text(counts: dict[str, int]) -> str:
    return _(
        "Of the %(total)s main indicators, %(good)s are on track or ahead of expectations "
        "(%(achieved_early)s achieved early, %(ahead)s ahead, %(on_track)s on track), "
        "%(lagging)s are lagging and %(not_met)s are not met; %(undetermined)s cannot be assessed yet."
    ) % {**counts, "undetermined": counts["pending"] + counts["no_data"]}


def class_counts_text(part: pd.DataFrame) -> str:
    """Each class present, best first, with its count and the indicators in it: 快于预期2项（A、B）."""
    order = {frames.COMPLETED_LABEL: -1} | {s.label: rank for rank, s in enumerate(frames.STATUS_SEQUENCE)}
    groups = sorted(part.groupby("assessment", sort=False), key=lambda group: order.get(str(group[0]), 99))
    return "，".join(
        _("%(label)s %(count)s (%(names)s)") % {"label": label, "count": len(rows), "names": names(rows)}
        for label, rows in groups
    )


def category_paragraphs(table: pd.DataFrame, *, numbered: bool) -> list[Block]:
    blocks: list[Block] = []
    numerals = "一二三四五六七八九十"
    for index, (category, part) in enumerate(table.groupby("category", sort=False)):
        heading = f"（{numerals[index]}）{category}" if numbered and index < len(numerals) else str(category)
        blocks.append(Heading(heading, 2))
        blocks.append(
            Paragraph(
                _("%(category)s: %(total)s indicators; %(classes)s.")
                % {"category": category, "total": len(part), "classes": class_counts_text(part)}
            )
        )
    return blocks


def binding_paragraphs(table: pd.DataFrame) -> list[Block]:
    binding = table[table["binding"]] if not table.empty else table
    if binding.empty:
        return [Paragraph(_("The plan has no binding indicators."))]
    failed = binding[binding["status"] == "not_met"]
    lagging = binding[binding["status"] == "lagging"]
    blocks: list[Block] = [
        Paragraph(
            _("The plan has %(count)s binding indicators: %(names)s.")
            % {"count": len(binding), "names": names(binding)}
        )
    ]
    if failed.empty:
        text = _("Veto test of the binding indicators: passed, none is not met.")
        if not lagging.empty:
            text += _(" Lagging and to be watched: %(names)s.") % {"names": names(lagging)}
    else:
        text = _("Veto test of the binding indicators: failed, %(count)s not met (%(names)s).") % {
            "count": len(failed),
            "names": names(failed),
        }
    blocks.append(Paragraph(text))
    return blocks


def warning_paragraphs(table: pd.DataFrame) -> list[Block]:
    """The year's 预警, red first, each with its reasons."""
    flagged = table[table["warning"] != ""] if not table.empty else table
    if flagged.empty:
        return []
    red = flagged["warning"] == Colour.RED.label
    blocks: list[Block] = [
        Paragraph(
            _("Early warnings: %(count)s indicators, %(red)s of them red.")
            % {"count": len(flagged), "red": int(red.sum())}
        )
    ]
    ranked = flagged.assign(_rank=~red).sort_values("_rank", kind="stable")
    blocks += [
        Paragraph(f"{row.name}（{row.warning}）：{row.warning_explanation}")
        for row in ranked.itertuples(index=False)
    ]
    return blocks


def problem_paragraphs(table: pd.DataFrame) -> list[Block]:
    attention = frames.attention_table(table)
    if attention.empty:
        return [Paragraph(_("No indicator is lagging or not met."))]
    blocks: list[Block] = []
    for index, row in enumerate(attention.itertuples(index=False), start=1):
        qualifiers = "，".join(part for part in (row.attribute, row.status_label) if part)
        text = f"{index}. {row.name}（{qualifiers}）：{row.explanation}"
        if row.unit_explanation:
            text += _(" Explanation of the responsible unit (%(units)s): %(text)s") % {
                "units": row.units or "—",
                "text": row.unit_explanation,
            }
        blocks.append(Paragraph(text))
    return blocks


def annex(main_table: Sheet, each: list[Image], *, number: int = 1) -> list[Block]:
    blocks: list[Block] = [
        Heading(
            _("Annex %(number)s: %(title)s")
            % {"number": number, "title": _("Main indicators and their completion")},
            1,
        ),
        Table(
            main_table,
            max_rows=400,
            overflow_note=_("The full table is in the Excel version of this report."),
        ),
    ]
    if each:
        blocks.append(
            Heading(_("Annex %(number)s: %(title)s") % {"number": number + 1, "title": _("Charts")}, 1)
        )
        blocks += [Picture(image, 14) for image in each]
    return blocks


def monitoring_blocks(
    table: pd.DataFrame,
    counts: dict[str, int],
    *,
    overview: Image,
    year: int,
) -> list[Any]:
    blocks: list[Any] = [
        Heading(_("I. Overall progress"), 1),
        Paragraph(headline_text(counts)),
        *binding_paragraphs(table),
        Picture(overview, 15),
        Heading(_("II. Progress by category"), 1),
        *category_paragraphs(table, numbered=True),
        Heading(_("III. Indicators to watch: not met and lagging"), 1),
        *problem_paragraphs(table),
        *warning_paragraphs(table),
    ]
    return blocks


def midterm_blocks(
    table: pd.DataFrame,
    counts: dict[str, int],
    *,
    overview: Image,
    year: int,
) -> list[Any]:
    """The narrative skeleton the office edits: what the figures say filled in, the rest marked 【请补充】."""
    blocks: list[Any] = [
        Heading(_("I. Overall assessment"), 1),
        Paragraph(headline_text(counts)),
        *binding_paragraphs(table),
        Paragraph(
            _(
                "The assessment uses the figures approved up to %(year)s. Growth rates are judged on "
                "their average over the elapsed years, so one bad year does not make a five-year target "
                "lag by itself."
            )
            % {"year": year}
        ),
        Paragraph(_("[To be completed by the office: overall progress of the plan.]")),
        Picture(overview, 15),
        Heading(_("II. Progress of the main indicators"), 1),
    ]
    for block in category_paragraphs(table, numbered=True):
        blocks.append(block)
        if isinstance(block, Paragraph):
            blocks.append(Paragraph(_("[To be completed by the office: the main achievements.]")))
    blocks += [
        Heading(_("III. Main problems"), 1),
        *problem_paragraphs(table),
        *warning_paragraphs(table),
        Paragraph(_("[To be completed by the office: causes of the problems.]")),
        Heading(_("IV. Measures for the remaining period"), 1),
        Paragraph(_("[To be completed by the office: measures for the remaining period.]")),
    ]
    return blocks
