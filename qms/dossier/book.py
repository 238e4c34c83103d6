"""The standards book (标准汇编): every in-force in-house standard's text in one .docx, with a
cover, a table of contents field, each standard on a new page under its own heading, and page
numbers in the footer throughout.

Pure renderer: `standards_book_docx(context) -> bytes`. Paragraphs are inserted before a
sentinel paragraph, because python-docx's add_paragraph scans the whole body on every call
(quadratic: tens of thousands of paragraphs would take half a minute). The TOC field carries
the standards' headings as its current result, so the list reads correctly even where no
office suite refreshes fields (LibreOffice's PDF export); Word refreshes it, page numbers
included, on opening."""

import copy
import re

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qms.assessment.documents.fixed import stamp_properties
from qms.assessment.documents.stable import stable_zip
from qms.core.documents.clean import office_text
from qms.core.documents.docx import (
    HEADING_FONT,
    add_page_break,
    add_paragraph,
    document_bytes,
    new_document,
    set_run_font,
)

CLAUSE_RE = re.compile(r"^(\d+(\.\d+)*|附录\s*[A-Z])\s+\S")


def clean(text: str) -> str:
    return office_text(text or "")


class _Writer:
    """Appends paragraphs before the sentinel, copying prepared paragraph prototypes."""

    def __init__(self, document):
        self.document = document
        self.sentinel = document.add_paragraph()._p
        self.body = self._prototype(size=10.5)
        self.clause = self._prototype(size=10.5, bold=True, east_asian=HEADING_FONT)
        self.meta = self._prototype(size=9)
        self.heading = self._heading_prototype()

    def _prototype(self, **font):
        paragraph = self.document.add_paragraph()
        set_run_font(paragraph.add_run("x"), **font)
        element = paragraph._p
        element.getparent().remove(element)
        return element

    def _heading_prototype(self):
        paragraph = self.document.add_heading(level=1)
        set_run_font(paragraph.add_run("x"), east_asian=HEADING_FONT)
        paragraph.paragraph_format.page_break_before = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        element = paragraph._p
        element.getparent().remove(element)
        return element

    def add(self, prototype, text: str):
        element = copy.deepcopy(prototype)
        t = element.find(f"{qn('w:r')}/{qn('w:t')}")
        t.text = clean(text)
        t.set(qn("xml:space"), "preserve")
        self.sentinel.addprevious(element)

    def finish(self):
        self.sentinel.getparent().remove(self.sentinel)


def _fld(run, kind: str):
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._element.append(char)


def add_filled_toc(document, entries: list[str]):
    """A TOC field spanning one paragraph per entry; its result is the entries' text."""
    entries = entries or ["（无）"]
    for index, entry in enumerate(entries):
        paragraph = document.add_paragraph()
        if index == 0:
            run = paragraph.add_run()
            _fld(run, "begin")
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = ' TOC \\o "1-1" \\h \\z \\u '
            run._element.append(instr)
            _fld(run, "separate")
        set_run_font(paragraph.add_run(clean(entry)), size=10.5)
        if index == len(entries) - 1:
            _fld(paragraph.add_run(), "end")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)


def heading_text(standard: dict) -> str:
    return f"{standard['number']}  {standard['name']}".strip()


def standards_book_docx(context: dict, progress=None) -> bytes:
    """`context`: org, date, as_of, standards [{code, number, name, node, effective_on, paragraphs}]
    in table order. `progress(done, total)` is called as standards are written."""
    document = new_document(header_text=f"{context['org']}  标准汇编")
    _cover(document, context)
    add_paragraph(document, "目  录", size=16, bold=True, align="center", east_asian=HEADING_FONT)
    add_filled_toc(document, [heading_text(s) for s in context["standards"]])
    writer = _Writer(document)
    total = len(context["standards"])
    for index, standard in enumerate(context["standards"], start=1):
        writer.add(writer.heading, heading_text(standard))
        writer.add(writer.meta, f"体系表编号：{standard['code']}    体系节点：{standard['node']}    "
                                f"实施日期：{standard['effective_on'] or '—'}")
        paragraphs = standard["paragraphs"] or ["（本标准尚未上传正文文本。）"]
        for text in paragraphs:
            writer.add(writer.clause if CLAUSE_RE.match(text) else writer.body, text)
        if progress and (index % 20 == 0 or index == total):
            progress(index, total)
    writer.finish()
    stamp_properties(document.core_properties, as_of=context.get("as_of"), title="标准汇编")
    return stable_zip(document_bytes(document), as_of=context.get("as_of"))


def _cover(document, context):
    for _ in range(6):
        add_paragraph(document, "")
    add_paragraph(document, context["org"], size=18, bold=True, align="center", east_asian=HEADING_FONT)
    add_paragraph(document, "")
    add_paragraph(document, "标 准 汇 编", size=28, bold=True, align="center", east_asian=HEADING_FONT)
    add_paragraph(document, f"（现行自制标准 {len(context['standards'])} 项）", size=14, align="center")
    for _ in range(8):
        add_paragraph(document, "")
    add_paragraph(document, context["date"], size=14, align="center")
    add_page_break(document)
