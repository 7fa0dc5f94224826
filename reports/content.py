"""What a report holds, independent of its file format: sheets for Excel, blocks for Word."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

# figure: a measured value, written with the unit of measure held in the column `unit_key` names
ColumnKind = Literal["text", "long_text", "number", "percent", "integer", "flag", "figure"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: ColumnKind = "text"
    unit_key: str = ""


@dataclass(frozen=True)
class Image:
    png: bytes
    caption: str = ""


@dataclass
class Sheet:
    """A table: an Excel sheet, or a table in the Word document."""

    title: str
    frame: pd.DataFrame
    columns: list[Column]
    status_column: str | None = None
    freeze_columns: int = 0
    empty_message: str = ""


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str | None = None


@dataclass(frozen=True)
class Table:
    sheet: Sheet
    max_rows: int = 300
    overflow_note: str = ""


@dataclass(frozen=True)
class Picture:
    image: Image
    width_cm: float = 15.0


Block = Heading | Paragraph | Table | Picture


@dataclass
class Report:
    title: str
    facts: list[tuple[str, str]]
    notes: list[str]
    sheets: list[Sheet]
    blocks: list[Block]
    charts: list[Image] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    about_title: str = "About"
    charts_title: str = "Charts"
    issued_on: str = ""  # the date of the 落款
    annex_from: int | None = None  # blocks from here on are annexes (after the 落款)
