"""openpyxl helpers: CJK fonts, borders, print setup, and injection-safe cell values.
`layout_table` is the one print set-up of a table sheet (see xlsx_layout.py)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from . import xlsx_layout
from .clean import XLSX_CELL_MAX, office_text

CJK_FONT = "宋体"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FONT = Font(name="黑体", size=10.5, bold=True)
BODY_FONT = Font(name=CJK_FONT, size=10)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
GROUP_FILL = PatternFill("solid", fgColor="E8EEF7")
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
DATE_FORMAT = 'yyyy"年"m"月"d"日"'  # dates for people; re-import columns keep yyyy-mm-dd
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


def layout_table(ws, *, header_row: int, columns: int | None = None, fixed: dict[int, float] | None = None,
                 repeat_columns: str = "A:A"):
    """Lay out a sheet whose table header is `header_row` (rows above it are titles): widths from
    the content (`fixed` {0-based column: width} overrides), wrapped cells with fitting heights,
    titles merged across the table, orientation by width, fit to width when the scale stays
    legible (else print across pages repeating `repeat_columns`), header repeated on each page."""
    columns = columns or ws.max_column
    natural = xlsx_layout.natural_widths(ws, first_row=header_row, columns=columns)
    widths, orientation, fit = xlsx_layout.plan_widths(natural, fixed)
    xlsx_layout.apply_widths(ws, widths)
    _merge_titles(ws, _first_page_columns(widths, fit))
    ws._layout_merged = None
    xlsx_layout.row_heights(ws, widths, first_row=1)
    print_setup(ws, landscape=orientation == "landscape", header_row=header_row, fit_width=fit)
    if not fit:
        ws.print_title_cols = repeat_columns
    return widths


def _first_page_columns(widths: list[float], fit: bool) -> int:
    if fit:
        return len(widths)
    total, count = 0.0, 0
    for width in widths:
        total += width
        if total > xlsx_layout.LANDSCAPE_UNITS:
            break
        count += 1
    return max(count, 1)


def _merge_titles(ws, columns: int):
    """Lines of text without borders (titles above the table, notes and signature lines below it)
    span the table's width (on the first page), wrapped."""
    merged_rows = {r.min_row for r in ws.merged_cells.ranges}
    for row in ws.iter_rows(min_row=1, max_col=columns):
        cell = row[0]
        if (cell.value is None or cell.row in merged_rows or columns < 2 or cell.border.left.style
                or any(other.value is not None for other in row[1:])):
            continue
        ws.merge_cells(start_row=cell.row, start_column=1, end_row=cell.row, end_column=columns)
        cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="center", wrap_text=True)


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
