"""意见汇总处理表: the comment summary and disposition table of a consultation, in Word and Excel.
Context: `selectors.consultation_summary_context`."""

from qms.core.documents.docx import add_paragraph, add_table, document_bytes, new_document
from qms.core.documents.xlsx import (
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    layout_table,
    new_workbook,
    workbook_bytes,
    write_cell,
)

TITLE = "标准征求意见稿意见汇总处理表"
HEADER = ["序号", "章条编号", "原文", "意见内容", "提出单位/人", "处理意见", "处理说明"]
WIDTHS_CM = [1.2, 2.0, 4.5, 6.0, 3.2, 2.0, 5.5]


def _row(r: dict) -> list[str]:
    who = "／".join(x for x in (r["department"], r["author"]) if x)
    return [str(r["seq"]), r["clause"], r["quote"], r["text"], who, r["disposition"] or "未处理", r["reason"]]


def _summary_line(context: dict) -> str:
    counts = context["counts"]
    return (f"共收到意见 {context['total']} 条，其中采纳 {counts['采纳']} 条，部分采纳 {counts['部分采纳']} 条，"
            f"不采纳 {counts['不采纳']} 条，未处理 {context['pending']} 条。")


def _meta_lines(context: dict) -> list[str]:
    return [
        f"标准名称：{context['title']}    标准编号：{context['number']}",
        f"征求意见时间：{context['opened']}至{context['deadline']}    征求对象：{context['asked'] or '—'}",
    ]


def build_comment_summary_docx(context: dict) -> bytes:
    document = new_document(landscape=True, header_text=context["organisation"])
    add_paragraph(document, TITLE, size=16, bold=True, align="center", east_asian="黑体")
    for line in _meta_lines(context):
        add_paragraph(document, line)
    add_table(document, HEADER, [_row(r) for r in context["rows"]], widths_cm=WIDTHS_CM)
    add_paragraph(document, _summary_line(context))
    add_paragraph(document, "填表人：                    审核人：                    日期：")
    return document_bytes(document)


def build_comment_summary_xlsx(context: dict) -> bytes:
    workbook = new_workbook()
    ws = workbook.create_sheet("意见汇总处理表")
    last_col = len(HEADER)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    write_cell(ws, 1, 1, TITLE, font=TITLE_FONT, border=False, alignment=CENTER)
    for offset, line in enumerate(_meta_lines(context), start=2):
        ws.merge_cells(start_row=offset, start_column=1, end_row=offset, end_column=last_col)
        write_cell(ws, offset, 1, line, border=False)
    header_row = 4
    for col, text in enumerate(HEADER, start=1):
        cell = write_cell(ws, header_row, col, text, font=HEADER_FONT, alignment=CENTER)
        cell.fill = HEADER_FILL
    row = header_row
    for row, record in enumerate(context["rows"], start=header_row + 1):
        for col, value in enumerate(_row(record), start=1):
            write_cell(ws, row, col, value)
    ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=last_col)
    write_cell(ws, row + 1, 1, _summary_line(context), border=False)
    layout_table(ws, header_row=header_row)
    return workbook_bytes(workbook)
