"""The standard-system table as a Word document: cover, 编制说明, the structure chart drawn as
a table (boxes with borders, sub-systems as vertical text: legible in print, no image server),
the detail table with its header row repeated on every page, and the statistics tables.
East Asian fonts are set on every run (see qms.core.documents.docx); page numbers in the footer.

The detail table may have thousands of rows: each row is a copy of a prepared row element with
its texts filled in, which is linear (python-docx's per-cell API is not)."""

import datetime as dt
from copy import deepcopy

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from qms.core.documents.docx import (
    HEADING_FONT,
    add_heading,
    add_page_break,
    add_paragraph,
    add_table,
    add_text,
    document_bytes,
    new_document,
    repeat_header_row,
    set_run_font,
)

PAGE_WIDTH_CM = 25.0  # A4 landscape less margins
CENTERED_KEYS = {"seq", "code", "level", "effective_on"}
BODY_SIZE = 9
GROUP_SHADE = "E8EEF7"


def as_text(value) -> str:
    """Dates as YYYY-MM-DD, nothing as ''."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def build_system_table_docx(context) -> bytes:
    document = new_document(landscape=True, header_text=f"{context.organisation} · {context.title}")
    _cover(document, context)
    add_page_break(document)
    add_heading(document, "编制说明", level=1)
    for index, paragraph in enumerate(context.explanation, start=1):
        add_paragraph(document, f"{index}. {paragraph}", size=12)
    add_page_break(document)
    add_heading(document, "体系结构图", level=1)
    _chart(document, context)
    add_paragraph(document, "注：方框下方数字为“现有数/应有数”（现行标准数/列入本表的标准数）。", size=9)
    add_page_break(document)
    add_heading(document, "标准明细表", level=1)
    add_paragraph(document, _info(context), size=10)
    _detail_table(document, context)
    add_page_break(document)
    _statistics(document, context)
    return document_bytes(document)


def _info(context) -> str:
    return f"{context.organisation}    范围：{context.scope_label}    时点：{context.date_label}"


def _cover(document, context):
    for _blank in range(3):
        add_paragraph(document)
    add_paragraph(document, context.organisation, size=22, bold=True, align="center", east_asian=HEADING_FONT)
    add_paragraph(document)
    add_paragraph(document, context.title, size=36, bold=True, align="center", east_asian=HEADING_FONT)
    add_paragraph(document)
    for line in (f"范围：{context.scope_label}", f"时点：{context.date_label}", f"编制：{context.organisation}"):
        add_paragraph(document, line, size=16, align="center")


# -- structure chart -------------------------------------------------------------------------

def _chart(document, context):
    leaves = [(box, child) for box in context.chart for child in (box.children or [None])]
    width = max(len(leaves), 1)
    table = document.add_table(rows=4, cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cells = [list(row.cells) for row in table.rows]
    _chart_box(cells[0][0].merge(cells[0][-1]) if width > 1 else cells[0][0],
               f"{context.organisation}标准体系", bold=True, size=14)
    column = 0
    for box in context.chart:
        span = max(len(box.children), 1)
        top = cells[1][column] if span == 1 else cells[1][column].merge(cells[1][column + span - 1])
        _chart_box(top, f"{box.code} {box.name}", bold=True, size=11)
        for child in box.children or [None]:
            if child is not None:
                _chart_box(cells[2][column], f"{child.code} {child.name}", size=10)
                _vertical(cells[2][column])
            shown = child or box
            counts = f"{shown.existing}/{shown.expected}"
            if len(counts) > 5:  # "150/150" does not fit a narrow column: broken after the slash, not inside a number
                counts = f"{shown.existing}/\n{shown.expected}"
            _chart_box(cells[3][column], counts, size=9)
            column += 1
    _fixed_grid(table, [PAGE_WIDTH_CM / width] * width)
    _row_height(table.rows[0], 1.2)
    _row_height(table.rows[1], 1.6)
    _row_height(table.rows[2], 5.0)
    for row in table.rows:
        for cell in row.cells:
            cell.width = Cm(PAGE_WIDTH_CM / width)


def _chart_box(cell, text, *, bold=False, size=10):
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(para, text, east_asian=HEADING_FONT if bold else "宋体", size=size, bold=bold)
    _valign(cell)


def _vertical(cell):
    direction = OxmlElement("w:textDirection")
    direction.set(qn("w:val"), "tbRl")
    cell._tc.get_or_add_tcPr().append(direction)


def _valign(cell):
    valign = OxmlElement("w:vAlign")
    valign.set(qn("w:val"), "center")
    cell._tc.get_or_add_tcPr().append(valign)


def _fixed_grid(table, widths_cm):
    """Column widths in the table grid (what Word and LibreOffice lay out by), fixed layout."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)


