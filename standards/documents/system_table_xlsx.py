"""The standard-system table as an Excel workbook: one sheet per part (cover and 编制说明,
structure chart, detail table, statistics), print-ready: A4 landscape, the header row repeated
on every page, frozen panes, borders, CJK fonts, column widths for Chinese text. Figures are
values computed by the program (never formulas); user text starting with = + - @ is text."""

from copy import copy

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange

from qms.core.documents.xlsx import (
    BODY_FONT,
    CENTER,
    FORMULA_PREFIXES,
    GROUP_FILL,
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    WRAP,
    layout_table,
    new_workbook,
    print_setup,
    set_widths,
    workbook_bytes,
    write_cell,
)

DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
VERTICAL = Alignment(horizontal="center", vertical="top", text_rotation=255)  # stacked CJK text
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
NOTE_FONT = Font(name="宋体", size=10.5)
COVER_FONT = Font(name="黑体", size=26, bold=True)
CENTERED_KEYS = {"seq", "code", "level", "effective_on"}


def build_system_table_xlsx(context) -> bytes:
    workbook = new_workbook()
    workbook._style_cache = {}  # (font, alignment, border, fill, format) -> style array
    workbook._style_scratch = workbook.create_sheet("_styles")
    _cover_sheet(workbook.create_sheet("封面及编制说明"), context)
    _chart_sheet(workbook.create_sheet("体系结构图"), context)
    _detail_sheet(workbook.create_sheet("标准明细表"), context)
    _stats_sheet(workbook.create_sheet("标准统计表"), context)
    workbook.remove(workbook._style_scratch)
    return workbook_bytes(workbook)


def _style(ws, *, font=BODY_FONT, alignment=WRAP, border=True, fill=None, number_format=None):
    """The style array for this combination, made once per workbook on a scratch cell: assigning
    font, border and alignment objects to each cell costs a style lookup every time."""
    workbook = ws.parent
    key = (id(font), id(alignment), border, id(fill), number_format)
    if key not in workbook._style_cache:
        # A fresh scratch cell per style: a reused one would keep the previous style's fill.
        row = len(workbook._style_cache) + 1
        cell = write_cell(workbook._style_scratch, row, 1, None, font=font, border=border, alignment=alignment)
        if fill is not None:
            cell.fill = fill
        if number_format:
            cell.number_format = number_format
        workbook._style_cache[key] = copy(cell._style)
    return workbook._style_cache[key]


def _put(ws, row, column, value, **style):
    return _fast_cell(ws, row, column, value, _style(ws, **style))


def _merged_text(ws, row: int, text: str, *, width: int, font=NOTE_FONT, alignment=LEFT, height=None):
    _put(ws, row, 1, text, font=font, border=False, alignment=alignment)
    _merge(ws, row, 1, width)
    if height:
        ws.row_dimensions[row].height = height


