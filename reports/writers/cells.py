"""How a value reads in a report cell: numbers as people write them, counts with their unit."""

from __future__ import annotations

import pandas as pd

from reports.content import Column


def missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA


def plain_number(value: float, places: int = 2) -> str:
    """At most `places` decimals and no trailing zeros: 12, 5.5, 89.72."""
    text = f"{round(float(value), places):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def cell_text(value: object, column: Column, unit: str = "") -> str:
    """The text of a value in a Word table (the unit follows figures: "12项")."""
    if missing(value):
        return ""
    if column.kind == "flag":
        return "是" if value is True or value == 1 else ""
    if column.kind == "percent":
        return f"{float(value) * 100:.1f}%"  # type: ignore[arg-type]
    if column.kind == "number":
        return plain_number(float(value))  # type: ignore[arg-type]
    if column.kind == "figure":
        return plain_number(float(value)) + unit  # type: ignore[arg-type]
    if column.kind == "integer":
        return f"{int(value)}"  # type: ignore[call-overload]
    return str(value)


def display_width(text: str) -> int:
    """Width in half-width characters: a Chinese character (any non-ASCII one) counts double."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))