def _row_height(row, cm):
    row.height = Cm(cm)


# -- detail table ----------------------------------------------------------------------------

def _widths(columns) -> list[float]:
    total = sum(c.width for c in columns)
    return [PAGE_WIDTH_CM * c.width / total for c in columns]


def _detail_table(document, context):
    columns = context.columns
    widths = _widths(columns)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_grid(table, widths)
    for cell, column, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = Cm(width)
        para = cell.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(para.add_run(column.label), east_asian=HEADING_FONT, size=BODY_SIZE, bold=True)
    repeat_header_row(table.rows[0])
    body_row = _prototype_body(table, columns, widths)
    group_row = _prototype_group(table, len(columns), widths)
    tbl = table._tbl
    for group in context.groups:
        tbl.append(_filled(group_row, [group.heading]))
        for item in group.rows:
            tbl.append(_filled(body_row, [as_text(item.values[c.key]) for c in columns]))
    return table


def _prototype_body(table, columns, widths):
    row = table.add_row()
    for cell, column, width in zip(row.cells, columns, widths, strict=True):
        cell.width = Cm(width)
        para = cell.paragraphs[0]
        if column.key in CENTERED_KEYS:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run_font(para.add_run("x"), size=BODY_SIZE)
        _valign(cell)
    return _detach(row)


def _prototype_group(table, count, widths):
    row = table.add_row()
    cells = row.cells
    for cell, width in zip(cells, widths, strict=True):
        cell.width = Cm(width)
    merged = cells[0].merge(cells[-1]) if count > 1 else cells[0]
    set_run_font(merged.paragraphs[0].add_run("x"), east_asian=HEADING_FONT, size=BODY_SIZE, bold=True)
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), GROUP_SHADE)
    merged._tc.get_or_add_tcPr().append(shade)
    keep = OxmlElement("w:keepNext")
    merged.paragraphs[0]._p.get_or_add_pPr().append(keep)
    return _detach(row)


def _detach(row):
    tr = row._tr
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    tr.getparent().remove(tr)
    for t in tr.iter(qn("w:t")):
        t.set(qn("xml:space"), "preserve")
    return tr


def _filled(prototype, texts):
    tr = deepcopy(prototype)
    for t, text in zip(tr.iter(qn("w:t")), texts, strict=True):
        t.text = text
    return tr


# -- statistics ------------------------------------------------------------------------------

def _statistics(document, context):
    add_heading(document, "标准统计表", level=1)
    add_paragraph(document, _info(context), size=10)
    header = ["应有数", "现有数", "现有数/应有数"]
    _stat_table(document, "一、按标准级别统计", ["标准级别", *header], context.stats_by_level)
    _stat_table(document, "二、按子体系统计", ["子体系", *header], context.stats_by_node)
    _stat_table(document, "三、按标准来源统计", ["标准来源", "应有数", "现有数", "占现有数比例"],
                context.stats_by_origin, share=True)


def _stat_table(document, title, header, stats, *, share=False):
    add_heading(document, title, level=2)
    rows = [["　" * s.depth + s.label, s.expected, s.existing, s.share_percent if share else s.percent]
            for s in stats]
    table = add_table(document, header, rows, widths_cm=[10, 4, 4, 5], font_size=10.5)
    _fixed_grid(table, [10, 4, 4, 5])
    for row in table.rows[1:]:
        for cell in row.cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
