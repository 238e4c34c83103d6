"""Excel renderers (plain context -> bytes): a scoring template laid out as provinces publish
them (and as the import reads them back), and the 自评计分表 as reviewers score it."""

from openpyxl.styles import Font

from qms.core.documents.xlsx import (
    BODY_FONT,
    CENTER,
    GROUP_FILL,
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    layout_table,
    new_workbook,
    write_cell,
)

from .stable import stable_workbook_bytes

CN_NUMERALS = "一二三四五六七八九十"
BOLD = Font(name="宋体", size=10, bold=True)


def sheet_title(ws, row: int, text: str, columns: int, font=TITLE_FONT):
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    write_cell(ws, row, 1, text, font=font, border=False, alignment=CENTER)


def sheet_header(ws, row: int, header: list[str]):
    for col, text in enumerate(header, start=1):
        write_cell(ws, row, col, text, font=HEADER_FONT, alignment=CENTER).fill = HEADER_FILL


def sheet_name(title: str) -> str:
    """The sheet's title from the assessment's: '2026年度自评' -> '2026年度自评计分表', never '自评 自评计分表'."""
    title = title.strip()
    if title.endswith("计分表"):
        return title
    return f"{title}计分表" if title.endswith("自评") else f"{title} 自评计分表".strip()


def _section_label(index: int, title: str) -> str:
    if title[:1] in CN_NUMERALS or title.startswith(("加分", "否决")):
        return title
    return f"{CN_NUMERALS[index % 10]}、{title}"


TEMPLATE_HEADER = ["序号", "评价项目", "评价要求", "分值", "评分标准", "典型证据", "否决项", "关联指标"]


def scoring_template_xlsx(context: dict) -> bytes:
    """`context`: name, total_points, bonus_points, pass_line, sections [{title, max_points,
    items [{code, title, requirement, max_points, guidance, evidence_hint, is_veto, figure_key}]}]."""
    workbook = new_workbook()
    ws = workbook.create_sheet("计分表")
    sheet_title(ws, 1, context["name"], len(TEMPLATE_HEADER))
    note = (f"满分 {context['total_points']} 分，加分不超过 {context['bonus_points']} 分；"
            f"合格线：{context['pass_line']} 分。否决项任一触发即不予通过。")
    sheet_title(ws, 2, note, len(TEMPLATE_HEADER), font=BODY_FONT)
    sheet_header(ws, 3, TEMPLATE_HEADER)
    row = 4
    for index, section in enumerate(context["sections"]):
        for col in range(1, len(TEMPLATE_HEADER) + 1):
            write_cell(ws, row, col, None, font=BOLD).fill = GROUP_FILL
        write_cell(ws, row, 2, _section_label(index, section["title"]), font=BOLD).fill = GROUP_FILL
        write_cell(ws, row, 4, float(section["max_points"]), font=BOLD, alignment=CENTER).fill = GROUP_FILL
        row += 1
        for item in section["items"]:
            values = [item["code"], item["title"], item["requirement"], float(item["max_points"]), item["guidance"],
                      item["evidence_hint"], "是" if item["is_veto"] else "", item["figure_key"]]
            for col, value in enumerate(values, start=1):
                write_cell(ws, row, col, value, alignment=CENTER if col in (1, 4, 7) else None)
            row += 1
    write_cell(ws, row, 1, "合计", font=BOLD)
    write_cell(ws, row, 4, float(context["total_points"]), font=BOLD, alignment=CENTER)
    layout_table(ws, header_row=3)
    return stable_workbook_bytes(workbook, as_of=context.get("as_of"))


SHEET_HEADER = ["序号", "评价项目", "评价要求", "分值", "评分标准", "自评得分", "自评说明及证据", "评审得分", "评审意见"]


def scoring_sheet_xlsx(context: dict) -> bytes:
    """The 自评计分表. `context`: org, title, date, sections [{title, max_points, score, is_veto,
    items [{code, title, requirement, max_points, guidance, points, veto_failed, notes}]}],
    base_total, bonus, total, max_total, pass_line, result."""
    workbook = new_workbook()
    ws = workbook.create_sheet("自评计分表")
    width = len(SHEET_HEADER)
    sheet_title(ws, 1, f"{context['org']} {sheet_name(context['title'])}", width)
    sheet_title(ws, 2, f"计分表：{context['template']}    自评日期：{context['date']}", width, font=BODY_FONT)
    sheet_header(ws, 3, SHEET_HEADER)
    row = 4
    for index, section in enumerate(context["sections"]):
        for col in range(1, width + 1):
            write_cell(ws, row, col, None, font=BOLD).fill = GROUP_FILL
        write_cell(ws, row, 2, _section_label(index, section["title"]), font=BOLD).fill = GROUP_FILL
        if not section["is_veto"]:
            write_cell(ws, row, 4, section["max_points"], font=BOLD, alignment=CENTER).fill = GROUP_FILL
            write_cell(ws, row, 6, section["score"], font=BOLD, alignment=CENTER).fill = GROUP_FILL
        row += 1
        for item in section["items"]:
            own = ("触发" if item["veto_failed"] else "未触发") if item["is_veto"] else item["points"]
            values = [item["code"], item["title"], item["requirement"], item["max_points"], item["guidance"], own,
                      item["notes"], None, None]
            for col, value in enumerate(values, start=1):
                write_cell(ws, row, col, value, alignment=CENTER if col in (1, 4, 6, 8) else None)
            row += 1
    for label, value in (("基本分合计", context["base_total"]), ("加分", context["bonus"]),
                         ("总分", context["total"]), ("满分", context["max_total"]),
                         ("合格线", context["pass_line"]), ("自评结论", context["result"])):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        write_cell(ws, row, 1, label, font=BOLD, alignment=CENTER)
        for col in range(7, width + 1):
            write_cell(ws, row, col, None)
        write_cell(ws, row, 6, value, font=BOLD, alignment=CENTER)
        row += 1
    write_cell(ws, row + 1, 1, "评审组长（签字）：                评审日期：", border=False, alignment=None)
    layout_table(ws, header_row=3, fixed={7: 9.0, 8: 24.0})  # room to write the review by hand
    return stable_workbook_bytes(workbook, as_of=context.get("as_of"))
