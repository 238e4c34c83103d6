"""Reading a province's scoring sheet from Excel into template data (the fixture's shape).

Layouts seen in published sheets, all accepted:
- section rows ("一、组织保障（15分）", or 序号 "一" with the name beside it) followed by item rows;
- a section column (一级指标 / 考核类别), often merged down over its items;
- a 合计/总分 row stating the total; a "否决项" section, or a 否决项 column marked 是/√;
  a "加分" section for bonus points.
Row-level errors are collected and reported together; nothing is returned unless all is well."""

import re
from decimal import Decimal, InvalidOperation

from qms.core.errors import ApplicationError
from qms.core.spreadsheets import find_header, normalize_text, read_workbook

from .rules import fmt, template_problems

ALIASES = {
    "seq": ["序号", "编号", "项目编号"],
    "section": ["一级指标", "考核类别", "评价类别", "类别", "部分", "一级项目"],
    "title": ["考核项目", "评价项目", "二级指标", "评分项目", "考核指标", "评价指标", "项目", "指标"],
    "requirement": ["考核要求", "评价要求", "要求", "具体要求", "考核内容", "评价内容", "考核内容及要求",
                    "评价内容及要求", "基本要求"],
    "points": ["分值", "标准分", "满分", "分数", "标准分值", "配分"],
    "guidance": ["评分标准", "评分方法", "扣分标准", "评分细则", "评分说明", "计分方法", "考核方法"],
    "evidence": ["证明材料", "佐证材料", "备查材料", "备查资料", "查证材料", "典型证据", "支撑材料"],
    "veto": ["否决项", "一票否决", "是否否决项"],
    "figure": ["关联指标"],
}
SECTION_RE = re.compile(r"^([一二三四五六七八九十]+)\s*[、.．]?\s*(.*)$")
POINTS_IN_TITLE_RE = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*$")
TOTAL_WORDS = ("合计", "总分", "总计")
PASS_RES = [re.compile(r"(\d+(?:\.\d+)?)\s*分\s*(?:及以上|以上)[^。]*?(?:合格|通过)"),
            re.compile(r"合格(?:线|分数线)\s*[为:：]?\s*(\d+(?:\.\d+)?)")]
YES = {"是", "√", "✓", "Y", "y", "yes", "否决"}
MAX_ERRORS = 30


class _Rows:
    """One sheet's rows, turned into sections and items, with errors kept by row number."""

    def __init__(self, sheet, match):
        self.sheet, self.cols = sheet, match.columns
        self.sections: list[dict] = []
        self.errors: list[str] = []
        self.total: Decimal | None = None
        self.carried_section = ""

    def cell(self, row, name) -> str:
        """A cell's text as written (Chinese punctuation kept), white space folded."""
        index = self.cols.get(name)
        if index is None or index >= len(row) or row[index] is None:
            return ""
        return re.sub(r"\s+", " ", str(row[index]).replace("\u3000", " ")).strip()

    def points(self, row, line: int, *, required: bool) -> Decimal | None:
        raw = normalize_text(self.cell(row, "points")).removesuffix("分").strip()
        if not raw:
            if required:
                self.errors.append(f"第 {line} 行“分值”列为空：计分项必须有分值")
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.errors.append(f"第 {line} 行“分值”列：“{raw}”不是数字")
            return None
        if value < 0:
            self.errors.append(f"第 {line} 行“分值”列：分值不能为负数（{raw}）")
            return None
        return value

    def open_section(self, title: str, points: Decimal | None, line: int):
        match = POINTS_IN_TITLE_RE.search(title)
        if match:
            title = title[: match.start()].strip()
            points = points if points is not None else Decimal(match.group(1))
        is_veto, is_bonus = "否决" in title, "加分" in title
        self.sections.append({"title": title, "max_points": points, "is_bonus": is_bonus, "is_veto": is_veto,
                              "items": [], "line": line})

    def read(self, start: int):
        for index in range(start, len(self.sheet.rows)):
            row, line = self.sheet.rows[index], index + 1
            if not any(normalize_text(v) for v in row):
                continue
            self.read_row(row, line)

    def read_row(self, row, line: int):
        seq, title = normalize_text(self.cell(row, "seq")), self.cell(row, "title")
        requirement = self.cell(row, "requirement")
        if not title and requirement:
            title, requirement = requirement, ""
        if any(word in (seq + title).replace(" ", "") for word in TOTAL_WORDS) and not requirement:
            self.total = self.points(row, line, required=True)
            return
        section_col = self.cell(row, "section")
        if section_col and section_col != self.carried_section:
            self.carried_section = section_col
            self.open_section(section_col, None, line)
        section_title = self.section_title(seq, title, row)
        if section_title:
            self.open_section(section_title, self.points(row, line, required=False), line)
            return
        if not title:
            self.errors.append(f"第 {line} 行：缺少评价项目名称")
            return
        if not self.sections:
            self.errors.append(f"第 {line} 行：计分项“{title}”之前没有所属部分（如“一、组织保障”）")
            return
        self.add_item(row, line, seq, title, requirement)

    def section_title(self, seq: str, title: str, row) -> str:
        if "section" in self.cols:
            return ""
        if seq.startswith(("加分", "否决")):
            return seq
        if seq and SECTION_RE.match(seq) and not seq.isdigit():
            match = SECTION_RE.match(seq)
            rest = match.group(2)
            return f"{match.group(1)}、{rest or title}" if (rest or title) else ""
        if not seq and (SECTION_RE.match(title) and "、" in title[:4] or title.startswith(("加分", "否决"))):
            return title
        return ""

    def add_item(self, row, line, seq, title, requirement):
        section = self.sections[-1]
        veto = section["is_veto"] or normalize_text(self.cell(row, "veto")) in YES
        points = self.points(row, line, required=not veto)
        section["items"].append({
            "code": seq, "title": title, "requirement": requirement,
            "max_points": points if points is not None else Decimal(0),
            "guidance": self.cell(row, "guidance"), "evidence_hint": self.cell(row, "evidence"),
            "is_veto": veto, "figure_key": self.cell(row, "figure"), "line": line,
        })


