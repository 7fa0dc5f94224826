"""Turn an uploaded file into numbered lines (and, for Word files, real tables).

Plain Python, no Django: the service layer turns a :class:`ReadError` into a user message.

Line numbers are those of the source as ``sed -n Np`` counts them (split on ``\\n`` only), because
the hand-checked fixtures and every warning refer to them. Debris (web-page and Word-export
leftovers such as ``[bookmark: _Toc…]``) is blanked, never removed, so numbering never shifts;
``raw`` keeps the original text for the few readers (metadata) that need trailers.

Why this module is long: each input format (text encodings, Word, PDF) with its own bounds on size
and time, behind one entry point.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from charset_normalizer import from_bytes

__all__ = [
    "Cell",
    "Grid",
    "GridRow",
    "Line",
    "ReadError",
    "ReadProblem",
    "Source",
    "read_source",
]


class ReadProblem(StrEnum):
    EMPTY = "empty"
    OLD_WORD = "old_word"
    BINARY = "binary"
    ENCODING = "encoding"
    BAD_DOCX = "bad_docx"
    DOCX_TOO_LARGE = "docx_too_large"  # unpacks to far more than a plan could be: a zip bomb
    SCANNED_PDF = "scanned_pdf"  # pages without a text layer
    ENCRYPTED_PDF = "encrypted_pdf"
    BAD_PDF = "bad_pdf"


class ReadError(Exception):
    def __init__(self, problem: ReadProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str  # debris blanked; otherwise exactly as written (tabs kept, "\r" dropped)
    raw: str


@dataclass(frozen=True, slots=True)
class Cell:
    text: str  # verbatim, surrounding whitespace removed
    line: int


@dataclass(frozen=True, slots=True)
class GridRow:
    cells: tuple[Cell, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Grid:
    """A table as cells: read from a Word table, or reassembled from tabbed / ``|`` text."""

    rows: tuple[GridRow, ...]
    first_line: int
    last_line: int
    title: str = ""
    title_line: int | None = None
    after: tuple[Line, ...] = ()  # lines right after the table (备注 footnotes live there)


@dataclass(frozen=True, slots=True)
class Source:
    lines: tuple[Line, ...]
    encoding: str
    grids: tuple[Grid, ...] = field(default=())  # Word tables; text tables are found by the parsers

    def line(self, number: int) -> Line:
        return self.lines[number - 1]


# --- debris -----------------------------------------------------------------------------------

_INLINE_DEBRIS = re.compile(r"\[(?:bookmark|image):[^\]]*\]")
_DEBRIS_LINE = re.compile(
    r"^\s*(?:"
    r"扫一扫在手机打开当前页"
    r"|[—–\-－]\s*\d{1,4}\s*[—–\-－]"  # page number: —41—
    r"|第\s*\d+\s*页\s*(?:[/／，,]?\s*共\s*\d+\s*页)?"
    r"|(?:相关解读|图文解读|打印本页|关闭窗口|【打印】|【关闭】)\s*[:：].*"
    r"|(?:相关解读|图文解读|打印本页|关闭窗口|【打印】|【关闭】)"
    r")\s*$"
)
# Everything from the 抄送 block on is the distribution footer of the printed notice.
_TRAILER_START = re.compile(r"^\s*抄\s*送\s*[:：]")


def _clean_lines(text: str) -> tuple[Line, ...]:
    lines: list[Line] = []
    in_trailer = False
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.rstrip("\r")
        in_trailer = in_trailer or bool(_TRAILER_START.match(raw))
        cleaned = "" if in_trailer or _DEBRIS_LINE.match(raw) else _INLINE_DEBRIS.sub("", raw)
        if not cleaned.strip(" \t\u3000\xa0"):
            # A line of debris or of spaces only: keep a tab-only line as an (empty) table cell.
            cleaned = cleaned if cleaned.startswith("\t") and not in_trailer else ""
        lines.append(Line(number=number, text=cleaned, raw=raw))
    return tuple(lines)


# --- decoding ---------------------------------------------------------------------------------

# Encodings a Chinese plan document plausibly comes in; anything else detected for a file that is
# not UTF-8 is almost certainly a misreading of binary data.
_CHINESE_ENCODINGS = {"gb18030", "gbk", "gb2312", "hz", "big5", "big5hkscs", "cp950", "cp936"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decode(content: bytes) -> tuple[str, str]:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if content.startswith(bom):
            try:
                return content.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError(ReadProblem.ENCODING, encoding) from exc
    if b"\x00" in content:
        raise ReadError(ReadProblem.BINARY)
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(content).best()
    if best is None or best.encoding.replace("_", "").lower() not in _CHINESE_ENCODINGS:
        # Detection needs text to go on; a short GBK file is still recognisable by what it decodes to.
        if _reads_as_chinese(content):
            return content.decode("gb18030"), "gb18030"
        raise ReadError(ReadProblem.ENCODING, best.encoding if best else "")
    # GB18030 is a superset of GBK and GB2312: decoding with it never loses a character they have.
    encoding = "gb18030" if best.encoding.lower() in {"gbk", "gb2312", "cp936", "gb18030"} else best.encoding
    try:
        return content.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(ReadProblem.ENCODING, encoding) from exc


def _reads_as_chinese(content: bytes) -> bool:
    """Decodes as GB18030 into text that is mostly common Chinese characters and punctuation."""
    try:
        text = content.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = [ch for ch in text if ord(ch) > 0x7F]
    chinese = [
        ch
        for ch in wide
        if "\u4e00" <= ch <= "\u9fa5" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    ]
    return bool(wide) and len(chinese) >= 0.9 * len(wide)


def _check_text(text: str) -> None:
    if not text.strip():
        raise ReadError(ReadProblem.EMPTY)
    controls = len(_CONTROL.findall(text))
    if controls > max(3, len(text) // 200):
        raise ReadError(ReadProblem.BINARY)


# --- Word files -------------------------------------------------------------------------------


# What a .docx may unpack to before it is read: a long plan's XML is a few MB; a zip bomb
# declares gigabytes in a few kilobytes.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000


def _is_docx(content: bytes) -> bool:
    if not content.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if "word/document.xml" not in archive.namelist():
                return False
            _check_unpacked_size(archive)
            return True
    except zipfile.BadZipFile:
        return False


def _check_unpacked_size(archive: zipfile.ZipFile) -> None:
    """Refuse from the sizes the archive declares, before anything is decompressed."""
    members = archive.infolist()
    total = sum(member.file_size for member in members)
    for member in members:
        if (
            member.compress_size
            and member.file_size / member.compress_size > MAX_RATIO
            and member.file_size > 2**20
        ):
            raise ReadError(ReadProblem.DOCX_TOO_LARGE, member.filename)
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES:
        raise ReadError(ReadProblem.DOCX_TOO_LARGE, str(total))


def _read_docx(content: bytes) -> Source:
    """Paragraphs become lines; each table row gets a line of its own (blank in the text)."""
    # python-docx is only needed for Word uploads; importing it here keeps text imports light.
    from docx import Document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(content))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise ReadError(ReadProblem.BAD_DOCX, type(exc).__name__) from exc
    texts: list[str] = []
    grids: list[Grid] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            texts.append(Paragraph(child, document).text)
        elif child.tag == qn("w:tbl"):
            title_line = _last_nonblank(texts)
            rows: list[GridRow] = []
            for row in Table(child, document).rows:
                texts.append("")
                number = len(texts)
                seen: list[object] = []
                cells: list[Cell] = []
                for cell in row.cells:
                    # A horizontally merged cell is returned once per grid column it spans.
                    if seen and seen[-1] is cell._tc:
                        continue
                    seen.append(cell._tc)
                    cells.append(Cell(text=cell.text.strip(), line=number))
                rows.append(GridRow(cells=tuple(cells), line=number))
            if rows:
                grids.append(
                    Grid(
                        rows=tuple(rows),
                        first_line=rows[0].line,
                        last_line=rows[-1].line,
                        title=texts[title_line - 1].strip() if title_line else "",
                        title_line=title_line,
                    )
                )
    text = "\n".join(texts)
    _check_text(text + "".join(c.text for g in grids for r in g.rows for c in r.cells))
    lines = _clean_lines(text)
    grids = [_with_after(grid, lines) for grid in grids]
    return Source(lines=lines, encoding="docx", grids=tuple(grids))


def _last_nonblank(texts: list[str]) -> int | None:
    for index in range(len(texts) - 1, max(-1, len(texts) - 4), -1):
        if texts[index].strip():
            return index + 1
    return None


def _with_after(grid: Grid, lines: tuple[Line, ...]) -> Grid:
    after = tuple(lines[grid.last_line : grid.last_line + 12])
    return Grid(
        rows=grid.rows,
        first_line=grid.first_line,
        last_line=grid.last_line,
        title=grid.title,
        title_line=grid.title_line,
        after=after,
    )


# --- PDF files --------------------------------------------------------------------------------

MAX_PDF_PAGES = 1000


def _read_pdf(content: bytes) -> Source:
    """The text layer of a PDF, page by page (a blank line between pages), its ruled tables as
    grids (like a Word file's); a PDF whose pages carry no text is a scan, which needs character
    recognition first.

    Text comes from PDFium (fast); only pages with ruling lines are laid out by pdfplumber, whose
    table finder needs every character's position (slow: a quarter of a second a page).
    """
    # Both are only needed for PDF uploads; importing them here keeps text imports light.
    import pdfplumber
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    texts: list[str] = []
    tables: list[tuple[int, list[list[str]]]] = []  # (index in texts of the first row, rows)
    try:
        document = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(ReadProblem.ENCRYPTED_PDF) from exc
        raise ReadError(ReadProblem.BAD_PDF, str(exc)) from exc
    try:
        if len(document) > MAX_PDF_PAGES:
            raise ReadError(ReadProblem.BAD_PDF, f"{len(document)} pages")
        ruled: set[int] = set()
        for index in range(len(document)):
            page = document[index]
            paths = sum(1 for obj in page.get_objects(max_depth=2) if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH)
            if paths >= MIN_RULING_PATHS:
                ruled.add(index)
                continue
            text = _PDF_GAP.sub("", page.get_textpage().get_text_range())
            texts.append(f"\x00page{index}")  # a placeholder, filled in page order below
            texts.extend(join_wrapped(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
            texts.append("")
        if ruled:
            texts = _with_ruled_pages(pdfplumber, content, texts, ruled, tables)
        texts = [text for text in texts if not text.startswith("\x00page")]
    except ReadError:
        raise
    except Exception as exc:  # PDFium and pdfminer raise many kinds on a damaged file
        raise ReadError(ReadProblem.BAD_PDF, type(exc).__name__) from exc
    finally:
        document.close()
    if not any(text.strip() for text in texts) and not tables:
        raise ReadError(ReadProblem.SCANNED_PDF)
    text = "\n".join(texts)
    _check_text(text + "".join(cell for _, rows in tables for row in rows for cell in row))
    lines = _clean_lines(text)
    grids = []
    for start, rows in tables:
        grid_rows = tuple(
            GridRow(cells=tuple(Cell(text=cell, line=start + 1 + i) for cell in row), line=start + 1 + i)
            for i, row in enumerate(rows)
        )
        title_line = _last_nonblank(texts[:start])
        grids.append(
            _with_after(
                Grid(
                    rows=grid_rows,
                    first_line=start + 1,
                    last_line=start + len(rows),
                    title=texts[title_line - 1].strip() if title_line else "",
                    title_line=title_line,
                ),
                lines,
            )
        )
    return Source(lines=lines, encoding="pdf", grids=tuple(grids))


# PDF text puts a space between Chinese and Latin letters or digits ("到 2030 年"), which Chinese
# text never has; it is dropped so the text reads as typed.
_CJK_EDGE = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_PDF_GAP = re.compile(rf"(?<=[{_CJK_EDGE}]) (?=[0-9A-Za-z%.])|(?<=[0-9A-Za-z%.]) (?=[{_CJK_EDGE}])")

_PARAGRAPH_END = re.compile(r"[。！？；：:;!?）)”]\s*$")


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def join_wrapped(lines: list[str]) -> list[str]:
    """A page's lines with each paragraph on one line again: a full line (as wide as the page's
    full lines) not ending a sentence wrapped into the next one."""
    # The width of a full line: the middle of the widest quarter (an odd long line of Latin
    # letters, narrower in print than its count says, does not set it).
    widths = sorted((_width(line.rstrip()) for line in lines if line.strip()), reverse=True)
    top = widths[: max(1, len(widths) // 4)]
    widest = top[len(top) // 2] if top else 0
    joined: list[str] = []
    carry = False
    for line in lines:
        text = line.rstrip()
        if carry and joined:
            joined[-1] += text.lstrip()
        else:
            joined.append(text)
        carry = bool(text) and _width(text) >= widest - 4 and widest >= 40 and not _PARAGRAPH_END.search(text)
    return joined


# A page drawing this many paths (ruling lines, cell borders) may hold a table.
MIN_RULING_PATHS = 4


def _with_ruled_pages(
    pdfplumber: Any,
    content: bytes,
    texts: list[str],
    ruled: set[int],
    tables: list[tuple[int, list[list[str]]]],
) -> list[str]:
    """The page texts with each ruled page laid out by pdfplumber in its place (tables as grids)."""
    out: list[str] = []
    pending = sorted(ruled)
    with pdfplumber.open(io.BytesIO(content)) as pdf:

        def lay_out(until: int) -> None:
            while pending and pending[0] < until:
                _read_pdf_page(pdf.pages[pending.pop(0)], out, tables)
                out.append("")

        for text in texts:
            if text.startswith("\x00page"):
                lay_out(int(text.removeprefix("\x00page")))
                continue
            out.append(text)
        lay_out(len(pdf.pages))
    return out


def _read_pdf_page(page: Any, texts: list[str], tables: list[tuple[int, list[list[str]]]]) -> None:
    """Text lines top to bottom; a table's rows take one blank line each where the table stands."""
    found = page.find_tables()
    boxes = [table.bbox for table in found]
    placed: set[int] = set()
    pending: list[str] = []  # text lines since the last table, joined into paragraphs when flushed

    def place_tables_above(top: float) -> None:
        for index, table in enumerate(found):
            if index not in placed and table.bbox[1] <= top:
                placed.add(index)
                texts.extend(join_wrapped(pending))
                pending.clear()
                rows = [
                    [re.sub(r"\s*\n\s*", "", cell or "").strip() for cell in row]
                    for row in table.extract()
                    if any(cell for cell in row)
                ]
                tables.append((len(texts), rows))
                texts.extend("" for _ in rows)

    for line in page.extract_text_lines():
        middle = (line["top"] + line["bottom"]) / 2
        if any(x0 <= line["x0"] <= x1 and top <= middle <= bottom for x0, top, x1, bottom in boxes):
            continue
        place_tables_above(line["top"])
        pending.append(line["text"])
    place_tables_above(float("inf"))
    texts.extend(join_wrapped(pending))


# --- entry point ------------------------------------------------------------------------------


def read_source(content: bytes, filename: str = "") -> Source:
    """Read an upload as text, .docx or a PDF with a text layer; raise :class:`ReadError` otherwise."""
    if not content or not content.strip():
        raise ReadError(ReadProblem.EMPTY)
    if content.startswith(b"%PDF"):
        return _read_pdf(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):  # OLE compound file: .doc/.wps/.xls
        raise ReadError(ReadProblem.OLD_WORD)
    if _is_docx(content):
        return _read_docx(content)
    if content.startswith(b"PK\x03\x04") or filename.lower().endswith(".docx"):
        raise ReadError(ReadProblem.BAD_DOCX)
    text, encoding = _decode(content)
    _check_text(text)
    return Source(lines=_clean_lines(text), encoding=encoding)
