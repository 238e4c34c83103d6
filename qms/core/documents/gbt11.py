"""The layout of an enterprise standard after GB/T 1.1-2020, shared by every standard the system
renders (the 项目办理规程, the 标准汇编): the cover (Q/… prefix, number, 代替 line, name,
发布/实施 dates, issuing body), the 目次 (a TOC field whose current result lists the entries,
with page numbers when known), the 前言 sentences, and the standard texts of chapters 2 and 3.
Chapter and clause titles are set in 黑体 at body size, clause bodies in regular 宋体.

Pure helpers on a python-docx Document; no ORM."""

import copy
from dataclasses import dataclass
from functools import lru_cache

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from .docx import (
    HEADING_FONT,
    add_page_break,
    add_paragraph,
    add_styled_paragraph,
    append_run,
    paragraph_like,
    styled_paragraph_properties,
)

DRAFTING_RULES = "本文件按照 GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。"
REFERENCES_LEAD = ("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。其中，注日期的引用文件，"
                   "仅该日期对应的版本适用于本文件；不注日期的引用文件，其最新版本（包括所有的修改单）适用于本文件。")
NO_REFERENCES = "本文件没有规范性引用文件。"
NO_TERMS = "本文件没有需要界定的术语和定义。"
NO_DATE = "××××-××-××"
TEXT_WIDTH_CM = 16.6  # A4 less 2.2 cm margins


@dataclass(frozen=True)
class Cover:
    prefix: str  # e.g. "Q/XZFW"
    organisation: str
    number: str
    title: str
    published_on: str = NO_DATE
    effective_on: str = NO_DATE
    replaces: str = ""
    subtitle: str = ""


def replaces_line(cover: Cover) -> str:
    return f"代替 {cover.replaces}" if cover.replaces and cover.replaces != cover.number else ""


def add_cover(document, cover: Cover, *, title_style: str | None = None) -> None:
    """The cover page, ended by a page break. `title_style` (e.g. "Heading 1") puts the name in
    that style, so a compilation's contents and PDF bookmarks find each standard."""
    add_paragraph(document, cover.prefix, size=26, bold=True, align="right", east_asian=HEADING_FONT)
    add_paragraph(document, f"{cover.organisation}企业标准", size=22, bold=True, align="center",
                  east_asian=HEADING_FONT)
    add_paragraph(document, cover.number, size=12, align="right")
    add_paragraph(document, replaces_line(cover), size=10.5, align="right")
    for _ in range(6):
        add_paragraph(document)
    title = add_styled_paragraph(document, title_style)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    append_run(title, cover.title, size=24, bold=False, east_asian=HEADING_FONT)
    if cover.subtitle:
        add_paragraph(document, cover.subtitle, size=12, align="center")
    for _ in range(10):
        add_paragraph(document)
    add_paragraph(document, f"{cover.published_on} 发布        {cover.effective_on} 实施", size=12, align="center")
    add_paragraph(document, f"{cover.organisation}  发布", size=14, bold=True, align="center",
                  east_asian=HEADING_FONT)
    add_page_break(document)


def _fld(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._element.append(char)


def contents_entry(document, text: str, page: str | int | None):
    """One line of a contents list: the text, a dotted leader and the page number at the margin."""
    paragraph = paragraph_like(document, _contents_entry_properties())
    append_run(paragraph, text, size=10.5)
    if page not in (None, ""):
        append_run(paragraph, f"\t{page}", size=10.5)
    return paragraph


def add_contents(document, entries: list[tuple[str, str | int | None]], *, title: str = "目    次",
                 levels: str = "1-1", page_break: bool = True) -> None:
    """A TOC field whose current result is `entries` (text, page), so the list reads correctly
    where no office suite refreshes fields (LibreOffice's PDF export); Word refreshes it."""
    add_paragraph(document, title, size=16, align="center", east_asian=HEADING_FONT)
    entries = entries or [("（无）", None)]
    for index, (text, page) in enumerate(entries):
        paragraph = contents_entry(document, text, page)
        if index == 0:
            run = paragraph.runs[0]._element
            begin = OxmlElement("w:r")
            for kind, instruction in (("begin", None), (None, f' TOC \\o "{levels}" \\h \\z \\u '), ("separate", None)):
                if kind:
                    char = OxmlElement("w:fldChar")
                    char.set(qn("w:fldCharType"), kind)
                    begin.append(char)
                else:
                    instr = OxmlElement("w:instrText")
                    instr.set(qn("xml:space"), "preserve")
                    instr.text = instruction
                    begin.append(instr)
            run.addprevious(begin)
        if index == len(entries) - 1:
            _fld(paragraph.add_run(), "end")
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        settings.append(update)
    if page_break:
        add_page_break(document)


def foreword_lines(*, organisation: str, replaces: str = "", changes: list[str] | None = None,
                   basis: str = "", drafting_unit: str = "", drafters: str = "") -> list[str]:
    """The sentences of a 前言, in the order GB/T 1.1-2020 gives them."""
    lines = [DRAFTING_RULES]
    if replaces:
        lines.append(f"本文件代替 {replaces}，与 {replaces} 相比，除结构调整和编辑性改动外，主要技术变化如下：")
        lines += [f"——{change}" for change in (changes or ["依据最新登记数据更新了相关内容。"])]
    if basis:
        lines.append(basis)
    lines.append(f"本文件由{organisation}标准化办公室提出并归口。")
    lines.append(f"本文件起草单位：{drafting_unit or organisation}。")
    if drafters:
        lines.append(f"本文件主要起草人：{drafters}。")
    return lines


def add_foreword(document, lines: list[str]) -> None:
    add_paragraph(document, "前    言", size=16, align="center", east_asian=HEADING_FONT)
    for text in lines:
        paragraph = add_paragraph(document, text)
        paragraph.paragraph_format.first_line_indent = Cm(0.74)
    add_page_break(document)


def add_clause_title(document, text: str, *, style: str | None = "Heading 1") -> None:
    """A chapter or clause title in 黑体 at body size (a Heading style, so it enters the 目次)."""
    paragraph = paragraph_like(document, _clause_title_properties(styled_paragraph_properties(document, style)))
    append_run(paragraph, text, size=10.5, bold=False, east_asian=HEADING_FONT)


@lru_cache(maxsize=1)
def _contents_entry_properties():
    """An empty contents line: the tab stop at the margin with its dotted leader (written once, then copied)."""
    paragraph = Paragraph(OxmlElement("w:p"), None)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), alignment=2, leader=WD_TAB_LEADER.DOTS)
    return paragraph._p


@lru_cache(maxsize=16)
def _clause_title_properties(styled):
    """An empty clause title: the styled paragraph (one template per style) spaced 0.2 cm above
    and below (written once, then copied)."""
    paragraph = Paragraph(copy.deepcopy(styled), None)
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Cm(0.2)
    return paragraph._p


def add_references_and_terms(document, *, references: list[str], terms: list[tuple[str, str]]) -> None:
    add_clause_title(document, "2  规范性引用文件")
    add_paragraph(document, REFERENCES_LEAD if references else NO_REFERENCES)
    for reference in references:
        add_paragraph(document, reference)
    add_clause_title(document, "3  术语和定义")
    add_paragraph(document, "下列术语和定义适用于本文件。" if terms else NO_TERMS)
    for index, (term, definition) in enumerate(terms, start=1):
        add_clause_title(document, f"3.{index}  {term}", style=None)
        add_paragraph(document, definition)
