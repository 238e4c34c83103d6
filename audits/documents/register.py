"""Nonconformity and corrective-action register (.xlsx): one row per nonconformity with its
current round, an auto-filter on the header, overdue rows highlighted."""

from openpyxl.styles import PatternFill

from qms.core.documents.xlsx import (
    CENTER,
    DATE_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    layout_table,
    new_workbook,
    workbook_bytes,
    write_cell,
)

COLUMNS = [
    ("编号", "number"), ("开具日期", "raised_on"), ("来源", "source"), ("来源记录", "source_ref"),
    ("责任部门", "department"), ("标准", "standard"), ("条款", "clause"),
    ("不符合事实", "description"), ("等级", "grade"), ("状态", "status"), ("轮次", "round"),
    ("纠正措施状态", "action_status"), ("根本原因", "root_cause"), ("纠正措施", "action_plan"),
    ("责任人", "owner"), ("期限", "due_date"), ("逾期", "overdue"), ("关闭日期", "closed_on"),
    ("修订申请", "change_request"),
]
OVERDUE_FILL = PatternFill("solid", fgColor="FDE2E1")
HEADER_ROW = 3


def build_register_xlsx(context: dict) -> bytes:
    workbook = new_workbook()
    sheet = workbook.create_sheet("不符合项台账")
    write_cell(sheet, 1, 1, f"{context['organisation']} 不符合项及纠正措施台账", font=TITLE_FONT, border=False,
               alignment=None)
    write_cell(sheet, 2, 1, f"生成日期：{context['generated_on']}  {context['filters_text']}".strip(),
               border=False, alignment=None)
    for column, (title, _key) in enumerate(COLUMNS, 1):
        cell = write_cell(sheet, HEADER_ROW, column, title, font=HEADER_FONT, alignment=CENTER)
        cell.fill = HEADER_FILL
    for offset, row in enumerate(context["rows"], 1):
        for column, (_title, key) in enumerate(COLUMNS, 1):
            value = row[key]
            if key == "overdue":
                value = "是" if value else ""
            cell = write_cell(sheet, HEADER_ROW + offset, column, value)
            if hasattr(value, "isoformat"):
                cell.number_format = DATE_FORMAT
            if row["overdue"]:
                cell.fill = OVERDUE_FILL
    last = HEADER_ROW + max(len(context["rows"]), 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{sheet.cell(row=last, column=len(COLUMNS)).coordinate}"
    layout_table(sheet, header_row=HEADER_ROW)
    return workbook_bytes(workbook)
