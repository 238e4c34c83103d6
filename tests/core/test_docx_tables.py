"""`add_table` copies its first plain row instead of asking python-docx for every row (issue 17):
the table's XML is the same as python-docx's row-by-row path writes, with and without widths,
merged heading rows, short and long rows."""

import io
import zipfile

import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from qms.core.documents import docx as helpers

HEADER = ["序号", "标准编号", "标准名称", "实施日期", "部门", "备注"]
ROWS = [[f"{r}-{c} 窗口服务规范" for c in range(6 if r % 3 else 4)] + ([None] if r == 4 else []) for r in range(12)]


def _row_by_row(document, header, rows, *, widths_cm=None, font_size=9, group_rows=None):
    """The table as python-docx builds it one row and one cell at a time."""
    table = document.add_table(rows=1, cols=len(header))
    table._tbl.tblStyle_val = helpers.style_id(document, "Table Grid", WD_STYLE_TYPE.TABLE)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        helpers.add_text(cell.paragraphs[0], text, east_asian=helpers.HEADING_FONT, size=font_size, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    helpers.repeat_header_row(table.rows[0])
    for index, values in enumerate(rows):
        row = table.add_row()
        helpers.keep_row_together(row)
        cells = row.cells
        if index in (group_rows or set()):
            merged = cells[0].merge(cells[-1])
            helpers.add_text(merged.paragraphs[0], values[0], east_asian=helpers.HEADING_FONT, size=font_size,
                             bold=True)
            continue
        for cell, value in zip(cells, values, strict=False):
            helpers.add_text(cell.paragraphs[0], value, size=font_size)
    if widths_cm:
        table.autofit = False
        for column, width in zip(table.columns, widths_cm, strict=False):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=False):
                cell.width = Cm(width)
    return table


def _document_xml(add) -> bytes:
    document = helpers.new_document()
    add(document)
    helpers.add_paragraph(document, "表后正文")
    return zipfile.ZipFile(io.BytesIO(helpers.document_bytes(document))).read("word/document.xml")


@pytest.mark.parametrize("options", [
    {},
    {"widths_cm": [1.2, 3.5, 5, 2.2, 2.5, 2.6]},
    {"widths_cm": [2, 2]},
    {"group_rows": {0, 3}},
    {"group_rows": {2, 11}, "widths_cm": [1, 1, 1, 1, 1, 1], "font_size": 10.5},
])
def test_copied_rows_write_what_python_docx_writes_row_by_row(options):
    fast = _document_xml(lambda document: helpers.add_table(document, HEADER, ROWS, **options))
    slow = _document_xml(lambda document: _row_by_row(document, HEADER, ROWS, **options))
    assert "4-5 窗口服务规范".encode() in fast
    assert fast == slow


def test_each_row_has_its_own_text():
    document = helpers.new_document()
    table = helpers.add_table(document, HEADER, ROWS)
    assert [row.cells[1].text for row in table.rows[1:]] == [row[1] for row in ROWS]


def test_a_table_copied_from_an_earlier_document_writes_what_python_docx_writes():
    """The header row and the plain row are made by python-docx once per header, widths and page
    width, then copied: a second table in the same and in another document is still the same XML."""
    def twice(add):
        return [_document_xml(lambda document: (add(document), add(document))) for _ in range(2)]

    options = {"widths_cm": [1.5, 3, 5, 2, 2, 3], "font_size": 9.5}
    fast = twice(lambda document: helpers.add_table(document, HEADER, ROWS, **options))
    slow = twice(lambda document: _row_by_row(document, HEADER, ROWS, **options))
    assert fast == slow


def test_a_landscape_page_gets_its_own_table_grid():
    def both(add):
        portrait = helpers.new_document()
        landscape = helpers.new_document(landscape=True)
        for document in (portrait, landscape):
            add(document)
        return [zipfile.ZipFile(io.BytesIO(helpers.document_bytes(d))).read("word/document.xml")
                for d in (portrait, landscape)]

    fast = both(lambda document: helpers.add_table(document, HEADER[:3], [r[:3] for r in ROWS]))
    slow = both(lambda document: _row_by_row(document, HEADER[:3], [r[:3] for r in ROWS]))
    assert fast == slow
    assert fast[0] != fast[1]
