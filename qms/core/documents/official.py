"""Notices in official-document form (GB/T 9704-2012, as far as a generated file can): 版头 with
the 发文机关标志 in red and the 发文字号 above a red rule; 标题; 主送机关; 正文 in 仿宋 三号 with
28 pt lines; 附件说明; 发文机关署名 and 成文日期 (2026年12月1日); page numbers "— 1 —".
Attachments (tables) follow on their own pages. Pure: an `OfficialNotice` in, a document out."""

import datetime as dt
from dataclasses import dataclass, field

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .dates import cn_date
from .docx import HEADING_FONT, OFFICIAL_FONT, _field, add_page_break, new_document, set_run_font

RED = RGBColor(0xC0, 0x00, 0x00)
TITLE_FONT = "宋体"  # 小标宋 where installed; 宋体 names the family every office has
BODY_SIZE = 16  # 三号
TITLE_SIZE = 22  # 二号
LINE = Pt(28)


@dataclass
class OfficialNotice:
    issuer: str  # 发文机关 (its name is the 发文机关标志 and the 署名)
    number: str  # 发文字号, e.g. 青政服〔2026〕3号
    title: str
    recipients: str  # 主送机关, without the colon
    paragraphs: list[str]  # 正文; a paragraph starting with "一、" is a first-level heading
    date: dt.date | None
    attachments: list[str] = field(default_factory=list)


def official_notice(notice: OfficialNotice):
    """The document with 版头, 主体 and 版记-free ending; callers add attachment pages."""
    document = new_document(footer_page_numbers=False)
    _page(document.sections[0])
    _letterhead(document, notice)
    _paragraph(document, notice.title, font=TITLE_FONT, size=TITLE_SIZE, align="center", bold=True)
    _paragraph(document, "")
    _paragraph(document, f"{notice.recipients}：", indent=False)
    for text in notice.paragraphs:
        heading = text[:2] in {f"{n}、" for n in "一二三四五六七八九十"}
        _paragraph(document, text, font=HEADING_FONT if heading else OFFICIAL_FONT)
    if notice.attachments:
        _paragraph(document, "")
        for index, name in enumerate(notice.attachments, start=1):
            label = f"附件：{index}. " if index == 1 else f"　　　{index}. "
            _paragraph(document, (label if len(notice.attachments) > 1 else "附件：") + name)
    _signature(document, notice)
    return document


def add_attachment(document, index: int, title: str, *, new_page: bool = True) -> None:
    """A new page (unless a new section just began one) headed 附件N and the attachment's title."""
    if new_page:
        add_page_break(document)
    _paragraph(document, f"附件{index}", font=HEADING_FONT, indent=False)
    _paragraph(document, title, font=TITLE_FONT, size=18, align="center", bold=True)


def _page(section) -> None:
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(paragraph.add_run("— "), size=14)
    _field(paragraph, "PAGE")
    set_run_font(paragraph.add_run(" —"), size=14)


def _letterhead(document, notice: OfficialNotice) -> None:
    mark = _paragraph(document, notice.issuer, font=TITLE_FONT, size=_mark_size(notice.issuer), align="center",
                      bold=True, indent=False)
    mark.runs[0].font.color.rgb = RED
    _paragraph(document, "")
    number = _paragraph(document, notice.number, align="center", indent=False)
    _red_rule(number)
    _paragraph(document, "")


def _mark_size(issuer: str) -> float:
    """The mark fills at most one line of the 15.6 cm type area."""
    return max(min(36.0, 420 / max(len(issuer), 1)), 20.0)


def _red_rule(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", "C00000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _signature(document, notice: OfficialNotice) -> None:
    _paragraph(document, "")
    _paragraph(document, notice.issuer, align="right", indent=False, right_chars=4)
    _paragraph(document, cn_date(notice.date), align="right", indent=False, right_chars=4)


def _paragraph(document, text: str, *, font: str = OFFICIAL_FONT, size: float = BODY_SIZE, align: str = "",
               bold: bool = False, indent: bool = True, right_chars: int = 0):
    paragraph = document.add_paragraph()
    if text:
        set_run_font(paragraph.add_run(text), east_asian=font, size=size, bold=bold)
    form = paragraph.paragraph_format
    form.line_spacing_rule, form.line_spacing = WD_LINE_SPACING.EXACTLY, max(LINE, Pt(size * 1.3))
    form.space_before = form.space_after = Pt(0)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        form.right_indent = Pt(BODY_SIZE * right_chars)
    elif indent:
        form.first_line_indent = Pt(BODY_SIZE * 2)
    return paragraph