def pass_line_in(sheet) -> Decimal | None:
    for row in sheet.rows:
        for value in row:
            text = normalize_text(value)
            for pattern in PASS_RES:
                match = pattern.search(text)
                if match:
                    return Decimal(match.group(1))
    return None


def template_data_from_workbook(upload, *, name: str, pass_line: Decimal | None = None,
                                step: Decimal = Decimal("0.5")) -> dict:
    """Parse the first sheet that has a scoring-sheet header. Raises ApplicationError listing
    every problem (row by row) when anything is wrong."""
    sheets = read_workbook(upload)
    for sheet in sheets:
        match = find_header(sheet, ALIASES, required=["points"])
        if match and ("title" in match.columns or "requirement" in match.columns):
            return _data(sheet, match, name=name, pass_line=pass_line, step=step)
    raise ApplicationError("没有找到计分表的表头：前 15 行中须有“分值”列和“评价项目”（或“考核项目”“考核内容”）列。")


def _data(sheet, match, *, name, pass_line, step) -> dict:
    rows = _Rows(sheet, match)
    rows.read(match.row_index + 1)
    for section in rows.sections:
        if section["max_points"] is None:
            section["max_points"] = sum((i["max_points"] for i in section["items"]), Decimal(0))
    base = sum((s["max_points"] for s in rows.sections if not s["is_bonus"] and not s["is_veto"]), Decimal(0))
    bonus = sum((s["max_points"] for s in rows.sections if s["is_bonus"]), Decimal(0))
    total = rows.total if rows.total is not None else base
    pass_line = pass_line if pass_line is not None else (pass_line_in(sheet) or Decimal(80))
    errors = rows.errors + template_problems(
        total_points=total, bonus_points=bonus, pass_line=pass_line,
        sections=[(s["title"], s["max_points"], s["is_bonus"], s["is_veto"],
                   [i["max_points"] for i in s["items"]]) for s in rows.sections],
    )
    if errors:
        shown = errors[:MAX_ERRORS] + ([f"……另有 {len(errors) - MAX_ERRORS} 处问题"] if len(errors) > MAX_ERRORS else [])
        raise ApplicationError(f"工作表“{sheet.title}”未导入（全部不导入）：\n" + "\n".join(shown),
                               extra={"errors": errors})
    return {"name": name, "source": sheet.title, "total_points": total, "bonus_points": bonus,
            "pass_line": pass_line, "step": step, "sections": rows.sections,
            "description": f"由 Excel 导入，合计 {fmt(total)} 分，合格线 {fmt(pass_line)} 分。"}
