"""Reading a 明细表 workbook as offices really keep it (pure: no database; the node tree is
passed in). Title rows and notes above the header, the header found by its usual names and
variants, section rows ("301 服务规范") that set the node of the rows under them, blank rows,
full-width characters and stray spaces, dates typed in the offices' forms. Every problem is
collected as a RowError naming the sheet, row, column and reason; nothing is guessed silently."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from qms.core.spreadsheets import Sheet, find_header, normalize_code, normalize_text, parse_date

from ..models import Level, Origin, Plan
from ..numbers import level_from_number

ALIASES: dict[str, list[str]] = {
    "seq": ["序号", "序"],
    "code": ["标准体系表编号", "体系表编号", "体系编号", "编号", "标准体系编号", "体系表号"],
    "number": ["标准编号", "标准号", "标准代号"],
    "name": ["标准名称", "名称"],
    "level": ["级别", "宜定级别", "标准级别", "标准层级"],
    "effective_on": ["实施日期", "实施时间", "实施日"],
    "replaces": ["代替标准号", "代替标准", "被代替标准", "被代替标准号或作废", "被代替标准号"],
    "notes": ["备注", "说明"],
    "subsystem": ["子体系", "子体系名称", "所属子体系"],
    "intl_relation": ["国际国外标准号及采用关系", "国际、国外标准号及采用关系", "国际标准号及采用关系", "采用关系"],
}
LABELS = {"seq": "序号", "code": "标准体系表编号", "number": "标准编号", "name": "标准名称", "level": "级别",
          "effective_on": "实施日期", "replaces": "代替标准号", "notes": "备注", "subsystem": "子体系",
          "intl_relation": "国际国外标准号及采用关系"}
DATA_COLUMNS = {"code", "number", "name", "level", "effective_on", "replaces", "intl_relation"}
DRAFTING = "drafting"  # a draft edition, no plan (备注 起草中)
MARKERS = {"待制定": Plan.TO_DRAFT, "拟制定": Plan.TO_DRAFT, "需制定": Plan.TO_DRAFT, "待采用": Plan.TO_ADOPT,
           "拟采用": Plan.TO_ADOPT, "待修订": Plan.TO_REVISE, "拟修订": Plan.TO_REVISE, "起草中": DRAFTING,
           "制定中": DRAFTING}
_MARKER_LEAD = re.compile(r"^(" + "|".join(MARKERS) + r")[\s；;，,、。]*(.*)$", re.S)
_MARKER_ANY = re.compile("|".join(MARKERS))
LEVEL_WORDS = [("国家", Level.NATIONAL), ("国标", Level.NATIONAL), ("行业", Level.SECTOR), ("行标", Level.SECTOR),
               ("地方", Level.LOCAL), ("地标", Level.LOCAL), ("团体", Level.GROUP), ("团标", Level.GROUP),
               ("企业", Level.ENTERPRISE), ("企标", Level.ENTERPRISE)]
_SECTION = re.compile(r"^[（(]?(\d{3}(?:[.\-]\d+)*)[)）]?[\s、.:：]*(.*)$")
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.]\s*")
_DASH = re.compile(r"\s*-\s*")
_NUMBER = re.compile(r"^([A-Za-z]+\d*/[A-Za-z]+|[A-Za-z]+)\s*(\d.*)$")


@dataclass
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self):
        where = _("工作表“%(s)s”第 %(r)d 行") % {"s": self.sheet, "r": self.row} if self.row else \
            _("工作表“%(s)s”") % {"s": self.sheet}
        if self.column:
            where += _("“%(c)s”列") % {"c": self.column}
        return f"{where}：{self.message}"


@dataclass
class ParsedRow:
    sheet: str
    row: int
    code: str
    number: str
    name: str
    level: str
    origin: str
    node_code: str
    effective_on: dt.date | None
    replaces: str
    notes: str
    marker: str  # a Plan value, DRAFTING, or ""
    intl_relation: str | None  # None: the workbook has no such column


@dataclass
class ParsedWorkbook:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def tidy(value) -> str:
    """Names and notes: ideographic and stray spaces trimmed, inner runs folded; full-width
    punctuation kept as written (（试行） stays （试行）)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    text = str(value).replace("\u3000", " ").replace("\xa0", " ")
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def normalize_number(value) -> str:
    """'ＧＢ／Ｔ１９００１－２０１６' and 'gb/t19001 - 2016' -> 'GB/T 19001-2016'."""
    text = normalize_text(value)
    match = _NUMBER.match(text)
    if match:
        rest = _DASH.sub("-", match.group(2))
        text = f"{match.group(1).upper()} {rest}"
    return text


def split_marker(notes: str) -> tuple[str, str]:
    """(marker, remaining notes) from a 备注 such as '待制定；2026年完成'."""
    lead = _MARKER_LEAD.match(notes)
    if lead:
        return MARKERS[lead.group(1)], lead.group(2).strip()
    anywhere = _MARKER_ANY.search(notes)
    return (MARKERS[anywhere.group(0)], notes) if anywhere else ("", notes)


def level_of(text: str) -> str | None:
    text = normalize_text(text)
    for word, level in LEVEL_WORDS:
        if word in text:
            return level
    return None


def parse_workbook(sheets: list[Sheet], *, nodes: dict[str, str]) -> ParsedWorkbook:
    """All sheets holding a detail table (a header with 标准名称 and 体系表编号 or 标准编号)."""
    result = ParsedWorkbook()
    for sheet in sheets:
        header = find_header(sheet, ALIASES, required=["name"])
        if header and ("code" in header.columns or "number" in header.columns):
            _SheetReader(sheet, header, nodes, result).read()
    if not result.rows and not result.errors:
        result.errors.append(RowError(sheet=sheets[0].title if sheets else "", row=0, column="", message=_(
            "没有找到明细表的表头：前 15 行中须有“标准名称”列，以及“标准体系表编号”或“标准编号”列。")))
    return result


