"""The Word version of a report, in the layout of a government document (GB/T 9704 as far as a
generated document can follow it).

- A4 portrait, margins 37/35/28/26 mm (top/bottom/left/right): the 156 × 225 mm type area.
- Title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 with a 28 pt line pitch and a two-character
  indent, first-level headings in 黑体, second-level in 楷体_GB2312. Word and WPS pick a Chinese
  font from `w:eastAsia`, so every style and run names it there; the font table lists each
  font's fallback (`w:altName`) for machines without the GB fonts.
- Page numbers "— 1 —" in 宋体 四号, outside: right on odd pages, left on even pages.
- Tables: wide ones in a landscape section of their own; the header row repeats on every page,
  rows never split across pages, column widths follow the content.
- Optional 红头 (issuer in red over a red rule), 文号 and 落款 from the issuing office's settings.

Why this module is long: the GB/T 9704 layout is one set of measurements applied across sections,
tables and footers.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.conf import settings
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from reports.content import Block, Heading, Paragraph, Picture, Report, Table
from reports.writers.cells import cell_text, display_width

# Font names as the offices' machines have them, each with the fallback Word/WPS should use.
TITLE_FONT, BODY_FONT, HEI_FONT, KAI_FONT, SONG_FONT = (
    "方正小标宋简体",
    "仿宋_GB2312",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
FALLBACKS = {
    TITLE_FONT: "华文中宋",
    BODY_FONT: "仿宋",
    KAI_FONT: "楷体",
    HEI_FONT: "SimHei",
    SONG_FONT: "SimSun",
}
LATIN_FONT = "Times New Roman"
ER_HAO, SAN_HAO, SI_HAO, WU_HAO, XIAO_WU = Pt(22), Pt(16), Pt(14), Pt(10.5), Pt(9)
LINE_PITCH = Pt(28)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
# A table with more columns than this goes into a landscape section.
PORTRAIT_COLUMNS = 7
RED = RGBColor(0xE6, 0x00, 0x12)


@dataclass(frozen=True)
class Letterhead:
    """The issuing office's marks; each is left out when empty (the default)."""

    issuer: str = ""  # 落款 (and the 红头 text when red_header)
    red_header: bool = False
    document_number: str = ""  # 文号, e.g. 泰发改规划〔2024〕3号

    @classmethod
    def from_settings(cls) -> Letterhead:
        return cls(
            issuer=getattr(settings, "REPORT_ISSUER", ""),
            red_header=bool(getattr(settings, "REPORT_RED_HEADER", False)),
            document_number=getattr(settings, "REPORT_DOCUMENT_NUMBER", ""),
        )


# --- fonts -----------------------------------------------------------------------------------


def set_fonts(run_properties: object, east_asian: str, size: Pt | None = None, bold: bool = False) -> None:
    """Name the Chinese font (w:eastAsia) beside the Latin one on a style's or run's rPr."""
    rpr = run_properties
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the names below
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))  # type: ignore[attr-defined]
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)  # type: ignore[attr-defined]
            element.set(qn("w:val"), str(int(size.pt * 2)))
    if bold:
        rpr.append(OxmlElement("w:b"))  # type: ignore[attr-defined]


def style_fonts(style: ParagraphStyle, east_asian: str, size: Pt, *, bold: bool = False) -> None:
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element.get_or_add_rPr(), east_asian)


def font_table_fallbacks(document: DocumentObject) -> None:
    """List each Chinese font with its fallback in fontTable.xml (w:altName), as Word does."""
    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")), None
    )
    if part is None:
        return
    fonts = etree.fromstring(part.blob)
    for name, alternative in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        alt = OxmlElement("w:altName")
        alt.set(qn("w:val"), alternative)
        charset = OxmlElement("w:charset")
        charset.set(qn("w:val"), "86")  # GB2312
        font.append(alt)
        font.append(charset)
        fonts.append(font)
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def setup_styles(document: DocumentObject) -> None:
    styles = document.styles
    normal = styles["Normal"]
    style_fonts(normal, BODY_FONT, SAN_HAO)
    rpr = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(language)
    paragraph = normal.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = LINE_PITCH
    paragraph.space_before = paragraph.space_after = Pt(0)
    paragraph.first_line_indent = Pt(32)  # two characters of 三号
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for level, font in ((1, HEI_FONT), (2, KAI_FONT), (3, BODY_FONT)):
        heading = styles[f"Heading {level}"]
        style_fonts(heading, font, SAN_HAO, bold=level == 3)
        heading_format = heading.paragraph_format
        heading_format.first_line_indent = Pt(32)
        heading_format.space_before = heading_format.space_after = Pt(0)
        heading_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        heading_format.line_spacing = LINE_PITCH
        heading_format.keep_with_next = True
    title = styles["Title"]
    style_fonts(title, TITLE_FONT, ER_HAO)
    title_format = title.paragraph_format
    title_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_format.first_line_indent = Pt(0)
    title_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title_format.line_spacing = Pt(36)
    title_format.space_after = LINE_PITCH
    borders = title.element.get_or_add_pPr().find(qn("w:pBdr"))  # python-docx's Title has a rule under it
    if borders is not None:
        borders.getparent().remove(borders)
    caption = styles["Caption"]
    style_fonts(caption, KAI_FONT, SI_HAO)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)


