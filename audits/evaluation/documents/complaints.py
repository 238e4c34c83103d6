"""The complaint register (投诉登记表) as .xlsx. The rows come already masked for their reader."""

from qms.core.documents.xlsx import (
    CENTER,
    DATE_FORMAT,
    HEADER_FILL,
    HEADER_FONT,
    layout_table,
    new_workbook,
    workbook_bytes,
    write_cell,
)

HEADER = ["投诉编号", "受理日期", "渠道", "投诉人", "联系电话", "被投诉窗口", "涉及事项", "投诉内容", "状态",
          "答复期限", "答复日期", "是否属实", "投诉人反馈", "不符合项"]


def build_complaint_register_xlsx(rows: list[list]) -> bytes:
    workbook = new_workbook()
    sheet = workbook.create_sheet("投诉登记")
    for col, title in enumerate(HEADER, start=1):
        write_cell(sheet, 1, col, title, font=HEADER_FONT, alignment=CENTER).fill = HEADER_FILL
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            cell = write_cell(sheet, r, col, value)
            if hasattr(value, "isoformat"):
                cell.number_format = DATE_FORMAT
    layout_table(sheet, header_row=1)
    return workbook_bytes(workbook)
