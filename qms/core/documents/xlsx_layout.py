"""Print layout of a table sheet: column widths from the content, wrapped text with row heights
that fit it, A4 orientation chosen by the table's width, fit to the page width where the scale
stays legible, and the header rows repeated on every page.

Widths are in Excel character units (about 0.19 cm); measured in LibreOffice, a CJK character
of a 10 pt font takes about 1.5 units, a Latin character about 0.85. Heights are in points; the Chinese faces a
machine substitutes (Noto CJK) need about 1.45 em per line."""

import math
import unicodedata
from copy import copy

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

PORTRAIT_UNITS = 95.0  # A4 portrait width inside 1.27 cm margins
LANDSCAPE_UNITS = 140.0  # A4 landscape
MIN_SCALE = 0.6  # below this, print across pages instead of shrinking
MIN_COLUMN, MAX_COLUMN, FLOOR_COLUMN = 5.0, 40.0, 14.0
LINE_EM, ROW_PADDING = 1.5, 4.0


def text_units(text: str, size: float = 10.0) -> float:
    """Width of one line of `text` in column units at `size` points."""
    wide = sum(1 for ch in text if unicodedata.east_asian_width(ch) in "WF")
    return (wide * 0.15 + (len(text) - wide) * 0.085) * size


def cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return "2026年12月31日" if "年" in (cell.number_format or "") else "2026-12-31"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _size(cell) -> float:
    return float(cell.font.sz or 10) if cell.font is not None else 10.0


def line_count(text: str, width: float, size: float) -> int:
    """Lines a wrapped cell of `width` units needs (words and punctuation wrap less tightly: +10 %)."""
    usable = max(width - 1.5, 1.0)
    return sum(max(1, math.ceil(text_units(part, size) * 1.1 / usable)) for part in text.split("\n"))


def natural_widths(ws, *, first_row: int, columns: int) -> list[float]:
    widths = [MIN_COLUMN] * columns
    for row in ws.iter_rows(min_row=first_row, max_col=columns):
        for index, cell in enumerate(row):
            if isinstance(cell, MergedCell) or cell.value is None or cell.coordinate in _merged_starts(ws):
                continue
            longest = max(text_units(part, _size(cell)) for part in cell_text(cell).split("\n"))
            widths[index] = max(widths[index], min(longest + 2.0, MAX_COLUMN))
    return widths


def _merged_starts(ws) -> set[str]:
    cached = getattr(ws, "_layout_merged", None)
    if cached is None:
        cached = ws._layout_merged = {r.start_cell.coordinate for r in ws.merged_cells.ranges if r.min_col != r.max_col}
    return cached


def capped(widths: list[float], total: float) -> list[float]:
    """Narrow the widest columns (not below FLOOR_COLUMN) until the sum is at most `total`."""
    if sum(widths) <= total:
        return widths
    low, high = FLOOR_COLUMN, max(widths)
    for _ in range(30):
        middle = (low + high) / 2
        if sum(min(w, middle) for w in widths) > total:
            high = middle
        else:
            low = middle
    return [min(w, low) for w in widths]


def plan_widths(natural: list[float], fixed: dict[int, float] | None = None) -> tuple[list[float], str, bool]:
    """(widths, orientation, fit to width) for a table whose columns want `natural` widths."""
    widths = [fixed.get(i, w) for i, w in enumerate(natural)] if fixed else list(natural)
    if sum(widths) <= PORTRAIT_UNITS:
        return widths, "portrait", True
    widths = capped(widths, LANDSCAPE_UNITS / MIN_SCALE)
    return widths, "landscape", sum(widths) <= LANDSCAPE_UNITS / MIN_SCALE + 0.5


def wrap_cell(cell, wrapped: dict[int, int] | None = None) -> None:
    """Wrap the cell's text (vertically centred unless aligned otherwise). `wrapped`: for the
    cells of one workbook, which alignment (by its index in the workbook's styles) each one
    becomes wrapped, so the few alignments a table uses are copied and looked up once."""
    if wrapped is not None and cell._style.alignmentId in wrapped:
        cell._style.alignmentId = wrapped[cell._style.alignmentId]
        return
    before = cell._style.alignmentId
    alignment = copy(cell.alignment)
    if not alignment.wrap_text:
        alignment.wrap_text = True
        alignment.vertical = alignment.vertical or "center"
        cell.alignment = alignment
    if wrapped is not None:
        wrapped[before] = cell._style.alignmentId


def span_width(ws, cell, widths: list[float]) -> float:
    for merged in ws.merged_cells.ranges:
        if merged.min_row == cell.row and merged.min_col == cell.column:
            return sum(widths[merged.min_col - 1:merged.max_col])
    return widths[cell.column - 1]


def row_heights(ws, widths: list[float], *, first_row: int) -> None:
    """Wrap every cell from `first_row` on and give each row the height its longest cell needs."""
    starts, wrapped = _merged_starts(ws), {}
    for row in ws.iter_rows(min_row=first_row, max_col=len(widths)):
        height = 0.0
        for cell in row:
            if isinstance(cell, MergedCell) or cell.value is None:
                continue
            wrap_cell(cell, wrapped)
            size = _size(cell)
            width = span_width(ws, cell, widths) if cell.coordinate in starts else widths[cell.column - 1]
            height = max(height, line_count(cell_text(cell), width, size) * size * LINE_EM + ROW_PADDING)
        if height:
            ws.row_dimensions[row[0].row].height = round(max(height, 15.0), 1)


def apply_widths(ws, widths: list[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(width, 1)
