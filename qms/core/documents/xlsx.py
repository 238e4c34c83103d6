"""openpyxl helpers: CJK fonts, borders, print setup, and injection-safe cell values."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .clean import XLSX_CELL_MAX, office_text

CJK_FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FONT = Font(name="黑体", size=10.5, bold=True)
BODY_FONT = Font(name=CJK_FONT, size=10)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
GROUP_FILL = PatternFill("solid", fgColor="E8EEF7")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
FORMULA_PREFIXES = ("=", "+", "-", "@")


def write_cell(ws, row: int, column: int, value, *, font=BODY_FONT, border=True, alignment=WRAP):
    """Write one cell; strings are cleaned for XML (see `clean.office_text`) and those starting
    with = + - @ are stored as text, never as formulas."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        value = office_text(value, limit=XLSX_CELL_MAX)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    cell.font = font
    if border:
        cell.border = BORDER
    if alignment is not None:
        cell.alignment = alignment
    return cell


def set_widths(ws, widths: list[float]):
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def print_setup(ws, *, landscape: bool = True, header_row: int | None = None, fit_width: bool = True):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    if header_row:
        ws.print_title_rows = f"{header_row}:{header_row}"
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
