"""The demo's in-house standard documents: a pure renderer from a plain context to .docx bytes.

The layout follows GB/T 1.1-2020 in miniature: a cover block, a foreword, then 1 范围,
2 规范性引用文件, 3 术语和定义 and the technical chapters numbered from 4."""

import copy
from dataclasses import dataclass, field

from docx.oxml.ns import qn

from qms.core.documents.clean import office_text
from qms.core.documents.docx import add_heading, add_page_break, add_paragraph, document_bytes, new_document

NO_REFERENCES = "本文件没有规范性引用文件。"
NO_TERMS = "本文件没有需要界定的术语和定义。"
REFERENCES_LEAD = (
    "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，"
    "仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。"
)


@dataclass
class StandardText:
    """Everything printed in one in-house standard. `chapters` are (title, [(clause no., text)]),
    numbered from 4; a clause text may hold several paragraphs separated by newlines."""

    org_name: str
    prefix: str
    number: str
    name: str
    published_on: str
    effective_on: str
    scope: str
    applies: str
    references: list[str] = field(default_factory=list)
    terms: list[tuple[str, str]] = field(default_factory=list)
    chapters: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    foreword: list[str] = field(default_factory=list)


def render_standard_docx(text: StandardText) -> bytes:
    document = new_document(header_text=text.number)
    write = _Writer(document)
    _cover(write, text)
    add_page_break(document)
    write.paragraph("前言", size=16, bold=True, align="center", east_asian="黑体")
    for line in text.foreword:
        write.paragraph(line)
    add_page_break(document)
    write.paragraph(text.name, size=16, bold=True, align="center", east_asian="黑体")
    write.heading("1 范围")
    write.paragraph(f"本文件规定了{text.scope}。")
    write.paragraph(f"本文件适用于{text.applies}。")
    write.heading("2 规范性引用文件")
    write.paragraph(REFERENCES_LEAD if text.references else NO_REFERENCES)
    for reference in text.references:
        write.paragraph(reference)
    write.heading("3 术语和定义")
    write.paragraph("下列术语和定义适用于本文件。" if text.terms else NO_TERMS)
    for index, (term, definition) in enumerate(text.terms, start=1):
        write.paragraph(f"3.{index} {term}", bold=True, east_asian="黑体")
        write.paragraph(definition)
    for number, (title, clauses) in enumerate(text.chapters, start=4):
        write.heading(f"{number} {title}")
        for clause_no, clause in clauses:
            lines = clause.split("\n")
            write.paragraph(f"{clause_no} {lines[0]}")
            for line in lines[1:]:
                write.paragraph(line)
    return document_bytes(document)


_LOOKS: dict = {}  # look -> the first paragraph of that look the helpers made, as it was made


class _Writer:
    """`add_paragraph` and `add_heading` of one document, the same XML for a fraction of the
    time: the first paragraph of each look is made by the helpers, every further one (in this
    document or the next: all are made from one base) is a copy of it with its text put in.
    Text python-docx would not write as one plain `w:t` (empty, with tabs or line breaks, or
    with spaces at either end) goes through the helpers too."""

    def __init__(self, document):
        self.document = document
        self.body = document.element.body
        self.looks = _LOOKS

    def paragraph(self, text: str = "", **look):
        self._write(("p", *sorted(look.items())), text, lambda: add_paragraph(self.document, text, **look))

    def heading(self, text: str, level: int = 1):
        self._write(("h", level), text, lambda: add_heading(self.document, text, level=level))

    def _write(self, look, text: str, make):
        cleaned = office_text(text)
        plain = bool(cleaned) and cleaned == cleaned.strip() and not any(c in cleaned for c in "\t\n\r")
        if not plain:
            make()
            return
        first = self.looks.get(look)
        if first is None:
            self.looks[look] = copy.deepcopy(make()._p)
            return
        p = copy.deepcopy(first)
        p.find(qn("w:r")).find(qn("w:t")).text = cleaned
        self.body._insert_p(p)


def _cover(write: _Writer, text: StandardText):
    write.paragraph(text.prefix, size=26, bold=True, align="right", east_asian="黑体")
    write.paragraph(f"{text.org_name}企业标准", size=22, bold=True, align="center", east_asian="黑体")
    write.paragraph(text.number, size=14, align="right")
    write.paragraph("")
    write.paragraph(text.name, size=22, bold=True, align="center", east_asian="黑体")
    write.paragraph("")
    write.paragraph(f"{text.published_on} 发布        {text.effective_on} 实施", size=14, align="center")
    write.paragraph(f"{text.org_name}  发布", size=16, bold=True, align="center", east_asian="黑体")