def _cover_sheet(ws, context):
    width = 8
    set_widths(ws, [14] * width)
    _merged_text(ws, 2, context.organisation, width=width, font=TITLE_FONT, alignment=CENTER, height=30)
    _merged_text(ws, 4, context.title, width=width, font=COVER_FONT,
                 alignment=CENTER, height=48)
    lines = [f"范围：{context.scope_label}", f"时点：{context.date_label}", f"编制：{context.organisation}"]
    for offset, line in enumerate(lines):
        _merged_text(ws, 6 + offset, line, width=width, alignment=CENTER, height=20)
    _merged_text(ws, 11, "编制说明", width=width, font=HEADER_FONT, alignment=LEFT, height=22)
    for offset, paragraph in enumerate(context.explanation):
        _merged_text(ws, 12 + offset, f"{offset + 1}. {paragraph}", width=width,
                     height=15 * (1 + len(paragraph) // 55))
    print_setup(ws, header_row=None)


def _chart_sheet(ws, context):
    """Root box across the top, systems under it, sub-systems as vertical boxes, then counts."""
    leaves = [(box, child) for box in context.chart for child in (box.children or [None])]
    width = max(len(leaves), 1)
    set_widths(ws, [max(6.0, 120 / width)] * width)
    _merged_text(ws, 1, "体系结构图", width=width, font=TITLE_FONT, alignment=CENTER, height=28)
    _box(ws, 3, 1, width, f"{context.organisation}标准体系", font=HEADER_FONT, height=30)
    longest = max([len(child.name) for box, child in leaves if child] or [4])
    column = 1
    for box in context.chart:
        span = max(len(box.children), 1)
        _box(ws, 5, column, span, f"{box.code}\n{box.name}", font=HEADER_FONT, height=45)
        for child in box.children or [None]:
            shown = child or box
            _box(ws, 6, column, 1, child.code if child else "", height=18)
            _box(ws, 7, column, 1, child.name if child else "", alignment=VERTICAL, height=14 * longest + 12)
            _box(ws, 8, column, 1, f"{shown.existing}/{shown.expected}", height=18)
            column += 1
    _merged_text(ws, 10, "注：方框下方数字为“现有数/应有数”（现行标准数/列入本表的标准数）。", width=width)
    print_setup(ws, header_row=None)


def _box(ws, row, column, span, text, *, font=BODY_FONT, alignment=CENTER, height=None):
    _put(ws, row, column, text, font=font, alignment=alignment)
    _merge(ws, row, column, column + span - 1)
    if height:
        ws.row_dimensions[row].height = height


def _detail_sheet(ws, context):
    columns = context.columns
    width = len(columns)
    _merged_text(ws, 1, "标准明细表", width=width, font=TITLE_FONT, alignment=CENTER, height=28)
    _merged_text(ws, 2, f"{context.organisation}    范围：{context.scope_label}    时点：{context.date_label}",
                 width=width, height=18)
    header_row = 3
    for index, column in enumerate(columns, start=1):
        _put(ws, header_row, index, column.label, font=HEADER_FONT, alignment=CENTER, fill=HEADER_FILL)
    prototypes = _prototypes(ws, columns)
    row = header_row + 1
    for group in context.groups:
        _group_row(ws, row, group.heading, width, prototypes["group"])
        row += 1
        for item in group.rows:
            for index, column in enumerate(columns, start=1):
                _fast_cell(ws, row, index, item.values[column.key], prototypes[column.key])
            row += 1
    layout_table(ws, header_row=header_row, fixed=dict(enumerate(c.width for c in columns)))


def _prototypes(ws, columns) -> dict:
    styles = {column.key: _style(ws, alignment=CENTER if column.key in CENTERED_KEYS else WRAP,
                                 number_format=DATE_FORMAT if column.key == "effective_on" else None)
              for column in columns}
    styles["group"] = _style(ws, font=HEADER_FONT, alignment=LEFT, fill=GROUP_FILL)
    return styles


def _fast_cell(ws, row, column, value, style):
    """A body cell built directly with a copy of a prepared style (see `_prototypes`)."""
    cell = Cell(ws, row=row, column=column, value=None if value == "" else value, style_array=copy(style))
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"  # never a formula
    ws._cells[(row, column)] = cell
    return cell


def _group_row(ws, row, text, width, style):
    _fast_cell(ws, row, 1, text, style)
    _merge(ws, row, 1, width)


def _merge(ws, row: int, first: int, last: int):
    """Merge cells of one row. `ws.merge_cells` re-styles every edge cell through openpyxl's
    style lookups (a third of the export's time for a thousand rows); here the merge is
    registered directly and the covered cells carry the first cell's style (its borders)."""
    if last <= first:
        return
    ws.merged_cells.add(MergedCellRange(ws, f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}"))
    style = ws.cell(row=row, column=first)._style
    for column in range(first + 1, last + 1):
        covered = MergedCell(ws, row=row, column=column)
        covered._style = copy(style)
        ws._cells[(row, column)] = covered


def _stats_sheet(ws, context):
    set_widths(ws, [34, 12, 12, 16])
    _merged_text(ws, 1, "标准统计表", width=4, font=TITLE_FONT, alignment=CENTER, height=28)
    _merged_text(ws, 2, f"{context.organisation}    范围：{context.scope_label}    时点：{context.date_label}",
                 width=4, height=18)
    row = _stat_table(ws, 4, "一、按标准级别统计", ["标准级别", "应有数", "现有数", "现有数/应有数"],
                      context.stats_by_level)
    row = _stat_table(ws, row + 1, "二、按子体系统计", ["子体系", "应有数", "现有数", "现有数/应有数"],
                      context.stats_by_node, bold_top=True)
    _stat_table(ws, row + 1, "三、按标准来源统计", ["标准来源", "应有数", "现有数", "占现有数比例"],
                context.stats_by_origin, share=True)
    print_setup(ws, header_row=None)


def _stat_table(ws, row, title, header, stats, *, share=False, bold_top=False) -> int:
    _merged_text(ws, row, title, width=4, font=HEADER_FONT, height=20)
    row += 1
    for index, text in enumerate(header, start=1):
        _put(ws, row, index, text, font=HEADER_FONT, alignment=CENTER, fill=HEADER_FILL)
    for stat in stats:
        row += 1
        font = HEADER_FONT if stat.is_total or (bold_top and stat.depth == 0) else BODY_FONT
        label = ("    " * stat.depth) + stat.label
        _put(ws, row, 1, label, font=font, alignment=LEFT)
        _put(ws, row, 2, stat.expected, font=font, alignment=CENTER)
        _put(ws, row, 3, stat.existing, font=font, alignment=CENTER)
        ratio = stat.share if share else stat.ratio
        _put(ws, row, 4, ratio if ratio is not None else "—", font=font, alignment=CENTER,
             number_format=PERCENT_FORMAT)
    return row + 1

