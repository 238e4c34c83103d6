"""The standards book (标准汇编): every in-force in-house standard bound in the form GB/T 1.1-2020
gives an enterprise standard: the book's cover and 目录 (with page numbers when known), then per
standard its own section with its number in the header: a cover (Q/… prefix, number, 代替 line,
name, 发布/实施 dates, issuing body), its 前言 and its text, chapter and clause titles in 黑体,
clause bodies in regular 宋体. Page numbers run on through the book in the footer.

Pure renderer: `standards_book_docx(context, pages=...) -> bytes`. Paragraphs are inserted before
a sentinel paragraph, because python-docx's add_paragraph scans the whole body on every call
(quadratic: tens of thousands of paragraphs would take half a minute). A standard's own cover
lines in its extracted text are replaced by the cover drawn from its edition's data."""

import copy
import re

from docx.blkcntnr import BlockItemContainer
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.parts.hdrftr import HeaderPart

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
from qms.core.documents.gbt11 import NO_DATE, Cover, add_contents, add_cover, replaces_line

TITLE_RE = re.compile(r"^(\d+(\.\d+)*|附录\s*[A-Z])\s+(\S.{0,38})$")
SENTENCE = re.compile(r"[。；;，,：:、]")
TOKENS = {"prefix": "⟦P⟧", "organisation": "⟦O⟧", "number": "⟦N⟧", "title": "⟦T⟧", "published_on": "⟦D1⟧",
          "effective_on": "⟦D2⟧", "replaces": "⟦R⟧"}
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return office_text(text or "")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def is_title(text: str) -> bool:
    """'4 组织与职责', '3.1 标准化专员', '附录 A 表格': a numbered title, not a clause sentence."""
    found = TITLE_RE.match(text)
    return bool(found) and not SENTENCE.search(found.group(3))


def body_lines(paragraphs: list[str]) -> list[str]:
    """The text from its 前言 on (or from 1 范围): the cover lines are drawn from the edition."""
    for index, line in enumerate(paragraphs):
        if _flat(line) == "前言":
            return paragraphs[index:]
    for index, line in enumerate(paragraphs):
        if re.match(r"^1\s*范围$", line):
            return paragraphs[index:]
    return paragraphs


