"""The standard-system table as an Excel workbook: one sheet per part (cover and 编制说明,
structure chart, detail table, statistics), print-ready: A4 landscape, the header row repeated
on every page, frozen panes, borders, CJK fonts, column widths for Chinese text. Figures are
values computed by the program (never formulas); user text starting with = + - @ is text."""

from copy import copy

from openpyxl.styles import Alignment, Font

from qms.core.documents.xlsx import (
    BODY_FONT,
    CENTER,
    FORMULA_PREFIXES,
    GROUP_FILL,
    HEADER_FILL,
    HEADER_FONT,
    TITLE_FONT,
    WRAP,
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
CENTERED_KEYS = {"seq", "code", "level", "effective_on"}


def build_system_table_xlsx(context) -> bytes:
    workbook = new_workbook()
    _cover_sheet(workbook.create_sheet("封面及编制说明"), context)
    _chart_sheet(workbook.create_sheet("体系结构图"), context)
    _detail_sheet(workbook.create_sheet("标准明细表"), context)
    _stats_sheet(workbook.create_sheet("标准统计表"), context)
    return workbook_bytes(workbook)


def _merged_text(ws, row: int, text: str, *, width: int, font=NOTE_FONT, alignment=LEFT, height=None):
    write_cell(ws, row, 1, text, font=font, border=False, alignment=alignment)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    if height:
        ws.row_dimensions[row].height = height


def _cover_sheet(ws, context):
    width = 8
    set_widths(ws, [14] * width)
    _merged_text(ws, 2, context.organisation, width=width, font=TITLE_FONT, alignment=CENTER, height=30)
    _merged_text(ws, 4, context.title, width=width, font=Font(name="黑体", size=26, bold=True),
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
    for col in range(column, column + span):
        write_cell(ws, row, col, text if col == column else None, font=font, alignment=alignment)
    if span > 1:
        ws.merge_cells(start_row=row, start_column=column, end_row=row, end_column=column + span - 1)
    if height:
        ws.row_dimensions[row].height = height


def _detail_sheet(ws, context):
    columns = context.columns
    width = len(columns)
    set_widths(ws, [c.width for c in columns])
    _merged_text(ws, 1, "标准明细表", width=width, font=TITLE_FONT, alignment=CENTER, height=28)
    _merged_text(ws, 2, f"{context.organisation}    范围：{context.scope_label}    时点：{context.date_label}",
                 width=width, height=18)
    header_row = 3
    for index, column in enumerate(columns, start=1):
        cell = write_cell(ws, header_row, index, column.label, font=HEADER_FONT, alignment=CENTER)
        cell.fill = HEADER_FILL
    prototypes = _prototypes(ws, columns)
    row = header_row + 1
    for group in context.groups:
        _group_row(ws, row, group.heading, width, prototypes["group"])
        row += 1
        for item in group.rows:
            for index, column in enumerate(columns, start=1):
                _fast_cell(ws, row, index, item.values[column.key], prototypes[column.key])
            row += 1
    print_setup(ws, header_row=header_row)


def _prototypes(ws, columns) -> dict:
    """Styled cells (off-sheet) whose style arrays are copied to each body cell: assigning
    font, border and alignment objects per cell costs a style lookup each time."""
    scratch = ws.parent.create_sheet("_styles")
    styles = {}
    for index, column in enumerate(columns, start=1):
        alignment = CENTER if column.key in CENTERED_KEYS else WRAP
        cell = write_cell(scratch, 1, index, None, alignment=alignment)
        if column.key == "effective_on":
            cell.number_format = DATE_FORMAT
        styles[column.key] = cell._style
    group = write_cell(scratch, 2, 1, None, font=HEADER_FONT, alignment=LEFT)
    group.fill = GROUP_FILL
    styles["group"] = group._style
    ws.parent.remove(scratch)
    return styles


def _fast_cell(ws, row, column, value, style):
    cell = ws.cell(row=row, column=column)
    if value is not None and value != "":
        cell.value = value
        if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
    cell._style = copy(style)
    return cell


def _group_row(ws, row, text, width, style):
    for column in range(1, width + 1):
        _fast_cell(ws, row, column, text if column == 1 else None, style)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


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
        write_cell(ws, row, index, text, font=HEADER_FONT, alignment=CENTER).fill = HEADER_FILL
    for stat in stats:
        row += 1
        font = HEADER_FONT if stat.is_total or (bold_top and stat.depth == 0) else BODY_FONT
        label = ("    " * stat.depth) + stat.label
        write_cell(ws, row, 1, label, font=font, alignment=LEFT)
        write_cell(ws, row, 2, stat.expected, font=font, alignment=CENTER)
        write_cell(ws, row, 3, stat.existing, font=font, alignment=CENTER)
        ratio = stat.share if share else stat.ratio
        cell = write_cell(ws, row, 4, ratio if ratio is not None else "—", font=font, alignment=CENTER)
        cell.number_format = PERCENT_FORMAT
    return row + 1