# --- pages -----------------------------------------------------------------------------------


def page_setup(section: object, *, landscape: bool) -> None:
    s = section
    if landscape:
        s.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
        s.page_width, s.page_height = PAGE_HEIGHT, PAGE_WIDTH  # type: ignore[attr-defined]
        # the portrait margins turned with the page: the binding edge stays at the top
        s.top_margin, s.bottom_margin = MARGINS["left"], MARGINS["right"]  # type: ignore[attr-defined]
        s.left_margin, s.right_margin = MARGINS["top"], MARGINS["bottom"]  # type: ignore[attr-defined]
    else:
        s.orientation = WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
        s.page_width, s.page_height = PAGE_WIDTH, PAGE_HEIGHT  # type: ignore[attr-defined]
        s.top_margin, s.bottom_margin = MARGINS["top"], MARGINS["bottom"]  # type: ignore[attr-defined]
        s.left_margin, s.right_margin = MARGINS["left"], MARGINS["right"]  # type: ignore[attr-defined]
    s.footer_distance = Mm(28) - Mm(7)  # type: ignore[attr-defined]  # the number sits 7 mm below the type area


def page_number(paragraph: DocxParagraph, align: WD_ALIGN_PARAGRAPH) -> None:
    """ "— N —" with N a PAGE field, 宋体 四号."""
    paragraph.alignment = align
    paragraph.paragraph_format.first_line_indent = Pt(0)

    def text_run(text: str) -> None:
        run = paragraph.add_run(text)
        set_fonts(run._r.get_or_add_rPr(), SONG_FONT, SI_HAO)

    text_run("— ")
    for kind, text in (("begin", ""), ("instr", " PAGE "), ("separate", ""), ("text", "1"), ("end", "")):
        run = paragraph.add_run()
        set_fonts(run._r.get_or_add_rPr(), SONG_FONT, SI_HAO)
        if kind == "instr":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        elif kind == "text":
            run.text = text
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
    text_run(" —")


def page_numbers(document: DocumentObject) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def new_section(document: DocumentObject, *, landscape: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=landscape)


# --- tables ----------------------------------------------------------------------------------


def mark_row(row: object, *, header: bool) -> None:
    """Rows never split across pages; the header row repeats on each page."""
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


CELL_MARGIN_MM = 0.8  # left and right, instead of Word's 1.9 mm: twenty columns fit a page


def column_widths(texts: list[list[str]], kinds: list[str], available_mm: float, size: Pt) -> list[float]:
    """Widths in mm from the content: numbers and short texts as wide as their longest value (so
    they never wrap), headers wrapped to at most four characters a line, and what is left shared
    by the long texts (names, explanations) in proportion to their length, each at least eight
    characters wide; the table spans the type area."""
    half = size.pt * 0.3528 / 2 + 0.05  # mm per half-width character at this size
    padding = 2 * CELL_MARGIN_MM + 0.6
    fixed: list[float | None] = []
    flexible: dict[int, float] = {}
    for index, (column, kind) in enumerate(zip(zip(*texts, strict=True), kinds, strict=True)):
        header, *cells = column
        longest = max((display_width(text) for text in cells), default=0)
        header_line = min(display_width(header), 8)
        if kind in ("text", "long_text") and longest > 16:
            fixed.append(None)
            flexible[index] = longest * half + padding
        else:
            fixed.append(max(longest, header_line, 4) * half + padding)
    floor = 16 * half + padding
    room = available_mm - sum(width for width in fixed if width is not None)
    wanted = sum(flexible.values())
    scale = room / wanted if wanted else 1
    widths = [
        width if width is not None else max(flexible[index] * scale, floor)
        for index, width in enumerate(fixed)
    ]
    total = sum(widths)
    return [width * available_mm / total for width in widths]


def narrow_cell_margins(table: DocxTable) -> None:
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(round(CELL_MARGIN_MM / 25.4 * 1440)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)


def write_cell(cell: object, text: str, *, header: bool, size: Pt, numeric: bool) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    format_ = paragraph.paragraph_format
    format_.first_line_indent = Pt(0)
    format_.line_spacing_rule = WD_LINE_SPACING.SINGLE
    format_.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER
        if header
        else (WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT)
    )
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), HEI_FONT if header else BODY_FONT, size)


