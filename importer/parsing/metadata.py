"""Plan metadata from the heading, the covering notice, the web page's header and the footer.

Where each field comes from, in order of preference:

* **title**: a one-line notice title (…关于印发…的通知), else the plan named in 《》 in the notice,
  else a heading line in the formal form (…国民经济和社会发展第十四个五年规划…), else the subject
  of the opening sentence (…规划纲要，以习近平…); a web page's 标题 field first of all;
* **issuer**: the web page's 发布机构, else the body signing the notice (the line above its date);
* **document number** (文号): the first 〔year〕N号 form; **dates**: the signature date is the
  signing date, the page's 发文/发布日期 or the footer's …印发 date the publication date;
* **period**: 第十四个五年 / 十四五 → 2021–2025, an explicit (2026—2030年), or the year of an
  annual list (2023年重点工作任务); **vision year** 2035 when the text sets 2035 goals;
* **jurisdiction**: province / city / district as the title or issuer writes them; a level the
  title leaves out is the one the text names most often (济南 in a 槐荫区 plan).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from importer.parsing.common import chinese_number
from importer.reading import Line

HEAD_LINES = 25

PROVINCES = (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽",
    "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州",
    "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆",
)  # fmt: skip
_PROVINCE_SUFFIX = {
    "内蒙古": "自治区",
    "广西": "壮族自治区",
    "西藏": "自治区",
    "宁夏": "回族自治区",
    "新疆": "维吾尔自治区",
}
_MUNICIPALITIES = {"北京", "天津", "上海", "重庆"}

_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔\[【（(]\s*\d{4}\s*[〕\]】）)]\s*\d{1,4}\s*号")
_FULL_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:\s+\d{1,2}:\d{2})?")
_MONTH_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")
_NOTICE_TITLE = re.compile(r"([\u4e00-\u9fff（）()]{2,40}关于印发.{2,120}?的通知)")
_QUOTED_PLAN = re.compile(r"《([^《》]{6,120}?(?:规划|纲要|计划|任务|方案|要点))》")
_FORMAL_TITLE = re.compile(
    r"^(.{2,40}?国民经济和社会发展.{0,30}?(?:五年规划|规划纲要|规划)(?:和.{0,30}?纲要)?)"
)
_SUBJECT_TITLE = re.compile(r"^(.{4,80}?(?:规划纲要|五年规划|规划|纲要|工作任务|行动计划|实施方案))[，,]")
_ISSUER = re.compile(
    r"^[\u4e00-\u9fff（）()]{2,30}(?:人民政府办公室|人民政府办公厅|人民政府|政府办公室|办公室|委员会|局|委|厅)$"
)
_FIVE_YEAR_ORDINAL = re.compile(r"第\s*([一二三四五六七八九十]+)\s*个五年")
_FIVE_YEAR_SHORT = re.compile(r"“?十([一二三四五六七八九])五”?\s*(?:规划|时期)")
# In a title a quoted period needs no 规划 after it: 国务院关于印发“十五五”某某发展规划的通知.
_FIVE_YEAR_QUOTED = re.compile(r"“十([一二三四五六七八九])五”")
_PERIOD = re.compile(r"[（(]\s*((?:19|20)\d{2})\s*[—–\-－~至到]+\s*((?:19|20)\d{2})\s*年?\s*[）)]")
_ANNUAL = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:重点工作任务|重点任务|工作要点|重点工作|工作任务)"
)
# A year in a title is the year of an annual list or plan (2026年…行动指南, …2025年度实施计划).
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?(?![—–\-－~至到]|\d)")
_HORIZON = re.compile(r"到\s*((?:19|20)\d{2})\s*年")
_VISION = re.compile(r"(?:2035|二\s*[〇○零]\s*三\s*五)\s*年\s*远景|到\s*(?:2035|二\s*[〇○零]\s*三\s*五)\s*年")
_CITY = re.compile(r"([\u4e00-\u9fff]{2,4}?市)")
_DISTRICT = re.compile(r"([\u4e00-\u9fff]{1,5}?[区县])")
# Words that end in 市/区 but are not places.
_NOT_PLACES = (
    "城市",
    "全市",
    "本市",
    "我市",
    "各市",
    "强市",
    "都市",
    "超市",
    "上市",
    "全区",
    "本区",
    "我区",
    "各区",
    "城区",
    "园区",
    "片区",
    "社区",
    "景区",
    "市区",
)


@dataclass
class JurisdictionGuess:
    name: str
    level: str
    parent: JurisdictionGuess | None = None

    def as_fixture(self) -> dict[str, object]:
        return {
            "name": self.name,
            "level": self.level,
            "parent": self.parent.as_fixture() if self.parent else None,
        }


@dataclass
class Metadata:
    title: str = ""
    title_line: int | None = None
    short_title: str = ""
    kind: str = "five_year"
    issuer: str = ""
    document_number: str = ""
    signed_on: date | None = None
    published_on: date | None = None
    dates_as_written: list[str] = field(default_factory=list)
    dates_note: list[str] = field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    vision_year: int | None = None
    jurisdiction: JurisdictionGuess | None = None


def _safe_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


_FIELD_NAMES = (
    "标题", "索引号", "文号", "发文字号", "发文日期", "成文日期", "发布日期", "发布机构", "发布单位",
    "文件类别", "有效性", "有效期", "规范性文件登记号", "主题分类", "公开方式",
)  # fmt: skip
_FIELD = re.compile("(" + "|".join(sorted(_FIELD_NAMES, key=len, reverse=True)) + r")\s*[:：]?")


def _page_fields(lines: list[Line]) -> dict[str, tuple[str, int, int]]:
    """标题 / 文号 / 发文日期 / 发布机构 … of a web page header: (value, line, column)."""
    fields: dict[str, tuple[str, int, int]] = {}
    for line in lines:
        raw = line.raw.replace("\xa0", " ").replace("\u3000", " ")
        matches = list(_FIELD.finditer(raw))
        for position, match in enumerate(matches):
            stop = matches[position + 1].start() if position + 1 < len(matches) else len(raw)
            value = raw[match.end() : stop].strip(" |:：\t")
            value = value.split("|")[0].strip()
            if value and match.group(1) not in fields:
                fields[match.group(1)] = (value, line.number, match.end())
    return fields


def read_metadata(lines: tuple[Line, ...], *, has_tasks: bool) -> Metadata:
    meta = Metadata()
    head = [line for line in lines[:HEAD_LINES] if line.raw.strip()]
    body_text = "\n".join(line.text for line in lines)
    fields = _page_fields(head[:8])
    _read_title(meta, head, fields)
    _read_issuer_and_dates(meta, lines, head, fields)
    number_source = fields.get("文号") or fields.get("发文字号")
    found_number = _DOC_NUMBER.search(number_source[0]) if number_source else None
    if found_number is None:
        for line in head:
            found_number = _DOC_NUMBER.search(line.raw)
            if found_number:
                break
    meta.document_number = found_number.group(0) if found_number else ""
    _read_period(meta, body_text, has_tasks=has_tasks)
    meta.jurisdiction = _read_jurisdiction(meta, head, body_text)
    return meta


def _read_title(meta: Metadata, head: list[Line], fields: dict[str, tuple[str, int, int]]) -> None:
    if "标题" in fields:
        meta.title, meta.title_line, _ = fields["标题"]
    for line in head:
        if meta.title:
            break
        match = _NOTICE_TITLE.search(line.text)
        if match:
            title = match.group(1)
            number = _DOC_NUMBER.match(title)
            meta.title = title[number.end() :].strip() if number else title
            meta.title_line = line.number
    quoted = None
    joined = "".join(line.text.strip() for line in head)
    quoted_match = _QUOTED_PLAN.search(joined)
    if quoted_match:
        quoted = quoted_match.group(1)
    if not meta.title and quoted:
        meta.title = quoted
        meta.title_line = next((line.number for line in head if quoted in line.text), head[0].number)
    if not meta.title:
        # The formal form (第十四个五年规划) before the colloquial one (十四五规划) a page title uses.
        formal = [
            line
            for line in head[:6]
            if _FORMAL_TITLE.match(line.text.strip()) and len(line.text.strip()) <= 80
        ]
        formal.sort(key=lambda line: _FIVE_YEAR_ORDINAL.search(line.text) is None)
        if formal:
            meta.title, meta.title_line = formal[0].text.strip(), formal[0].number
    if not meta.title and head:
        match = _SUBJECT_TITLE.match(head[0].text.strip())
        if match:
            meta.title, meta.title_line = match.group(1), head[0].number
    meta.short_title = quoted if quoted and quoted != meta.title else ""


def _read_issuer_and_dates(
    meta: Metadata, lines: tuple[Line, ...], head: list[Line], fields: dict[str, tuple[str, int, int]]
) -> None:
    dated: list[tuple[int, int, str]] = []  # (line, column, as written): sorted into document order
    for name in ("成文日期", "发文日期", "发布日期"):
        if name not in fields:
            continue
        value, number, column = fields[name]
        match = _ISO_DATE.match(value)
        if not match:
            continue
        dated.append((number, column, match.group(0)))
        found = _safe_date(*match.groups()[:3])
        if name != "成文日期" and meta.published_on is None and found:
            meta.published_on = found
            meta.dates_note.append(
                f"published_on: {name} {match.group(0)} in the page header (line {number})."
            )
        elif name == "成文日期":
            meta.dates_note.append(f"{name} {match.group(0)} in the page header (line {number}).")
    if "发布单位" in fields:
        meta.issuer = fields["发布单位"][0]
    # The signature: a body's name on a line of its own with the date on one of the next lines.
    for index, line in enumerate(head):
        text = line.text.strip()
        if not _ISSUER.match(text):
            continue
        for later in head[index + 1 : index + 3]:
            match = _FULL_DATE.fullmatch(later.text.strip())
            if match:
                meta.issuer = meta.issuer or text
                meta.signed_on = _safe_date(*match.groups())
                dated.append((later.number, 0, later.text.strip()))
                meta.dates_note.append(
                    f"signed_on: the date under the signature of {text} (line {later.number})."
                )
                break
        if meta.signed_on:
            break
    for name in ("发布机构", "发布单位"):
        if not meta.issuer and name in fields:
            meta.issuer = fields[name][0]
    if not meta.issuer and meta.title:
        issuer = re.match(
            r"^([\u4e00-\u9fff]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府))关于", meta.title
        )
        meta.issuer = issuer.group(1) if issuer else ""
    for line in lines[-40:]:
        match = re.search(r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发", line.raw)
        if match:
            dated.append((line.number, match.start(), match.group(1)))
            full = _FULL_DATE.search(match.group(1))
            if meta.published_on is None and full:
                meta.published_on = _safe_date(*full.groups())
                meta.dates_note.append(f"published_on: '…印发' in the footer (line {line.number}).")
    for line in head[:3]:
        # "(2022年更新)": the year of a revision, written in the heading.
        for revised in re.finditer(r"((?:19|20)\d{2}\s*年)\s*(?:更新|修订|修正)", line.text):
            dated.append((line.number, revised.start(), revised.group(1)))
            meta.dates_note.append(f"'{revised.group(0)}' (line {line.number}): the year of a revision.")
    if not any(_FULL_DATE.search(written) or _ISO_DATE.search(written) for _, _, written in dated):
        for line in head[:6]:
            for month in _MONTH_DATE.finditer(line.text):
                dated.append((line.number, month.start(), month.group(0)))
                meta.dates_note.append(
                    f"'{month.group(0)}' (line {line.number}) gives a month only: "
                    "no signing or publication day."
                )
    meta.dates_as_written = [written for _, _, written in sorted(dated)]


def _five_year_period(ordinal: int) -> tuple[int, int]:
    """The 3rd five-year plan ran 1966–1970 and every one since follows on: the 14th is 2021–2025."""
    start = 1966 + 5 * (ordinal - 3)
    return start, start + 4


def _read_period(meta: Metadata, text: str, *, has_tasks: bool) -> None:
    title = meta.title
    head = text[:3000]
    # The title's own period first (a period cited in the body, "(2018—2020年)", is another plan's);
    # the body's only when the title states none.
    for where in (title, head):
        period = _PERIOD.search(where)
        five_year = (
            _FIVE_YEAR_ORDINAL.search(where)
            or _FIVE_YEAR_SHORT.search(where)
            or (_FIVE_YEAR_QUOTED.search(where) if where is title else None)
        )
        annual = _ANNUAL.search(where) or (_TITLE_YEAR.search(where) if where is title else None)
        if period:
            meta.start_year, meta.end_year = int(period.group(1)), int(period.group(2))
        elif five_year:
            ordinal = chinese_number(five_year.group(1))
            if ordinal is not None and five_year.re is not _FIVE_YEAR_ORDINAL:
                ordinal += 10
            if ordinal:
                meta.start_year, meta.end_year = _five_year_period(ordinal)
        elif annual:
            meta.start_year = meta.end_year = int(annual.group(1))
        if meta.start_year is not None:
            break
    if meta.start_year is None and (horizons := [int(y) for y in _HORIZON.findall(text)]):
        # An action plan without a period: from its own year to the last year it sets goals for.
        issued = meta.published_on or meta.signed_on
        start = issued.year if issued else min(horizons)
        if max(horizons) >= start:
            meta.start_year, meta.end_year = start, max(horizons)
    if meta.start_year is not None and meta.start_year == meta.end_year:
        meta.kind = "annual_tasks"
    elif re.search(r"行动计划|行动方案|实施方案", title):
        meta.kind = "action_plan"
    elif has_tasks and not re.search(r"规划|纲要", title):
        meta.kind = "annual_tasks"
    else:
        meta.kind = "five_year"
    if _VISION.search(text) and meta.end_year is not None and meta.end_year <= 2035:
        meta.vision_year = 2035


_NATIONAL_ISSUER = re.compile(
    r"^(?:国务院|国家[\u4e00-\u9fff]{0,12}(?:委员会|局|部|署)|中共中央|中华人民共和国)"
)


def _read_jurisdiction(meta: Metadata, head: list[Line], text: str) -> JurisdictionGuess | None:
    if _NATIONAL_ISSUER.match(meta.issuer) or (not meta.issuer and _NATIONAL_ISSUER.match(meta.title)):
        return JurisdictionGuess("中华人民共和国", "national")
    candidates = [meta.title, meta.issuer, *(line.text.strip() for line in head[:3])]
    province = city = district = named_province = None
    for candidate in candidates:
        if not candidate:
            continue
        cleaned = re.sub(r"^[（(]([\u4e00-\u9fff]{2,8})[）)]", r"\1", candidate.lstrip('《“" '))
        rest = cleaned
        found_province = next((p for p in PROVINCES if rest.startswith(p)), None)
        if found_province:
            suffix = "市" if found_province in _MUNICIPALITIES else _PROVINCE_SUFFIX.get(found_province, "省")
            if rest.startswith(found_province + suffix):
                province = province or found_province + suffix
                named_province = named_province or province
                rest = rest[len(found_province + suffix) :]
        city_match = _CITY.match(rest)
        if city_match and city_match.group(1) not in _NOT_PLACES:
            city = city or city_match.group(1)
            rest = rest[city_match.end() :]
        district_match = _DISTRICT.match(rest)
        if district_match and district_match.group(1) not in _NOT_PLACES and not rest.startswith("人民政府"):
            district = district or district_match.group(1)
        if city or district:
            break
    if province is None:
        province = _most_named_province(text)
    if city is None and district is not None and not (province and province[:-1] in _MUNICIPALITIES):
        city = _most_named_city(text, exclude=district)
    if city is None and district is None:
        # A provincial-level body (上海市住房和城乡建设管理委员会) issues for the province itself.
        return JurisdictionGuess(named_province, "province") if named_province else None
    node: JurisdictionGuess | None = JurisdictionGuess(province, "province") if province else None
    if city:
        node = JurisdictionGuess(city, "city", node)
    if district:
        node = JurisdictionGuess(district, "county" if district.endswith("县") else "district", node)
    return node


def _most_named_city(text: str, *, exclude: str) -> str | None:
    counts: Counter[str] = Counter()
    # 市 followed by 场/民/政/委… is a word (市场, 市民), not the end of a city's name.
    for match in re.finditer(r"([\u4e00-\u9fff]{2})市(?![场民政委级值域区])", text):
        name = match.group(1)
        if name in counts or name + "市" in _NOT_PLACES or name[-1] in "全本我各强都超上城":
            continue
        counts[name] = text.count(name)
    for name, count in counts.most_common():
        if count >= 3 and name not in exclude:
            return name + "市"
    return None


def _most_named_province(text: str) -> str | None:
    counts = Counter({p: text.count(p) for p in PROVINCES if p + "省" in text or p + "市" in text})
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    if count == 0:
        return None
    return name + ("市" if name in _MUNICIPALITIES else _PROVINCE_SUFFIX.get(name, "省"))
