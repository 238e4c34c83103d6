"""Helpers for tests that open generated documents as a user would."""

import io
import shutil

import pytest
from docx import Document

from qms.core.documents.docx import add_heading, add_paragraph, document_bytes, new_document
from qms.core.documents.office import convert_to_pdf, pdf_page_count

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice is not installed",
)


def docx_bytes(sections: dict[str, list[str]], title: str = "") -> bytes:
    """A small real .docx: a title, then headed sections of paragraphs."""
    document = new_document()
    if title:
        add_paragraph(document, title, size=16, bold=True, align="center")
    for heading, paragraphs in sections.items():
        add_heading(document, heading, level=1)
        for text in paragraphs:
            add_paragraph(document, text)
    return document_bytes(document)


def docx_all_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_pages_of(path) -> int:
    """Convert with LibreOffice headless and return the PDF's page count."""
    return pdf_page_count(convert_to_pdf(path))
