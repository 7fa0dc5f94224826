"""The words for what the importer found: every problem code of the pure parsers, in gettext.

The parsers report codes and facts (line, the cells as written); this is the one place that turns
them into sentences for the office, so they are translated like the rest of the interface.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from importer.document import DocumentError, DocumentItem
from importer.parsing.common import Problem, ProblemCode
from importer.reading import ReadError, ReadProblem

PROBLEMS: dict[ProblemCode, Promise] = {
    ProblemCode.TABLE_ROW_SHORT: _(
        "The row has fewer cells than the table has columns: its cells are read in column order and "
        "the missing ones are left blank. Check them against the document. Cells as written: %(cells)s"
    ),
    ProblemCode.TABLE_ROW_LONG: _(
        "The row has more cells than the table has columns: its cells are read in column order and "
        "the extra ones are not used. Check them against the document. Cells as written: %(cells)s"
    ),
    ProblemCode.TABLE_ROW_UNREAD: _("A table line that is neither a row, a category nor a header: %(cells)s"),
    ProblemCode.TABLE_NO_ATTRIBUTE: _("The row has no 预期性/约束性 cell: the attribute is left empty."),
    ProblemCode.TABLE_NO_ROWS: _(
        "Something here looks like a table, but no row could be read from it: check it against the "
        "document and enter its rows by hand if it holds targets."
    ),
    ProblemCode.TABLE_HEADER_UNMAPPED: _(
        "The table header cell “%(text)s” names no column the importer knows: its cells are not read."
    ),
    ProblemCode.PLAN_TABLE_UNREAD: _(
        "The document has an indicator table (%(text)s), but no row of it could be read: the plan's "
        "indicators are missing from this import."
    ),
    ProblemCode.JUNK_NAME: _(
        "“%(text)s” has no words, only numbers or punctuation: it was left out (a cell read out of place?)."
    ),
    ProblemCode.TABLE_REVIEW: _(
        "A table of past results (完成情况 or only past periods): its figures are not read as targets."
    ),
    ProblemCode.TABLE_NO_YEARS: _(
        "The table header names no years: the plan's base and target years are used."
    ),
    ProblemCode.TASK_NO_UNITS: _("The task's 责任单位 clause names no unit anyone could be assigned."),
    ProblemCode.TASK_LEAD_CONVENTION: _(
        "No unit is marked 牵头: the units share the task. By convention the first listed (%(unit)s) "
        "leads; confirm or change this in the preview."
    ),
    ProblemCode.TASK_NUMBER_GAP: _(
        "Task numbers jump here (task %(expected)s was expected): a task may be missing."
    ),
    ProblemCode.TASK_NUMBER_REPEATED: _(
        "Task number %(number)s is used twice: the second task was renumbered."
    ),
    ProblemCode.CELL_UNPARSED: _("The cell “%(text)s” could not be read as a target: it is kept as written."),
    ProblemCode.TARGET_UNPARSED: _(
        "The target “%(text)s” could not be read as a number: it is kept as written."
    ),
    ProblemCode.BOX_EMPTY: _("The 专栏 box has nothing under its heading."),
    ProblemCode.FIELD_TOO_LONG: _("“%(field)s” was longer than %(limit)s characters and was cut."),
    ProblemCode.NO_TITLE: _("No title was found: the first line of the document stands in for it."),
    ProblemCode.NO_STRUCTURE: _(
        "No plan structure was recognised: no indicator table, task list, 专栏 box, chapter headings "
        "or targets. Is this a plan document?"
    ),
    ProblemCode.NO_YEARS: _(
        "The plan period could not be read: the title states no five-year plan (第十四个五年/“十四五”), "
        "no years (2021—2025年) and no year of a task list (2023年重点工作任务)."
    ),
}

READ_PROBLEMS: dict[ReadProblem, Promise] = {
    ReadProblem.EMPTY: _("The file is empty."),
    ReadProblem.SCANNED_PDF: _(
        "The PDF is a scan without a text layer (扫描件): run character recognition (OCR) on it first, "
        "or upload the .docx or text version."
    ),
    ReadProblem.ENCRYPTED_PDF: _("The PDF is password-protected: upload an unprotected copy."),
    ReadProblem.BAD_PDF: _("The PDF is damaged or too long to read (at most 1000 pages)."),
    ReadProblem.DOCX_TOO_LARGE: _(
        "The Word file unpacks to far more data than a plan document holds: it was not opened."
    ),
    ReadProblem.OLD_WORD: _(
        "Old Word (.doc/.wps) files cannot be read: save the document as .docx and upload that."
    ),
    ReadProblem.BINARY: _("The file is not a text or Word document."),
    ReadProblem.ENCODING: _(
        "The text's encoding could not be recognised (UTF-8 and GBK/GB18030 are read): save it as UTF-8."
    ),
    ReadProblem.BAD_DOCX: _("The Word file is damaged or is not a .docx document."),
}


COUNT_LABELS = {
    "sections": _("Sections"),
    "table_rows": _("Indicator table rows"),
    "prose_targets": _("Targets in the text"),
    "tasks": _("Tasks"),
    "task_targets": _("Task sub-targets"),
    "boxes": _("专栏 boxes"),
    "projects": _("Key projects"),
    "units": _("Responsible units"),
}


ITEM_FIELDS: dict[str, Promise] = {
    "unit": _("unit"),
    "baseline": _("base"),
    "target": _("target"),
    "annual": _("yearly/cumulative"),
    "attribute": _("attribute"),
    "clause": _("in"),
    "lead": _("leads"),
    "shared": _("shared by"),
    "cooperating": _("co-operating"),
    "convention_lead": _("leads by convention (not marked in the document: confirm)"),
    "box": _("list"),
    "group": _("group"),
    "description": _("details"),
}
ATTRIBUTE_WORDS: dict[str, Promise] = {"expected": _("expected (预期性)"), "binding": _("binding (约束性)")}


def describe_item(item: DocumentItem) -> str:
    """What the preview shows of an item beside its name: "单位：%；目标：≥58；属性：预期性"."""
    parts = []
    for name, text in item.details:
        shown = str(ATTRIBUTE_WORDS[text]) if name == "attribute" and text in ATTRIBUTE_WORDS else text
        parts.append(f"{ITEM_FIELDS[name]}：{shown}")
    return "；".join(parts)


def describe(problem: Problem) -> str:
    template = str(PROBLEMS[problem.code])
    try:
        return template % problem.params if problem.params else template
    except (KeyError, TypeError, ValueError):
        return template


def read_error_message(error: ReadError) -> str:
    return str(READ_PROBLEMS[error.problem])


def document_error_message(error: DocumentError) -> str:
    return str(PROBLEMS[error.code])
