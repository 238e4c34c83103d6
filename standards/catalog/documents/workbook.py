"""The 事项清单 workbook (export): one sheet, a title, then one row per item with lists one per
line in the forms `textforms` reads back. Pure: rows of plain dicts -> .xlsx bytes."""

from qms.core.documents.xlsx import (
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    layout_table,
    new_workbook,
    workbook_bytes,
    write_cell,
)

from ..columns import COLUMNS

HEADER_ROW = 3


def render_items_workbook(*, title: str, subtitle: str, rows: list[dict]) -> bytes:
    workbook = new_workbook()
    ws = workbook.create_sheet("事项清单")
    write_cell(ws, 1, 1, title, font=TITLE_FONT, border=False, alignment=None)
    write_cell(ws, 2, 1, subtitle, border=False, alignment=None)
    for col, (_key, header, _aliases) in enumerate(COLUMNS, start=1):
        write_cell(ws, HEADER_ROW, col, header, font=HEADER_FONT).fill = HEADER_FILL
    for index, row in enumerate(rows, start=HEADER_ROW + 1):
        for col, (key, _header, _aliases) in enumerate(COLUMNS, start=1):
            write_cell(ws, index, col, row.get(key, ""))
    layout_table(ws, header_row=HEADER_ROW)
    return workbook_bytes(workbook)


def render_generation_report(*, title: str, rows: list[tuple]) -> bytes:
    """The bulk generation's result: one row per item (code, name, department, number, outcome, error)."""
    workbook = new_workbook()
    ws = workbook.create_sheet("生成结果")
    write_cell(ws, 1, 1, title, font=TITLE_FONT, border=False, alignment=None)
    header = ["事项编码", "事项名称", "部门", "标准编号", "版本状态", "结果", "说明"]
    for col, text in enumerate(header, start=1):
        write_cell(ws, 2, col, text, font=HEADER_FONT).fill = HEADER_FILL
    for index, row in enumerate(rows, start=3):
        for col, value in enumerate(row, start=1):
            write_cell(ws, index, col, value)
    layout_table(ws, header_row=2)
    return workbook_bytes(workbook)