def fixed_widths(table: DocxTable, widths_mm: list[float]) -> None:
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def add_table(document: DocumentObject, block: Table, available_mm: float) -> None:
    sheet = block.sheet
    if sheet.frame.empty:
        if sheet.empty_message:
            document.add_paragraph(sheet.empty_message)
        return
    rows = sheet.frame.head(block.max_rows)
    units = [
        rows[column.unit_key].tolist() if column.unit_key and column.unit_key in rows else None
        for column in sheet.columns
    ]
    keys = [column.key for column in sheet.columns]
    values = rows.reindex(columns=keys).astype("object").where(rows.reindex(columns=keys).notna(), None)
    texts = [[column.header for column in sheet.columns]]
    for index, record in enumerate(values.itertuples(index=False, name=None)):
        texts.append(
            [
                cell_text(value, column, str(unit[index] or "") if unit is not None else "")
                for value, column, unit in zip(record, sheet.columns, units, strict=True)
            ]
        )
    size = WU_HAO if len(sheet.columns) <= 10 else XIAO_WU
    table = document.add_table(rows=len(texts), cols=len(sheet.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = [column.kind in ("number", "percent", "integer", "figure") for column in sheet.columns]
    for row_index, (row, row_texts) in enumerate(zip(table.rows, texts, strict=True)):
        mark_row(row, header=row_index == 0)
        for cell, text, is_number in zip(row.cells, row_texts, numeric, strict=True):
            write_cell(cell, text, header=row_index == 0, size=size, numeric=is_number)
    narrow_cell_margins(table)
    kinds: list[str] = [column.kind for column in sheet.columns]
    fixed_widths(table, column_widths(texts, kinds, available_mm, size))
    if len(sheet.frame) > block.max_rows and block.overflow_note:
        document.add_paragraph(block.overflow_note)


# --- the document ----------------------------------------------------------------------------


def red_header(document: DocumentObject, letterhead: Letterhead) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    text = f"{letterhead.issuer}文件"
    # as large as 42 pt allows on one line of the 156 mm type area
    size = Pt(min(42.0, 156 / 0.3528 / len(text) * 0.95))
    paragraph.paragraph_format.line_spacing = Pt(size.pt * 1.4)
    run = paragraph.add_run(text)
    set_fonts(run._r.get_or_add_rPr(), TITLE_FONT, size)
    run.font.color.rgb = RED
    if letterhead.document_number:
        number = document.add_paragraph(letterhead.document_number)
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        number.paragraph_format.first_line_indent = Pt(0)
    rule = document.add_paragraph()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "1"), ("w:color", "E60012")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    rule._p.get_or_add_pPr().append(borders)


def signature(document: DocumentObject, letterhead: Letterhead, issued_on: str) -> None:
    """落款: the issuer and the date, right-aligned four characters from the edge."""
    document.add_paragraph()
    for text in (letterhead.issuer, issued_on):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(64)


def is_wide(block: Table) -> bool:
    return len(block.sheet.columns) > PORTRAIT_COLUMNS and not block.sheet.frame.empty


def wanted_orientation(blocks: list[Block]) -> list[bool]:
    """Landscape for wide tables and for the headings right before them (kept with their table)."""
    wants: list[bool] = []
    following = False
    for block in reversed(blocks):
        if isinstance(block, Table):
            following = is_wide(block)
        elif not isinstance(block, Heading):
            following = False
        wants.append(following)
    return wants[::-1]


def add_picture(document: DocumentObject, block: Picture) -> None:
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Pt(0)
    picture.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(block.image.png), width=Mm(block.width_cm * 10))
    if block.image.caption:
        document.add_paragraph(block.image.caption, style="Caption")


def docx_bytes(report: Report, letterhead: Letterhead | None = None) -> bytes:
    letterhead = letterhead or Letterhead()
    document = Document()
    setup_styles(document)
    font_table_fallbacks(document)
    page_setup(document.sections[0], landscape=False)
    page_numbers(document)
    portrait_width = (PAGE_WIDTH - MARGINS["left"] - MARGINS["right"]) / Mm(1)
    landscape_width = (PAGE_HEIGHT - MARGINS["top"] - MARGINS["bottom"]) / Mm(1)
    if letterhead.red_header and letterhead.issuer:
        red_header(document, letterhead)
    elif letterhead.document_number:
        number = document.add_paragraph(letterhead.document_number)
        number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(report.title, style="Title")
    if report.facts:
        facts = document.add_paragraph("；".join(f"{label}：{value}" for label, value in report.facts))
        facts.style = document.styles["Caption"]
    for note in report.notes:
        document.add_paragraph(note)
    wants = wanted_orientation(report.blocks)
    landscape = False
    signed = not letterhead.issuer
    for index, (block, wide) in enumerate(zip(report.blocks, wants, strict=True)):
        if not signed and index == report.annex_from:  # the 落款 ends the body, before the annexes
            if landscape:
                new_section(document, landscape=False)
                landscape = False
            signature(document, letterhead, report.issued_on)
            signed = True
        if wide != landscape:
            new_section(document, landscape=wide)
            landscape = wide
        if isinstance(block, Table):
            add_table(document, block, landscape_width if landscape else portrait_width)
        elif isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, Picture):
            add_picture(document, block)
    if not signed:
        if landscape:
            new_section(document, landscape=False)
        signature(document, letterhead, report.issued_on)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