class _Writer:
    """Appends paragraphs before the sentinel, copying prepared paragraph prototypes; closes
    each standard's section with its own header."""

    def __init__(self, document):
        self.document = document
        self.sentinel = document.add_paragraph()._p
        self.section = copy.deepcopy(document.sections[0]._sectPr)
        self.body = self._prototype(size=10.5)
        self.title = self._prototype(size=10.5, bold=False, east_asian=HEADING_FONT)
        self.centred = self._prototype(size=16, bold=False, east_asian=HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.scratch = new_document(footer_page_numbers=False)
        self.cover = self._cover_prototype()
        self.header_template, self.headers = self._header_template(), 0

    def _prototype(self, *, align=None, **font):
        paragraph = self.document.add_paragraph()
        paragraph.alignment = align
        set_run_font(paragraph.add_run("x"), **font)
        element = paragraph._p
        element.getparent().remove(element)
        return element

    def add(self, prototype, text: str, *, page_break: bool = False):
        element = copy.deepcopy(prototype)
        t = element.find(f"{qn('w:r')}/{qn('w:t')}")
        t.text = clean(text)
        t.set(qn("xml:space"), "preserve")
        if page_break:
            element.get_or_add_pPr().append(OxmlElement("w:pageBreakBefore"))
        self.sentinel.addprevious(element)

    def _cover_prototype(self) -> list:
        """A cover drawn once with tokens in place of its values; each standard's is a copy."""
        add_cover(self.scratch, Cover(**TOKENS), title_style="Heading 1")
        body = self.scratch.element.body
        elements = [element for element in body if element.tag != qn("w:sectPr")]
        for element in elements:
            body.remove(element)
        return elements

    def add_cover(self, cover: Cover):
        values = {token: getattr(cover, name) for name, token in TOKENS.items()}
        for prototype in self.cover:
            element = copy.deepcopy(prototype)
            for t in element.iter(qn("w:t")):
                if TOKENS["replaces"] in (t.text or "") and not replaces_line(cover):
                    t.text = ""
                for token, value in values.items():
                    if token in (t.text or ""):
                        t.text = t.text.replace(token, clean(value))
            self.sentinel.addprevious(element)

    def header(self, text: str) -> str:
        """A header part holding `text` (a copy of one prepared header), related to the book."""
        part = self.document.part
        self.headers += 1
        element = copy.deepcopy(self.header_template)
        element.find(f".//{qn('w:t')}").text = clean(text)
        header_part = HeaderPart(PackURI(f"/word/header-std{self.headers}.xml"), CT.WML_HEADER, element,
                                 part.package)
        return part.relate_to(header_part, RT.HEADER)

    def _header_template(self):
        header_part = HeaderPart.new(self.document.part.package)
        paragraph = BlockItemContainer(header_part.element, header_part).paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run_font(paragraph.add_run("x"), size=10.5, east_asian=HEADING_FONT)
        return header_part.element

    def _section_properties(self, header_rid: str | None):
        sect = copy.deepcopy(self.section)
        if header_rid:
            for reference in sect.findall(qn("w:headerReference")):
                sect.remove(reference)
            reference = OxmlElement("w:headerReference")
            reference.set(qn("w:type"), "default")
            reference.set(qn("r:id"), header_rid)
            sect.insert(0, reference)
        return sect

    def end_section(self, header_rid: str | None):
        """Close the section written so far (its header: `header_rid`, or the book's own)."""
        paragraph = OxmlElement("w:p")
        properties = OxmlElement("w:pPr")
        properties.append(self._section_properties(header_rid))
        paragraph.append(properties)
        self.sentinel.addprevious(paragraph)

    def finish(self, header_rid: str | None):
        """The last section (the document's own properties) takes the last standard's header."""
        self.sentinel.getparent().remove(self.sentinel)
        body = self.document.element.body
        body.replace(body.find(qn("w:sectPr")), self._section_properties(header_rid))


def heading_text(standard: dict) -> str:
    return f"{standard['number']}  {standard['name']}".strip()


def _cover(standard: dict, context: dict) -> Cover:
    prefix = standard["number"].split(" ", 1)[0] if " " in standard["number"] else context.get("prefix", "")
    return Cover(prefix=prefix, organisation=context["org"], number=standard["number"], title=standard["name"],
                 replaces=standard.get("replaces", ""), published_on=standard.get("published_on") or NO_DATE,
                 effective_on=standard.get("effective_on") or NO_DATE)


def _write_text(writer: _Writer, standard: dict):
    lines = body_lines(standard["paragraphs"]) or ["（本标准尚未上传正文文本。）"]
    after_foreword = False
    for text in lines:
        flat = _flat(text)
        if flat == "前言":
            writer.add(writer.centred, "前    言")
        elif flat == _flat(standard["name"]) or (not after_foreword and re.match(r"^1\s*范围$", text)):
            if flat != _flat(standard["name"]):
                writer.add(writer.centred, standard["name"], page_break=True)
                writer.add(writer.title, text)
            else:
                writer.add(writer.centred, text, page_break=True)
            after_foreword = True
        else:
            writer.add(writer.title if is_title(text) else writer.body, text)


def standards_book_docx(context: dict, progress=None, pages: list | None = None, front_only: bool = False) -> bytes:
    """`context`: org, date, as_of, prefix, standards [{code, number, name, node, published_on,
    effective_on, replaces, paragraphs}] in table order. `pages`: each standard's first page in
    the book, when known (the 目录 then shows them); `front_only`: the cover and 目录 alone.
    `progress(done, total)` is called as standards are written."""
    document = new_document(header_text=f"{context['org']}  标准汇编")
    _book_cover(document, context)
    standards = context["standards"]
    add_contents(document, [(heading_text(s), pages[i] if pages else None) for i, s in enumerate(standards)],
                 title="目    录", page_break=False)
    writer = _Writer(document)
    header, total = None, len(standards)
    for index, standard in enumerate([] if front_only else standards, start=1):
        writer.end_section(header)
        writer.add_cover(_cover(standard, context))
        _write_text(writer, standard)
        header = writer.header(standard["number"])
        if progress and (index % 20 == 0 or index == total):
            progress(index, total)
    writer.finish(header)
    stamp_properties(document.core_properties, as_of=context.get("as_of"), title="标准汇编")
    return stable_zip(document_bytes(document), as_of=context.get("as_of"))


def _book_cover(document, context):
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
