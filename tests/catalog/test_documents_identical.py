"""The fast document paths (issue 13: a thousand procedure standards in a batch) write what
python-docx's own path writes: every part of the procedure standard and the notice is the same,
byte for byte, in the same order, and the text read back is the same."""

import copy
import io
import zipfile

import pytest
from docx import Document
from docx.text.paragraph import Paragraph

from qms.core.documents import docx as docx_helpers
from qms.core.documents import gbt11
from qms.core.documents.text import document_text
from standards.catalog.documents import procedure
from standards.catalog.documents.notice import render_notice
from standards.catalog.documents.procedure import render_procedure_standard
from standards.catalog.selectors import item_document_context

from .helpers import make_item

pytestmark = pytest.mark.django_db


def _parts(data: bytes) -> list[tuple[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(name, archive.read(name)) for name in archive.namelist()]


def _python_docx_path(monkeypatch):
    """Every document built from scratch, every style looked up, every paragraph, run and table
    built and every paragraph's text read by python-docx."""
    monkeypatch.setattr(docx_helpers, "_fresh_document", docx_helpers._prepared_document)
    monkeypatch.setattr(docx_helpers, "blank_page", docx_helpers.python_docx_page)
    monkeypatch.setattr(docx_helpers, "style_id", lambda document, name, style_type=docx_helpers.WD_STYLE_TYPE.PARAGRAPH:
                        document.part.get_style_id(name, style_type))
    slow = docx_helpers._set_run_font

    def set_run_font(run, *, east_asian=docx_helpers.BODY_FONT, size=None, bold=None):
        return slow(run, east_asian=east_asian, size=size, bold=bold)

    monkeypatch.setattr(docx_helpers, "set_run_font", set_run_font)

    def append_run(paragraph, text, **font):  # python-docx parses the text into the run
        return set_run_font(paragraph.add_run(text), **font)

    def paragraph_like(document, template):  # python-docx adds the paragraph, then its properties
        paragraph = document.add_paragraph()
        paragraph._p.extend(copy.deepcopy(child) for child in template)
        return paragraph

    for module in (docx_helpers, gbt11, procedure):
        for name, slow_path in (("append_run", append_run), ("paragraph_like", paragraph_like)):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, slow_path)
    monkeypatch.setattr(docx_helpers, "table_head", docx_helpers.python_docx_table_head)  # every table by python-docx
    monkeypatch.setattr(docx_helpers, "paragraph_text", lambda p: Paragraph(p, None).text)


@pytest.fixture
def contexts(office_user, departments):
    items = [
        make_item(office_user, departments["market"], fees=[{"name": "工本费", "standard": "每证10元",
                                                              "basis": "《行政事业性收费项目目录》"}],
                  conditions="申请人为依法设立的企业\n有固定经营场所"),
        make_item(office_user, departments["tax"], name="增值税发票领用", materials=[], promised_limit=0,
                  statutory_limit=0, steps=[{"name": "受理", "description": "当场办结", "responsible": "综合受理岗",
                                             "time_limit": 0}]),
    ]
    return [item_document_context(item, number=f"Q/XZFW 302.0{n}-2026") for n, item in enumerate(items, start=1)]


@pytest.mark.parametrize("render", [render_procedure_standard, render_notice])
def test_fast_paths_write_the_same_parts_and_text(render, contexts, monkeypatch):
    fast = [render(context) for context in contexts]
    with monkeypatch.context() as patch:
        _python_docx_path(patch)
        reference = [render(context) for context in contexts]
    for ours, theirs in zip(fast, reference, strict=True):
        assert _parts(ours) == _parts(theirs)
        text = document_text("docx", ours)
        full = Document(io.BytesIO(ours))
        lines = [p.text for p in full.paragraphs] + ["\t".join(c.text for c in row.cells)
                                                      for table in full.tables for row in table.rows]
        assert text == "\n".join(line for line in lines if line.strip())
        assert "办理" in text


def test_text_of_a_file_that_is_not_a_word_document_is_refused_as_before():
    with pytest.raises(Exception):  # noqa: B017 (python-docx's own error, as before)
        document_text("docx", b"not a zip")
