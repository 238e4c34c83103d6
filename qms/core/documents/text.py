"""Plain text out of uploaded documents, for search and text diffs."""

import io

from .docx import docx_text


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return "\n".join((page.extract_text() or "").strip() for page in reader.pages).strip()


def document_text(kind: str, data: bytes) -> str:
    if kind == "docx":
        return docx_text(data)
    if kind == "pdf":
        return pdf_text(data)
    return ""
