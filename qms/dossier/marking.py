"""Marks of a dossier's files: 草稿 on every page of every file of a draft dossier (a line at the
top of every Word header, the left header of every worksheet), and the check that no
【请补充】 placeholder is left in a final dossier's documents. Pure: bytes in, bytes out."""

import datetime as dt
import io
import re
import zipfile

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import RGBColor
from openpyxl import load_workbook

from qms.assessment.documents.stable import stable_zip
from qms.assessment.narratives import PLACEHOLDER
from qms.core.documents.docx import set_run_font

DRAFT_MARK = "草稿 · 仅供检查，不作为正式申报材料"
TAG = re.compile(r"<[^>]+>")


def _mark_header(header) -> None:
    paragraph = header.paragraphs[0].insert_paragraph_before() if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(DRAFT_MARK)
    set_run_font(run, size=10.5, bold=True)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def mark_docx(data: bytes) -> bytes:
    document = Document(io.BytesIO(data))
    for index, section in enumerate(document.sections):
        headers = [section.header, section.first_page_header, section.even_page_header]
        for header in headers:
            if index == 0 or not header.is_linked_to_previous:
                _mark_header(header)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mark_xlsx(data: bytes) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for header in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
            header.left.text = DRAFT_MARK
            header.left.size = 10
            header.left.color = "C00000"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def mark_draft(filename: str, data: bytes, *, as_of: dt.date) -> bytes:
    """The file with 草稿 on every page; the same data still gives the same bytes."""
    if filename.endswith(".docx"):
        return stable_zip(mark_docx(data), as_of=as_of)
    if filename.endswith(".xlsx"):
        return stable_zip(mark_xlsx(data), as_of=as_of)
    return data


def placeholders_in(filename: str, data: bytes) -> bool:
    """Whether an Office file's text still holds a 【请补充】 placeholder."""
    if not filename.endswith((".docx", ".xlsx")):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") and PLACEHOLDER in TAG.sub("", archive.read(name).decode()):
                return True
    return False
