"""Reading a status list of standards (pure: no database), as centres get it from the national
standards information platform (全国标准信息公共服务平台) or compile it by hand.

Columns by their usual names and variants: 标准号/标准编号, 标准名称, 状态 (现行, 即将实施, 被代替,
废止 and their wordings), 实施日期, 废止日期, 代替标准/被代替标准, 备注. A replacement may also be
written as free text in the status or notes ("被GB/T 24421.2-2023代替"). The platform marks a
replaced standard 废止 and names its replacement in another column: 废止 with a replacement
is 被代替. A number in the replacement column that is an older edition of the row's own
standard is what the row replaces, not what replaces it, and is ignored. Every problem is a
RowError naming the sheet, row and column."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from qms.core.spreadsheets import Sheet, find_header, normalize_text, parse_date

from ..models import ExternalState
from ..numbers import find_numbers, number_key, number_parts
from .parser import RowError, normalize_number, tidy

ALIASES: dict[str, list[str]] = {
    "number": ["标准号", "标准编号", "标准代号", "编号"],
    "name": ["标准名称", "中文标准名称", "名称", "中文名称"],
    "state": ["状态", "标准状态", "现行状态", "有效性", "有效状态", "确认结果"],
    "effective_on": ["实施日期", "实施时间"],
    "ends_on": ["废止日期", "作废日期", "废止时间", "代替日期", "被代替日期", "终止日期"],
    "replaced_by": ["代替标准", "代替标准号", "被代替标准", "被代替标准号", "替代标准", "被替代标准", "新标准号",
                    "代替情况", "替代情况"],
    "notes": ["备注", "说明"],
}
LABELS = {"number": "标准号", "name": "标准名称", "state": "状态", "effective_on": "实施日期",
          "ends_on": "废止日期", "replaced_by": "代替标准", "notes": "备注"}
S = ExternalState
# Longest wordings first: '即将废止' before '废止', '被代替' before '代替'.
STATE_WORDS = [
    ("即将实施", S.UPCOMING), ("尚未实施", S.UPCOMING), ("待实施", S.UPCOMING), ("未实施", S.UPCOMING),
    ("已被代替", S.REPLACED), ("被代替", S.REPLACED), ("被替代", S.REPLACED), ("已替代", S.REPLACED),
    ("已代替", S.REPLACED), ("代替", S.REPLACED), ("替代", S.REPLACED),
    ("已废止", S.ABOLISHED), ("废止", S.ABOLISHED), ("作废", S.ABOLISHED), ("失效", S.ABOLISHED),
    ("无效", S.ABOLISHED), ("现行有效", S.CURRENT), ("现行", S.CURRENT), ("有效", S.CURRENT),
]


@dataclass
class StatusRow:
    sheet: str
    row: int
    number: str
    name: str
    state: str
    effective_on: dt.date | None
    ends_on: dt.date | None
    replaced_by: str

    @property
    def key(self) -> str:
        return number_key(self.number)

    @property
    def state_label(self) -> str:
        return str(ExternalState(self.state).label)


@dataclass
class ParsedStatusList:
    rows: list[StatusRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def state_of(text: str) -> str | None:
    text = re.sub(r"\s+", "", normalize_text(text))
    for word, state in STATE_WORDS:
        if word in text:
            return state
    return None


def parse_status_list(sheets: list[Sheet]) -> ParsedStatusList:
    """Every sheet whose header names a number column and a status column."""
    result = ParsedStatusList()
    for sheet in sheets:
        header = find_header(sheet, ALIASES, required=["number", "state"])
        if header:
            _Reader(sheet, header, result).read()
    if not result.rows and not result.errors:
        result.errors.append(RowError(sheet=sheets[0].title if sheets else "", row=0, column="", message=_(
            "没有找到标准状态表的表头：前 15 行中须有“标准号”（或“标准编号”）列和“状态”列。")))
    return result


class _Reader:
    def __init__(self, sheet: Sheet, header, result: ParsedStatusList):
        self.sheet, self.header, self.result = sheet, header, result
        self.seen = {r.key: r.row for r in result.rows}

    def cell(self, values, key):
        col = self.header.columns.get(key)
        return values[col] if col is not None and col < len(values) else None

    def error(self, row: int, key: str, message: str):
        self.result.errors.append(RowError(self.sheet.title, row, LABELS[key], message))

    def read(self):
        for index in range(self.header.row_index + 1, len(self.sheet.rows)):
            values = self.sheet.rows[index]
            if any(tidy(v) for v in values):
                self.read_row(index + 1, values)

    def read_row(self, row: int, values):
        before = len(self.result.errors)
        number = normalize_number(tidy(self.cell(values, "number")).translate({0x2014: "-", 0x2013: "-"}))
        if not number:
            self.error(row, "number", _("缺少标准号。"))
        elif number_key(number) in self.seen:
            self.error(row, "number", _("标准号 %(n)s 与第 %(r)d 行重复。") % {"n": number, "r": self.seen[number_key(number)]})
        state_text = tidy(self.cell(values, "state"))
        state = state_of(state_text)
        if state is None:
            self.error(row, "state", _("无法识别状态“%(v)s”（应为现行、即将实施、被代替或废止）。") % {"v": state_text})
        effective_on, ends_on = self.date(row, values, "effective_on"), self.date(row, values, "ends_on")
        replaced_by = self.replacement(number, values, state_text)
        if state == S.ABOLISHED and replaced_by:
            state = S.REPLACED
        if state == S.REPLACED and not replaced_by:
            self.error(row, "replaced_by", _("状态为被代替，但没有写明代替标准号（可写在“代替标准”列，"
                                             "或在状态中写作“被GB/T 24421.2-2023代替”）。"))
        if len(self.result.errors) > before:
            return
        self.seen[number_key(number)] = row
        self.result.rows.append(StatusRow(
            sheet=self.sheet.title, row=row, number=number, name=tidy(self.cell(values, "name")), state=state,
            effective_on=effective_on, ends_on=ends_on, replaced_by=replaced_by,
        ))

    def date(self, row: int, values, key: str) -> dt.date | None:
        try:
            return parse_date(self.cell(values, key))
        except ValueError:
            self.error(row, key, _("“%(v)s”不是有效日期（可写作 2023-03-17、2023.03.17、2023/3/17 或 "
                                   "2023年3月17日）。") % {"v": tidy(self.cell(values, key))})
            return None

    def replacement(self, number: str, values, state_text: str) -> str:
        """The first number, in the replacement column, the status or the notes, that is not the
        row's own standard nor an older edition of it."""
        own_base, own_year = number_parts(number)
        texts = [tidy(self.cell(values, "replaced_by")), state_text, tidy(self.cell(values, "notes"))]
        for text in texts:
            for found in find_numbers(text):
                base, year = number_parts(found)
                if number_key(found) == number_key(number):
                    continue
                if base == own_base and year and own_year and year <= own_year:
                    continue  # what this row itself replaces
                return found
        return ""
