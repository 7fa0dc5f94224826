"""The one table of judgement words: what units write for a qualitative target, and what it means.

A unit reports a qualitative target (or a task) with one of three judgements, written in the
spreadsheet and the entry form as 已完成 / 序时推进 / 滞后. Offices and older sheets use other words
for the same three; :data:`JUDGEMENT_WORDS` lists them all, and the status words an office may
write directly (提前实现, 未达标 …) are read by :func:`judged_status`.
"""

from __future__ import annotations

from enum import StrEnum

from .spec import Status

__all__ = ["JUDGEMENT_WORDS", "WRITTEN", "Judgement", "judged_status", "read_judgement"]


class Judgement(StrEnum):
    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    LAGGING = "lagging"


# The word a reporter writes (and the spreadsheet offers) for each judgement.
WRITTEN: dict[Judgement, str] = {
    Judgement.ACHIEVED: "已完成",
    Judgement.ON_TRACK: "序时推进",
    Judgement.LAGGING: "滞后",
}

JUDGEMENT_WORDS: dict[str, Judgement] = {
    **{judgement.value: judgement for judgement in Judgement},
    **{word: judgement for judgement, word in WRITTEN.items()},
    "met": Judgement.ACHIEVED,
    "completed": Judgement.ACHIEVED,
    "done": Judgement.ACHIEVED,
    "完成": Judgement.ACHIEVED,
    "已实现": Judgement.ACHIEVED,
    "实现": Judgement.ACHIEVED,
    "达标": Judgement.ACHIEVED,
    "基本符合预期": Judgement.ON_TRACK,
    "符合预期": Judgement.ON_TRACK,
    "behind": Judgement.LAGGING,
    "滞后于预期": Judgement.LAGGING,
}

# Status classes written directly as a judgement (codes, published names, and their synonyms).
_STATUS_WORDS: dict[str, Status] = {
    **{status.value: status for status in Status},
    **{status.label: status for status in Status},
    "提前完成": Status.ACHIEVED_EARLY,
    "not_achieved": Status.NOT_MET,
    "failed": Status.NOT_MET,
    "未完成": Status.NOT_MET,
}


def _key(written: str) -> str:
    return written.strip().lower().replace("-", "_").replace(" ", "_")


def read_judgement(written: str) -> Judgement | None:
    """The judgement a written word means ("已完成", "On track", "lagging" …), or None."""
    return JUDGEMENT_WORDS.get(_key(written))


def judged_status(written: str, *, final: bool) -> Status | None:
    """The status a written judgement gives; achieved is 提前实现 before the target year.

    None when the word is not recognised.
    """
    judgement = read_judgement(written)
    if judgement is Judgement.ACHIEVED:
        return Status.ON_TRACK if final else Status.ACHIEVED_EARLY
    if judgement is not None:
        return Status.ON_TRACK if judgement is Judgement.ON_TRACK else Status.LAGGING
    return _STATUS_WORDS.get(_key(written))