class _SheetReader:
    def __init__(self, sheet: Sheet, header, nodes: dict[str, str], result: ParsedWorkbook):
        self.sheet, self.header, self.nodes, self.result = sheet, header, nodes, result
        self.names = {name: code for code, name in nodes.items()}
        self.section = ""
        self.seen = {r.code: r.row for r in result.rows if r.code}

    def read(self):
        for index in range(self.header.row_index + 1, len(self.sheet.rows)):
            self.read_row(index + 1, self.sheet.rows[index])

    def cell(self, values, key):
        col = self.header.columns.get(key)
        return values[col] if col is not None and col < len(values) else None

    def error(self, row: int, key: str, message: str):
        self.result.errors.append(RowError(self.sheet.title, row, LABELS.get(key, key), message))

    def read_row(self, row: int, values: tuple):
        filled = [(col, v) for col, v in enumerate(values) if tidy(v)]
        if not filled:
            return
        if len(filled) == 1 and self.read_section(row, *filled[0]):
            return
        code = normalize_code(self.cell(values, "code"))
        number = normalize_number(self.cell(values, "number"))
        if code in self.nodes and not number:  # "301 | 服务规范" spread over code and name cells
            self.section = code
            return
        self.read_standard(row, values, code, number)

    def read_section(self, row: int, col: int, value) -> bool:
        """A one-cell row: a section naming a node, a note to skip, or a standard row with only
        one cell filled (left to read_standard, which reports what is missing)."""
        text = _ORDINAL.sub("", tidy(value))
        match = _SECTION.match(normalize_text(text))
        if match and match.group(1) in self.nodes:
            self.section = match.group(1)
            return True
        data_columns = {self.header.columns[k] for k in DATA_COLUMNS if k in self.header.columns}
        if col in data_columns:
            return False
        if match and match.group(2):
            self.error(row, "", _("分组行“%(t)s”中的节点编码 %(c)s 在标准体系中不存在。")
                       % {"t": tidy(value), "c": match.group(1)})
            return True
        if text in self.names:
            self.section = self.names[text]
        return True

    def read_standard(self, row: int, values: tuple, code: str, number: str):
        errors_before = len(self.result.errors)
        name = tidy(self.cell(values, "name"))
        if not name:
            self.error(row, "name", _("缺少标准名称。"))
        node_code = self.node_of(row, code, values)
        marker, notes = split_marker(tidy(self.cell(values, "notes")))
        notes = self.with_extras(notes, values)
        level = self.level(row, values, number, marker)
        try:
            effective_on = parse_date(self.cell(values, "effective_on"))
        except ValueError:
            effective_on = None
            self.error(row, "effective_on", _("“%(v)s”不是有效日期（可写作 2024-01-01、2024.01.01、2024/1/1 或 "
                                              "2024年1月1日）。") % {"v": tidy(self.cell(values, "effective_on"))})
        if code:
            if code in self.seen:
                self.error(row, "code", _("体系表编号 %(c)s 与第 %(r)d 行重复。") % {"c": code, "r": self.seen[code]})
            else:
                self.seen[code] = row
        if len(self.result.errors) > errors_before:
            return
        intl = tidy(self.cell(values, "intl_relation")) if "intl_relation" in self.header.columns else None
        self.result.rows.append(ParsedRow(
            sheet=self.sheet.title, row=row, code=code, number=number, name=name, level=level,
            origin=Origin.IN_HOUSE if level == Level.ENTERPRISE else Origin.ADOPTED, node_code=node_code,
            effective_on=effective_on, replaces=normalize_text(self.cell(values, "replaces")), notes=notes,
            marker=marker, intl_relation=intl,
        ))

    def node_of(self, row: int, code: str, values) -> str:
        if "-" in code:
            prefix = code.split("-", 1)[0]
            if prefix not in self.nodes:
                self.error(row, "code", _("体系表编号 %(c)s 的节点编码 %(n)s 在标准体系中不存在。")
                           % {"c": code, "n": prefix})
            return prefix
        subsystem = tidy(self.cell(values, "subsystem"))
        if self.section:
            return self.section
        if subsystem in self.names:
            return self.names[subsystem]
        self.error(row, "code", _("无法确定所属节点：体系表编号不是“节点-序号”的形式，上方也没有分组行。"))
        return ""

    def level(self, row: int, values, number: str, marker: str) -> str:
        text = tidy(self.cell(values, "level"))
        if text:
            level = level_of(text)
            if level is None:
                self.error(row, "level", _("无法识别级别“%(v)s”（应为国家、行业、地方、团体或企业标准）。") % {"v": text})
            return level or ""
        level = level_from_number(number) if number else None
        if level is None and not number and marker in ("", Plan.TO_DRAFT, DRAFTING):
            level = Level.ENTERPRISE  # a standard still to be drafted is the centre's own
        if level is None:
            self.error(row, "level", _("缺少级别，且无法从标准编号“%(n)s”判断。") % {"n": number})
        return level or ""

    def with_extras(self, notes: str, values) -> str:
        """Columns the import does not know are kept in the notes as '列名：值'."""
        extras = [f"{title}：{tidy(values[col])}" for title, col in self.header.extra.items()
                  if col < len(values) and tidy(values[col])]
        return "；".join([notes, *extras] if notes else extras)
