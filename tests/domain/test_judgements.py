"""The one table of judgement words: what a reporter writes, and the status it gives."""

from __future__ import annotations

import pytest

from indicators.domain.judgements import WRITTEN, Judgement, judged_status, read_judgement
from indicators.domain.spec import Status


@pytest.mark.parametrize(
    ("written", "judgement"),
    [
        ("已完成", Judgement.ACHIEVED),
        ("达标", Judgement.ACHIEVED),
        ("achieved", Judgement.ACHIEVED),
        ("序时推进", Judgement.ON_TRACK),
        (" On track ", Judgement.ON_TRACK),
        ("基本符合预期", Judgement.ON_TRACK),
        ("滞后", Judgement.LAGGING),
        ("lagging", Judgement.LAGGING),
        ("未启动", None),
        ("", None),
    ],
)
def test_read_judgement(written: str, judgement: Judgement | None) -> None:
    assert read_judgement(written) is judgement


def test_every_written_word_reads_back() -> None:
    assert {read_judgement(word) for word in WRITTEN.values()} == set(Judgement)


@pytest.mark.parametrize(
    ("written", "final", "status"),
    [
        ("已完成", False, Status.ACHIEVED_EARLY),
        ("已完成", True, Status.ON_TRACK),
        ("序时推进", False, Status.ON_TRACK),
        ("滞后", True, Status.LAGGING),
        ("提前实现", False, Status.ACHIEVED_EARLY),
        ("未完成", True, Status.NOT_MET),
        ("快于预期", False, Status.AHEAD),
        ("随便写写", False, None),
    ],
)
def test_judged_status(written: str, final: bool, status: Status | None) -> None:
    assert judged_status(written, final=final) is status
