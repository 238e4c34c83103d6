"""The one cleaning step for Office files: control characters removed, lengths capped."""

import io

from docx import Document
from openpyxl import load_workbook

from qms.assessment.documents.fixed import render_fixed
from qms.core.documents.clean import XLSX_CELL_MAX, office_context, office_text
from qms.core.documents.docx import add_paragraph, add_table, document_bytes, new_document
from qms.core.documents.xlsx import new_workbook, workbook_bytes, write_cell


def test_office_text_removes_xml_illegal_characters_and_keeps_line_breaks():
    assert office_text("a\x0bb\x00c\x1f\ufffed\te\nf\r") == "abcd\te\nf\r"
    assert office_text(None) == "" and office_text(12) == "12"


def test_office_text_caps_length_and_marks_the_cut():
    text = office_text("字" * 40_000, limit=XLSX_CELL_MAX)
    assert len(text) == XLSX_CELL_MAX and text.endswith("（已截断）")


def test_writers_clean_every_string():
    workbook = new_workbook()
    sheet = workbook.create_sheet("s")
    write_cell(sheet, 1, 1, "x\x0by")
    write_cell(sheet, 2, 1, "z" * 40_000)
    read = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert read["A1"].value == "xy" and len(read["A2"].value) == XLSX_CELL_MAX
    document = new_document()
    add_paragraph(document, "段\x0b落")
    add_table(document, ["列\x01"], [["格\x1b"]])
    read = Document(io.BytesIO(document_bytes(document)))
    assert "段落" in [p.text for p in read.paragraphs]
    assert [c.text for c in read.tables[0].rows[1].cells] == ["格"]


def test_replaceable_templates_get_a_cleaned_context():
    assert office_context({"a": ["x\x0b", ("y\x0c",)], "n": 3}) == {"a": ["x", ("y",)], "n": 3}
    template = new_document()
    add_paragraph(template, "{{ name }}")
    rendered = render_fixed(document_bytes(template), {"name": "中心\x0b名称"})
    assert "中心名称" in [p.text for p in Document(io.BytesIO(rendered)).paragraphs]
