"""Render a Report (reports/content.py) to bytes: .xlsx (openpyxl) or .docx (python-docx, 公文 layout)."""

from __future__ import annotations

from reports.content import Report
from reports.writers.docx import Letterhead, docx_bytes
from reports.writers.xlsx import xlsx_bytes

__all__ = ["Letterhead", "docx_bytes", "render", "xlsx_bytes"]


def render(report: Report, fmt: str, letterhead: Letterhead | None = None) -> bytes:
    return docx_bytes(report, letterhead) if fmt == "docx" else xlsx_bytes(report)
