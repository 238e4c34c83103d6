"""The demo's in-house standard documents: a pure renderer from a plain context to .docx bytes.

The layout follows GB/T 1.1-2020 in miniature: a cover block, a foreword, then 1 范围,
2 规范性引用文件, 3 术语和定义 and the technical chapters numbered from 4."""

from dataclasses import dataclass, field

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
    _cover(document, text)
    add_page_break(document)
    add_paragraph(document, "前言", size=16, bold=True, align="center", east_asian="黑体")
    for line in text.foreword:
        add_paragraph(document, line)
    add_page_break(document)
    add_paragraph(document, text.name, size=16, bold=True, align="center", east_asian="黑体")
    add_heading(document, "1 范围", level=1)
    add_paragraph(document, f"本文件规定了{text.scope}。")
    add_paragraph(document, f"本文件适用于{text.applies}。")
    add_heading(document, "2 规范性引用文件", level=1)
    add_paragraph(document, REFERENCES_LEAD if text.references else NO_REFERENCES)
    for reference in text.references:
        add_paragraph(document, reference)
    add_heading(document, "3 术语和定义", level=1)
    add_paragraph(document, "下列术语和定义适用于本文件。" if text.terms else NO_TERMS)
    for index, (term, definition) in enumerate(text.terms, start=1):
        add_paragraph(document, f"3.{index} {term}", bold=True, east_asian="黑体")
        add_paragraph(document, definition)
    for number, (title, clauses) in enumerate(text.chapters, start=4):
        add_heading(document, f"{number} {title}", level=1)
        for clause_no, clause in clauses:
            lines = clause.split("\n")
            add_paragraph(document, f"{clause_no} {lines[0]}")
            for line in lines[1:]:
                add_paragraph(document, line)
    return document_bytes(document)


def _cover(document, text: StandardText):
    add_paragraph(document, text.prefix, size=26, bold=True, align="right", east_asian="黑体")
    add_paragraph(document, f"{text.org_name}企业标准", size=22, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, text.number, size=14, align="right")
    add_paragraph(document, "")
    add_paragraph(document, text.name, size=22, bold=True, align="center", east_asian="黑体")
    add_paragraph(document, "")
    add_paragraph(document, f"{text.published_on} 发布        {text.effective_on} 实施", size=14, align="center")
    add_paragraph(document, f"{text.org_name}  发布", size=16, bold=True, align="center", east_asian="黑体")
